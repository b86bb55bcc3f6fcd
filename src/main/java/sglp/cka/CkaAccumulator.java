package sglp.cka;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Streams the activations of L layers, batch by batch, into their CKA matrix.
 *
 * <p>For each calibration batch, add the activation of every layer once, in any order. Each activation becomes
 * its n x n Gram matrix at once (computed by the engine for an {@link NDArray}) and is not kept; the Gram is
 * centred and held, in float64, until the batch is complete. Then the L x L HSIC terms of the batch are added to
 * running sums and its Grams are dropped, so memory stays O(L n<sup>2</sup>) whatever the feature counts and the
 * number of batches. {@link #result()} divides at the end: CKA(i, j) = sum<sub>b</sub> HSIC<sub>b</sub>(i, j) /
 * sqrt(sum<sub>b</sub> HSIC<sub>b</sub>(i, i) sum<sub>b</sub> HSIC<sub>b</sub>(j, j)) (minibatch CKA, Nguyen et
 * al. 2021). Not thread-safe.
 *
 * <pre>{@code
 * CkaAccumulator cka = CkaAccumulator.builder(names).optEstimator(Estimator.DEBIASED).build();
 * for (NDList batch : activations) {
 *     for (int layer = 0; layer < names.size(); layer++) {
 *         cka.add(layer, batch.get(layer));
 *     }
 * }
 * SimilarityMatrix s = cka.result();
 * }</pre>
 */
public final class CkaAccumulator {

    private final List<String> names;
    private final Estimator estimator;
    private final Kernel kernel;
    private final double rbfSigma;
    private final double[][] centredGrams;
    private int batchSamples;
    private int layersInBatch;
    private final double[][] hsicSums;
    private int batches;
    private int samples;

    private CkaAccumulator(Builder builder) {
        this.names = builder.names;
        this.estimator = builder.estimator;
        this.kernel = builder.kernel;
        this.rbfSigma = builder.rbfSigma;
        this.centredGrams = new double[names.size()][];
        this.hsicSums = new double[names.size()][names.size()];
    }

    /**
     * Starts a builder.
     *
     * @param layerNames the names of the L layers, in forward order; layer i of {@link #add} is the i-th name
     * @return a builder with the biased estimator, the linear kernel and RBF sigma 1
     */
    public static Builder builder(List<String> layerNames) {
        return new Builder(layerNames);
    }

    /**
     * Adds the activation of one layer for the current batch, computing its Gram matrix on the array's engine in
     * float64. The array is neither kept nor closed.
     *
     * @param layer the layer index, 0 to L-1
     * @param activation the layer's output, samples on the first axis, any rank (the other axes are flattened)
     * @throws IllegalArgumentException if the index is out of range, the batch is too small or its sample count
     *     differs from the layers already added to this batch, or the activation holds NaN or infinite values
     * @throws IllegalStateException if this layer was already added to the current batch
     */
    public void add(int layer, NDArray activation) {
        Shape shape = activation.getShape();
        if (shape.dimension() == 0 || shape.size() == 0) {
            throw new IllegalArgumentException("the activation of layer " + describe(layer)
                    + " must have samples on its first axis and at least one feature, found shape " + shape);
        }
        int n = (int) shape.get(0);
        checkSlot(layer, n);
        double[] gram;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = activation.reshape(n, -1).toType(DataType.FLOAT64, false);
            NDArray centred = x.sub(x.mean(new int[] {0}, true));
            gram = centred.matMul(centred.transpose()).toDoubleArray();
        }
        for (double v : gram) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the activation of layer '" + names.get(layer) + "' in batch "
                        + (batches + 1) + " holds NaN or infinite values, expected finite values");
            }
        }
        store(layer, n, gram);
    }

    /**
     * Adds the activation of one layer for the current batch, as a Java matrix.
     *
     * @param layer the layer index, 0 to L-1
     * @param x the layer's output, n samples x p features
     * @throws IllegalArgumentException if the index is out of range, {@code x} is empty, ragged or not finite, the
     *     batch is too small or its sample count differs from the layers already added to this batch
     * @throws IllegalStateException if this layer was already added to the current batch
     */
    public void add(int layer, double[][] x) {
        checkSlot(layer, x.length);
        store(layer, x.length, Grams.linear(x, "the activation of layer '" + names.get(layer) + "'"));
    }

    /**
     * The CKA matrix of all complete batches so far. Accumulation may go on afterwards.
     *
     * @return the L x L similarity matrix
     * @throws IllegalStateException if a batch is incomplete, no batch was added, or a layer's representation is
     *     the same for every sample (its CKA is undefined)
     */
    public SimilarityMatrix result() {
        if (layersInBatch > 0) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (centredGrams[i] == null) {
                    missing.add("'" + names.get(i) + "'");
                }
            }
            throw new IllegalStateException("batch " + (batches + 1) + " is incomplete: expected all "
                    + names.size() + " layers, found " + layersInBatch + " (missing " + String.join(", ", missing)
                    + ")");
        }
        if (batches == 0) {
            throw new IllegalStateException("expected at least one complete batch, found none");
        }
        return new SimilarityMatrix(names, Grams.cka(hsicSums, names), estimator, kernel, samples);
    }

    private void checkSlot(int layer, int n) {
        if (layer < 0 || layer >= names.size()) {
            throw new IllegalArgumentException("layer index must be between 0 and " + (names.size() - 1)
                    + ", found " + layer);
        }
        if (centredGrams[layer] != null) {
            throw new IllegalStateException("layer '" + names.get(layer) + "' was already added to batch "
                    + (batches + 1) + "; expected each layer once per batch");
        }
        if (n < estimator.minSamples()) {
            throw new IllegalArgumentException("the " + estimator.label() + " estimator needs at least "
                    + estimator.minSamples() + " samples per batch, found " + n + " for layer '"
                    + names.get(layer) + "'");
        }
        if (layersInBatch > 0 && n != batchSamples) {
            throw new IllegalArgumentException("layer '" + names.get(layer) + "' has " + n + " samples in batch "
                    + (batches + 1) + ", expected " + batchSamples + " like the layers already added to it");
        }
    }

    private void store(int layer, int n, double[] linearGram) {
        double[] gram;
        try {
            gram = kernel.fromLinear(linearGram, n, rbfSigma);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer '" + names.get(layer) + "': " + e.getMessage(), e);
        }
        centredGrams[layer] = estimator.centre(gram, n);
        batchSamples = n;
        layersInBatch++;
        if (layersInBatch == names.size()) {
            double[][] hsic = Grams.hsic(Arrays.asList(centredGrams), estimator.scale(n));
            for (int i = 0; i < hsic.length; i++) {
                for (int j = 0; j < hsic.length; j++) {
                    hsicSums[i][j] += hsic[i][j];
                }
            }
            Arrays.fill(centredGrams, null);
            layersInBatch = 0;
            batches++;
            samples += n;
        }
    }

    private String describe(int layer) {
        return layer >= 0 && layer < names.size() ? "'" + names.get(layer) + "'" : String.valueOf(layer);
    }

    /** Settings of a {@link CkaAccumulator}. */
    public static final class Builder {

        private final List<String> names;
        private Estimator estimator = Estimator.BIASED;
        private Kernel kernel = Kernel.LINEAR;
        private double rbfSigma = 1.0;

        private Builder(List<String> layerNames) {
            if (layerNames.isEmpty()) {
                throw new IllegalArgumentException("expected at least one layer name, found none");
            }
            if (new HashSet<>(layerNames).size() != layerNames.size()) {
                throw new IllegalArgumentException("expected distinct layer names, found duplicates in " + layerNames);
            }
            this.names = List.copyOf(layerNames);
        }

        /**
         * @param estimator the HSIC estimator (default {@link Estimator#BIASED})
         * @return this builder
         */
        public Builder optEstimator(Estimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * @param kernel the kernel (default {@link Kernel#LINEAR})
         * @return this builder
         */
        public Builder optKernel(Kernel kernel) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        /**
         * @param sigma the RBF bandwidth factor: bandwidth = sigma x median distance between samples (default 1)
         * @return this builder
         */
        public Builder optRbfSigma(double sigma) {
            Kernel.checkSigma(sigma);
            this.rbfSigma = sigma;
            return this;
        }

        /** @return a new, empty accumulator */
        public CkaAccumulator build() {
            return new CkaAccumulator(this);
        }
    }
}
