package sglp.score;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import sglp.data.Rng;
import sglp.model.Network;
import sglp.select.CandidateScorer;

/**
 * GradNorm as SGLP's candidate scorer on a CNN (METHOD.md section 3): each segment is scored on one network (in the
 * paper's mode, fresh random weights outside the segment; in the context mode, a copy of the pretrained network),
 * each candidate bypasses the segment's other layers, and a larger GradNorm is better. The pretrained network is never
 * changed.
 *
 * <p>The paper mode's random weights come from a stream of the seed of their own, {@code Rng.of(seed, "paper-mode
 * weights")}: independent of the stream that initialised the model before training, so that "random" weights owe
 * nothing to the trained model's starting point (METHOD.md section 6). They are computed once per scorer (in Java,
 * {@link Network#create}) and copied on the network's device for each segment, whose own layers then take the
 * pretrained weights: for VGG-16 the Java values take 0.44 s on 2 cores and the copy 0.1 s (on a GPU, where a pass
 * takes milliseconds, the copy never leaves the device). Close the scorer to release that network.
 */
final class GradNormScorer implements CandidateScorer {
    private final Network pretrained;
    private final NDArray x;
    private final NDArray y;
    private final GradNormSearch.Mode mode;
    private final GradNorm.Variant variant;
    private final long seed;
    private Network random;

    /**
     * @param pretrained the pretrained network
     * @param x the batch, N x C x H x W, float32 on the network's device, checked ({@link GradNorm#checkBatch})
     * @param y its labels, int64
     * @param mode the weights outside the scored segment
     * @param variant which norm of the gradient
     * @param seed the seed of the paper mode's random weights
     */
    GradNormScorer(Network pretrained, NDArray x, NDArray y, GradNormSearch.Mode mode, GradNorm.Variant variant,
            long seed) {
        this.pretrained = pretrained;
        this.x = x;
        this.y = y;
        this.mode = mode;
        this.variant = variant;
        this.seed = seed;
    }

    /**
     * The seed of the paper mode's random weights: a stream of the search's seed of its own.
     *
     * @param seed the search's seed
     * @return the seed of {@link Network#create}
     */
    static long paperModeSeed(long seed) {
        return Rng.of(seed, "paper-mode weights").nextLong();
    }

    @Override
    public String name() {
        return "GradNorm";
    }

    @Override
    public boolean largerIsBetter() {
        return true;
    }

    @Override
    public Scoring open(List<Integer> segmentLayers) {
        List<String> layers = pretrained.architecture().layerNames();
        Network net;
        if (mode == GradNormSearch.Mode.CONTEXT) {
            net = pretrained.copy();
        } else {
            if (random == null) {
                random = Network.create(pretrained.architecture(), paperModeSeed(seed), pretrained.device());
            }
            net = random.copy();
            net.copyWeights(pretrained, segmentLayers.stream().map(layers::get).toList());
        }
        return new Scoring() {
            @Override
            public double score(Set<Integer> removed) {
                return GradNorm.scoreChecked(net, x, y, removed.stream().map(layers::get).collect(Collectors.toSet()),
                        variant);
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }

    /** Releases the paper mode's random network, if one was made. */
    @Override
    public void close() {
        if (random != null) {
            random.close();
            random = null;
        }
    }
}
