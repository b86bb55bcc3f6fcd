package sglp.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import sglp.cka.CkaAccumulator;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;
import sglp.cka.Probe;
import sglp.cka.SimilarityMatrix;
import sglp.data.Batch;
import sglp.data.Batches;
import sglp.data.ImageSet;
import sglp.model.ForwardMode;
import sglp.model.Network;
import sglp.select.CandidateScorer;
import sglp.select.SelectionTarget;

/**
 * A CNN as a {@link SelectionTarget}: its prunable layers, their weights, their inputs and outputs on calibration
 * images (one position per spatial location, its channel vector), the calibration cross-entropy with layers
 * bypassed, CKA of the calibration images, and GradNorm on a scoring batch as SGLP's candidate scorer
 * ({@link GradNormScorer}; METHOD.md sections 3 and 5). Every pass runs BatchNorm in inference mode except GradNorm's,
 * which uses batch statistics with dropout off ({@link ForwardMode#SCORING}). The network itself is never changed;
 * close the target to release the scoring batch.
 */
public final class NetworkTarget implements SelectionTarget, AutoCloseable {
    private final Network net;
    private final ImageSet calibration;
    private final Batch scoring;
    private final int batchSize;
    private final Estimator estimator;
    private final CkaKernel kernel;
    private final GradNormSearch.Mode mode;
    private final GradNorm.Variant variant;
    private final long seed;
    private final int[] unitOfLayer;
    private final NDManager arrays;
    private SimilarityMatrix similarity;
    private NDList scoringBatch;

    private NetworkTarget(Builder b) {
        net = b.net;
        calibration = b.calibration;
        scoring = b.scoring;
        batchSize = b.batchSize;
        estimator = b.estimator;
        kernel = b.kernel;
        mode = b.mode;
        variant = b.variant;
        seed = b.seed;
        unitOfLayer = net.architecture().layerUnitIndices();
        arrays = net.manager().newSubManager();
    }

    /**
     * @param net the pretrained network (unchanged)
     * @param calibration the calibration images of CKA, the layers' states and the one-shot loss
     * @param scoring GradNorm's batch, at least 2 images
     * @return a builder with the defaults: passes of 64 images, biased linear CKA, paper mode, global L2, seed 0
     */
    public static Builder builder(Network net, ImageSet calibration, Batch scoring) {
        return new Builder(net, calibration, scoring);
    }

    @Override
    public List<String> layers() {
        return net.architecture().layerNames();
    }

    @Override
    public List<NDArray> weights(int layer) {
        Map<String, Parameter> parameters = net.parameters();
        return net.unitKeys(layers().get(layer)).stream().filter(k -> k.endsWith(".weight"))
                .map(k -> parameters.get(k).getArray()).toList();
    }

    @Override
    public void visitStates(StateVisitor visitor) {
        List<String> units = net.unitNames();
        int layers = unitOfLayer.length;
        for (Batch b : batches()) {
            try (NDManager scope = net.manager().newSubManager()) {
                NDArray x = b.toNDList(scope).get(0);
                NDArray[] out = new NDArray[units.size()];
                net.forward(x, ForwardMode.INFERENCE, Set.of(), (unit, y) -> out[unit] = y);
                List<NDArray> inputs = new ArrayList<>(layers);
                List<NDArray> outputs = new ArrayList<>(layers);
                for (int unit : unitOfLayer) {
                    inputs.add(positions(unit == 0 ? x : out[unit - 1]));
                    outputs.add(positions(out[unit]));
                }
                visitor.visit(inputs, outputs);
            }
        }
    }

    /** N x C x H x W as (N H W) x C: one row per spatial location, its channel vector. */
    private static NDArray positions(NDArray map) {
        long channels = map.getShape().get(1);
        return map.transpose(0, 2, 3, 1).reshape(-1, channels);
    }

    @Override
    public boolean feedsNext(int layer) {
        return unitOfLayer[layer + 1] == unitOfLayer[layer] + 1;
    }

    @Override
    public double loss(Set<Integer> removed) {
        Set<String> names = removed.stream().map(layers()::get).collect(Collectors.toSet());
        double sum = 0;
        for (Batch b : batches()) {
            try (NDManager scope = net.manager().newSubManager()) {
                NDList xy = b.toNDList(scope);
                NDArray logits = net.forward(xy.get(0), ForwardMode.INFERENCE, names, null);
                sum += Loss.softmaxCrossEntropyLoss().evaluate(new NDList(xy.get(1)), new NDList(logits)).getFloat()
                        * b.size();
            }
        }
        return sum / calibration.size();
    }

    @Override
    public SimilarityMatrix similarity() {
        if (similarity == null) {
            CkaAccumulator acc = CkaAccumulator.builder(layers()).optEstimator(estimator).optKernel(kernel).build();
            similarity = Probe.similarity(net, batches(), acc, done -> { });
        }
        return similarity;
    }

    @Override
    public CandidateScorer scorer() {
        if (scoringBatch == null) {
            scoringBatch = scoring.toNDList(arrays);
            GradNorm.checkBatch(net, scoringBatch.get(0), scoringBatch.get(1));
        }
        return new GradNormScorer(net, scoringBatch.get(0), scoringBatch.get(1), mode, variant, seed);
    }

    /** Releases the scoring batch's engine memory. */
    @Override
    public void close() {
        arrays.close();
    }

    private Iterable<Batch> batches() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted before a pass over the calibration images");
        }
        return Batches.builder(calibration).optBatchSize(batchSize).build();
    }

    /** Options of a {@link NetworkTarget}. */
    public static final class Builder {
        private final Network net;
        private final ImageSet calibration;
        private final Batch scoring;
        private int batchSize = 64;
        private Estimator estimator = Estimator.BIASED;
        private CkaKernel kernel = CkaKernel.LINEAR;
        private GradNormSearch.Mode mode = GradNormSearch.Mode.PAPER;
        private GradNorm.Variant variant = GradNorm.Variant.GLOBAL_L2;
        private long seed;

        private Builder(Network net, ImageSet calibration, Batch scoring) {
            this.net = net;
            this.calibration = calibration;
            this.scoring = scoring;
        }

        /**
         * @param batchSize calibration images per pass, at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("calibration batch: expected >= 1 images, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param estimator CKA's HSIC estimator
         * @param kernel CKA's kernel
         * @return this builder
         */
        public Builder optCka(Estimator estimator, CkaKernel kernel) {
            this.estimator = estimator;
            this.kernel = kernel;
            return this;
        }

        /**
         * @param mode GradNorm's weights outside the scored segment
         * @param variant which norm of the gradient
         * @param seed the seed of the paper mode's random weights ({@link GradNormScorer})
         * @return this builder
         */
        public Builder optGradNorm(GradNormSearch.Mode mode, GradNorm.Variant variant, long seed) {
            this.mode = mode;
            this.variant = variant;
            this.seed = seed;
            return this;
        }

        /** @return the target */
        public NetworkTarget build() {
            if (calibration.size() == 0) {
                throw new IllegalArgumentException("calibration images: expected at least 1, found 0");
            }
            return new NetworkTarget(this);
        }
    }
}
