package sglp.cka;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
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
 * <p>For each calibration batch, add the activation of every layer once, in any order. The accumulator keeps, in
 * engine memory and until the batch is complete, the cheaper of two forms of each layer (METHOD.md section 1), with
 * X<sub>c</sub> the activation with centred columns (n samples x p features):
 * <ul>
 *   <li>the <b>Gram form</b>, its centred n x n Gram matrix K<sub>c</sub> = X<sub>c</sub>X<sub>c</sub><sup>T</sup>
 *       in float64, when n &le; p (always for the debiased estimator and the RBF kernel);</li>
 *   <li>the <b>feature form</b>, X<sub>c</sub> itself (float32 for float32 activations), when p &lt; n with the linear
 *       kernel and the biased estimator: memory n p instead of n<sup>2</sup>, so that thousands of tokens of a
 *       transformer's hidden states stay bounded by the states themselves.</li>
 * </ul>
 * When the batch is complete, every HSIC numerator &lt;K<sub>c,i</sub>, K<sub>c,j</sub>&gt;<sub>F</sub> of the batch
 * is computed from whichever forms the two layers have: between two Grams, one product of their stacked rows; between
 * two feature forms, ||X<sub>c,i</sub><sup>T</sup> X<sub>c,j</sub>||<sub>F</sub><sup>2</sup>; between a Gram and a
 * feature form, tr(X<sub>c,j</sub><sup>T</sup> K<sub>c,i</sub> X<sub>c,j</sub>). These are the same number
 * (exactly, not as an approximation: &lt;XX<sup>T</sup>, YY<sup>T</sup>&gt; = ||X<sup>T</sup>Y||<sup>2</sup>), so the
 * form changes the cost, never the estimator: the biased HSIC of each batch is that number / (n-1)<sup>2</sup>. The
 * terms are added to running sums and the batch's arrays are released, so memory is O(L n min(n, p)) whatever the
 * number of batches. {@link #result()} divides at the end: CKA(i, j) = sum<sub>b</sub> HSIC<sub>b</sub>(i, j) /
 * sqrt(sum<sub>b</sub> HSIC<sub>b</sub>(i, i) sum<sub>b</sub> HSIC<sub>b</sub>(j, j)) (minibatch CKA, Nguyen et
 * al. 2021).
 *
 * <p>Grams and cross-covariances of engine arrays come from float32 matrix products accumulated in float64 over
 * blocks ({@link GramKernel}, which states the error bound); float64 activations, the RBF kernel (whose distances
 * K<sub>ii</sub> + K<sub>jj</sub> - 2K<sub>ij</sub> cancel) and Java arrays use float64 products, and the debiased
 * estimator's U-centring runs in float64. The cost of one batch: n<sup>2</sup> p per Gram-form layer, n p<sub>i</sub>
 * p<sub>j</sub> per pair of feature-form layers, n<sup>2</sup> p<sub>j</sub> per mixed pair, L<sup>2</sup>
 * n<sup>2</sup> for the pairs of Grams. Not thread-safe.
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
 *
 * <p>A batch's arrays live in an engine manager of the accumulator from its first layer to its last; {@link #close()}
 * releases those of a batch left incomplete (after an error, say). Closing is not needed when every batch completes.
 */
public final class CkaAccumulator implements AutoCloseable {

    /** How each layer of a batch is held: the cheaper form, or always one of them (for tests). */
    enum Form {
        /** The Gram form when n &le; p or the estimator or kernel needs it, else the feature form. */
        AUTO,
        /** Always the Gram form. */
        GRAM,
        /** The feature form where the estimator and kernel allow it (linear, biased), whatever n and p. */
        FEATURES
    }

    private final List<String> names;
    private final Estimator estimator;
    private final CkaKernel kernel;
    private final double rbfSigma;
    private final Form form;
    private final int block;
    private final boolean overwrite;
    /** Per layer of the current batch: its centred features when it is held in the feature form, else null. */
    private final NDArray[] features;
    /** Per layer: whether it was added to the current batch (in either form). */
    private final boolean[] added;
    /** Owns what the current batch holds; null between batches. */
    private NDManager batch;
    /** L rows of n * n: the Gram-form layers' centred Grams of the current batch (rows of other layers are 0). */
    private NDArray grams;
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
        this.form = builder.form;
        this.block = builder.block;
        this.overwrite = builder.overwrite;
        this.features = new NDArray[names.size()];
        this.added = new boolean[names.size()];
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
     * Adds the activation of one layer for the current batch: centres its columns and keeps its Gram or its centred
     * features (see the class comment) on the array's engine. The array is neither kept nor closed, and left as it
     * was unless the builder allows overwriting it ({@link Builder#optOverwriteActivations}).
     *
     * @param layer the layer index, 0 to L-1
     * @param activation the layer's output, samples on the first axis, any rank (the other axes are flattened), any
     *     numeric type (float64 is multiplied in float64, every other type in float32)
     * @throws IllegalArgumentException if the index is out of range, the batch is too small or its sample count
     *     differs from the layers already added to this batch, or the activation holds NaN or infinite values (or
     *     values whose float32 products overflow, beyond about 1e18)
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
        long p = shape.size() / n;
        boolean asFeatures = holdsFeatures(n, p);
        NDArray kept;
        double total;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = activation.reshape(n, p);
            // an activation held in the feature form is kept, so only the Gram form may centre one in place
            NDArray centred = GramKernel.centred(kernel == CkaKernel.RBF ? x.toType(DataType.FLOAT64, false) : x,
                    overwrite && !asFeatures);
            kept = asFeatures ? centred : GramKernel.gram(centred, block);
            // a NaN or infinity anywhere in X reaches every entry of its column's centred values, so the sum of the
            // features, or of the Gram's diagonal (K_ii = |x_i|^2, and |K_ij| <= sqrt(K_ii K_jj)), shows it
            total = (asFeatures ? kept : kept.diagonal()).sum().toType(DataType.FLOAT64, false).getDouble();
            NDScope.unregister(kept);
        }
        if (!Double.isFinite(total)) {
            kept.close();
            throw new IllegalArgumentException("the activation of layer '" + names.get(layer) + "' in batch "
                    + (batches + 1) + " holds NaN or infinite values, expected finite values");
        }
        if (asFeatures) {
            kept.attach(batch(kept.getDevice()));
            features[layer] = kept;
        } else {
            try (NDArray gram = kept) {
                if (kernel == CkaKernel.LINEAR && estimator == Estimator.BIASED) {
                    holdGram(layer, n, gram);
                } else {
                    holdGram(layer, n, gram.toDoubleArray());
                }
            }
        }
        added(layer, n);
    }

    /**
     * Adds the activation of one layer for the current batch, as a Java matrix; its Gram is computed in float64 in
     * Java and held in the Gram form.
     *
     * @param layer the layer index, 0 to L-1
     * @param x the layer's output, n samples x p features
     * @throws IllegalArgumentException if the index is out of range, {@code x} is empty, ragged or not finite, the
     *     batch is too small or its sample count differs from the layers already added to this batch
     * @throws IllegalStateException if this layer was already added to the current batch
     */
    public void add(int layer, double[][] x) {
        checkSlot(layer, x.length);
        holdGram(layer, x.length, Grams.linear(x, "the activation of layer '" + names.get(layer) + "'"));
        added(layer, x.length);
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
                if (!added[i]) {
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

    /**
     * Releases the engine memory of an incomplete batch and forgets that batch; the complete batches stay, and
     * accumulation may go on with a new batch.
     */
    @Override
    public void close() {
        if (batch != null) {
            batch.close();
        }
        batch = null;
        grams = null;
        Arrays.fill(features, null);
        Arrays.fill(added, false);
        layersInBatch = 0;
    }

    /** The bytes of engine memory that the current batch holds (its Grams and feature forms), for tests. */
    long heldBytes() {
        long bytes = grams == null ? 0 : grams.size() * grams.getDataType().getNumOfBytes();
        for (NDArray f : features) {
            bytes += f == null ? 0 : f.size() * f.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    private boolean holdsFeatures(int n, long p) {
        boolean allowed = kernel == CkaKernel.LINEAR && estimator == Estimator.BIASED;
        return allowed && (form == Form.FEATURES || form == Form.AUTO && p < n);
    }

    private void checkSlot(int layer, int n) {
        if (layer < 0 || layer >= names.size()) {
            throw new IllegalArgumentException("layer index must be between 0 and " + (names.size() - 1)
                    + ", found " + layer);
        }
        if (added[layer]) {
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

    /** Applies the kernel and the estimator's centring to a linear Gram in Java, then holds it. */
    private void holdGram(int layer, int n, double[] linearGram) {
        double[] gram;
        try {
            gram = kernel.fromLinear(linearGram, n, rbfSigma);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer '" + names.get(layer) + "': " + e.getMessage(), e);
        }
        NDManager owner = batch(null);
        try (NDArray centred = owner.create(estimator.centre(gram, n))) {
            holdGram(layer, n, centred);
        }
    }

    /** Copies a centred Gram (n x n or n * n, float64) into its row of the batch's Grams. */
    private void holdGram(int layer, int n, NDArray centred) {
        NDManager owner = batch(centred.getDevice());
        if (grams == null) {
            grams = owner.zeros(new Shape(names.size(), (long) n * n), DataType.FLOAT64);
        }
        try (NDArray row = centred.reshape((long) n * n).toDevice(owner.getDevice(), false)) {
            grams.set(new NDIndex("{}", layer), row);
        }
    }

    private NDManager batch(ai.djl.Device device) {
        if (batch == null) {
            batch = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
        }
        return batch;
    }

    private void added(int layer, int n) {
        added[layer] = true;
        batchSamples = n;
        layersInBatch++;
        if (layersInBatch == names.size()) {
            double[][] inner = batchInnerProducts(n);
            double scale = estimator.scale(n);
            for (int i = 0; i < inner.length; i++) {
                for (int j = 0; j < inner.length; j++) {
                    hsicSums[i][j] += scale * inner[i][j];
                }
            }
            batches++;
            samples += n;
            close();
        }
    }

    /** Every &lt;K_i, K_j&gt; of the complete batch, from the forms the layers are held in. */
    private double[][] batchInnerProducts(int n) {
        int layers = names.size();
        double[][] inner = new double[layers][layers];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (grams != null) {
                double[] all = grams.matMul(grams.transpose()).toDoubleArray();
                for (int i = 0; i < layers; i++) {
                    System.arraycopy(all, i * layers, inner[i], 0, layers);
                }
            }
            for (int i = 0; i < layers; i++) {
                if (features[i] == null) {
                    continue;
                }
                for (int j = 0; j < layers; j++) {
                    double v;
                    if (features[j] != null) {
                        if (j < i) {
                            continue;
                        }
                        NDArray x = features[i];
                        NDArray y = features[j];
                        if (x.getDataType() != y.getDataType()) {
                            x = x.toType(DataType.FLOAT64, false);
                            y = y.toType(DataType.FLOAT64, false);
                        }
                        v = GramKernel.cross(x, y, block).square().sum().getDouble();
                    } else {
                        NDArray x = features[i].toType(DataType.FLOAT64, false);
                        v = grams.get(new NDIndex("{}", j)).reshape(n, n).matMul(x).mul(x).sum().getDouble();
                    }
                    inner[i][j] = v;
                    inner[j][i] = v;
                }
            }
        }
        return inner;
    }

    private String describe(int layer) {
        return layer >= 0 && layer < names.size() ? "'" + names.get(layer) + "'" : String.valueOf(layer);
    }

    /** Settings of a {@link CkaAccumulator}. */
    public static final class Builder {

        private final List<String> names;
        private Estimator estimator = Estimator.BIASED;
        private CkaKernel kernel = CkaKernel.LINEAR;
        private double rbfSigma = 1.0;
        private Form form = Form.AUTO;
        private int block = GramKernel.BLOCK;
        private boolean overwrite;

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
         * @param kernel the kernel (default {@link CkaKernel#LINEAR})
         * @return this builder
         */
        public Builder optKernel(CkaKernel kernel) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        /**
         * @param sigma the RBF bandwidth factor: bandwidth = sigma x median distance between samples (default 1)
         * @return this builder
         */
        public Builder optRbfSigma(double sigma) {
            CkaKernel.checkSigma(sigma);
            this.rbfSigma = sigma;
            return this;
        }

        /**
         * Lets {@link #add(int, NDArray)} overwrite the activations it is given: a float32 or float64 activation
         * summarised by its Gram is then centred in place, one n x p array and pass less per layer. For callers that
         * drop each activation once it is added (the {@code cka} command, reading an .npz).
         *
         * @param overwrite whether activations may be overwritten (default false: they are left as they were)
         * @return this builder
         */
        public Builder optOverwriteActivations(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Chooses how layers are held, and the block length of the float32 products (tests use small blocks).
         *
         * @param form the form
         * @param block the block length, at least 1
         * @return this builder
         */
        Builder optForm(Form form, int block) {
            this.form = Objects.requireNonNull(form, "form");
            if (block < 1) {
                throw new IllegalArgumentException("expected a block length of at least 1, found " + block);
            }
            this.block = block;
            return this;
        }

        /** @return a new, empty accumulator */
        public CkaAccumulator build() {
            return new CkaAccumulator(this);
        }
    }
}
