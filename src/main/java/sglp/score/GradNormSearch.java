package sglp.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import sglp.model.Network;
import sglp.score.GradNorm.Variant;
import sglp.segment.Segment;
import sglp.select.Allocation;
import sglp.select.Candidates;

/**
 * The search inside segments (METHOD.md section 3): for each segment, score every candidate subset of its layers with
 * {@link GradNorm} and keep the best (largest score; equal scores: the earlier candidate in the lexicographic order of
 * {@link Candidates#of}).
 *
 * <p>Each segment is scored on one network, and each candidate is a set of bypassed layers on it: nothing is rebuilt
 * per candidate. Scoring networks are fresh networks or copies, so the pretrained network (weights and BatchNorm
 * running statistics) is never changed. The search is deterministic given the seed and the inputs. It checks the
 * thread's interrupt flag before each candidate and ends with a {@link CancellationException} when it is set.
 *
 * <pre>{@code
 * SearchResult r = GradNormSearch.builder().optKeep(14).optSeed(42).build().search(net, segments, x, y);
 * }</pre>
 */
public final class GradNormSearch {

    /** Which weights the layers outside the scored segment carry. */
    public enum Mode {
        /**
         * The paper's default: every unit outside the segment is re-initialised randomly with the search's seed,
         * shared by all candidates of the search; the segment's layers carry pretrained weights. The fixed units (stem,
         * downsampling blocks, head) are outside every segment, so they are random too.
         */
        PAPER,
        /** Every unit outside the segment keeps its pretrained weights. */
        CONTEXT
    }

    private final Mode mode;
    private final Variant variant;
    private final long seed;
    private final int keep;
    private final int[] keepPerSegment;
    private final ProgressListener listener;

    private GradNormSearch(Builder b) {
        mode = b.mode;
        variant = b.variant;
        seed = b.seed;
        keep = b.keep;
        keepPerSegment = b.keepPerSegment;
        listener = b.listener;
    }

    /** @return a builder: set {@link Builder#optKeep} or {@link Builder#optKeepPerSegment} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the search.
     *
     * @param pretrained the pretrained network; left unchanged
     * @param segments segments that cover the prunable layers {@code 0..L-1} in order
     * @param x a training batch, N x C x H x W
     * @param y its class labels, N
     * @return every candidate's score and the winners
     * @throws IllegalArgumentException if the batch is not one the network can score (see {@link GradNorm#score}),
     *     the segments do not cover the layers or the budget does not fit them; checked before any scoring
     * @throws CancellationException if the thread was interrupted; native memory is released first
     */
    public SearchResult search(Network pretrained, List<Segment> segments, NDArray x, NDArray y) {
        long start = System.nanoTime();
        List<String> names = pretrained.architecture().layerNames();
        GradNorm.checkBatch(pretrained, x, y);
        checkCover(segments, names.size());
        int[] m = keepPerSegment != null ? Allocation.explicit(segments, keepPerSegment)
                : Allocation.proportional(segments, keep);
        BigInteger space = Candidates.searchSpace(segments, m);
        if (space.bitLength() >= Integer.SIZE - 1) {
            throw new IllegalArgumentException("expected at most " + Integer.MAX_VALUE + " candidates to score, found "
                    + space + ": use more segments or keep per segment closer to 1 or |S_i|");
        }
        long total = space.longValue();
        List<CandidateScore> candidates = new ArrayList<>();
        List<CandidateScore> winners = new ArrayList<>();
        try (NDManager batch = pretrained.manager().newSubManager()) {
            // the batch in the pass's type on the networks' device, once: each candidate uses it through a view
            NDArray input = GradNorm.inScope(batch, x, DataType.FLOAT32);
            NDArray labels = GradNorm.inScope(batch, y, DataType.INT64);
            scoreSegments(pretrained, segments, m, input, labels, total, candidates, winners);
        }
        BigInteger unsegmented = Candidates.unsegmented(names.size(), IntStream.of(m).sum());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SearchResult(names, segments, m, candidates, winners, space, unsegmented, seconds, mode, variant,
                seed);
    }

    /** Scores every candidate of every segment, adding them and each segment's best to the lists. */
    private void scoreSegments(Network pretrained, List<Segment> segments, int[] m, NDArray x, NDArray y, long total,
            List<CandidateScore> candidates, List<CandidateScore> winners) {
        List<String> names = pretrained.architecture().layerNames();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            List<String> layers = names.subList(segment.first(), segment.last() + 1);
            CandidateScore best = null;
            try (Network net = scoringNetwork(pretrained, layers)) {
                for (List<Integer> subset : Candidates.of(segment, m[s])) {
                    if (Thread.interrupted()) {
                        throw new CancellationException("GradNorm search interrupted after " + candidates.size()
                                + " of " + total + " candidates");
                    }
                    List<String> kept = subset.stream().map(names::get).toList();
                    List<String> removed = layers.stream().filter(l -> !kept.contains(l)).toList();
                    double score = GradNorm.scoreChecked(net, x, y, Set.copyOf(removed), variant);
                    CandidateScore c = new CandidateScore(s, kept, removed, score);
                    candidates.add(c);
                    if (best == null || CandidateScore.BEST_FIRST.compare(c, best) < 0) {
                        best = c;
                    }
                    listener.onProgress(candidates.size(), total, String.format(Locale.ROOT, "segment %d/%d: kept %s"
                            + " -> %.3f", s + 1, segments.size(), String.join(", ", kept), score));
                }
            }
            winners.add(best);
        }
    }

    /** The network that scores one segment's candidates, per {@link Mode}. */
    private Network scoringNetwork(Network pretrained, List<String> segmentLayers) {
        if (mode == Mode.CONTEXT) {
            return pretrained.copy();
        }
        Network net = Network.create(pretrained.architecture(), seed, pretrained.device());
        net.copyWeights(pretrained, segmentLayers);
        return net;
    }

    private static void checkCover(List<Segment> segments, int layers) {
        int next = 0;
        for (Segment s : segments) {
            if (s.first() != next) {
                throw new IllegalArgumentException("segments must cover the layers 0.." + (layers - 1) + " in order:"
                        + " expected a segment starting at layer " + next + ", found " + s);
            }
            next = s.last() + 1;
        }
        if (next != layers) {
            throw new IllegalArgumentException("segments must cover the layers 0.." + (layers - 1) + " in order:"
                    + " expected the last segment to end at layer " + (layers - 1) + ", found "
                    + (segments.isEmpty() ? "no segments" : segments.get(segments.size() - 1)));
        }
    }

    /** Options of a {@link GradNormSearch}. */
    public static final class Builder {
        private Mode mode = Mode.PAPER;
        private Variant variant = Variant.GLOBAL_L2;
        private long seed;
        private int keep;
        private int[] keepPerSegment;
        private ProgressListener listener = (done, total, message) -> { };

        private Builder() {
        }

        /**
         * Sets the weights outside the scored segment.
         *
         * @param mode {@link Mode#PAPER} (default) or {@link Mode#CONTEXT}
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the norm of the gradient.
         *
         * @param variant {@link Variant#GLOBAL_L2} (default) or {@link Variant#PER_LAYER_SUM}
         * @return this builder
         */
        public Builder optVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /**
         * Sets the seed of the random weights in {@link Mode#PAPER}.
         *
         * @param seed the seed (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets M, the number of prunable layers to keep, shared among segments by {@link Allocation#proportional}.
         *
         * @param keep M
         * @return this builder
         */
        public Builder optKeep(int keep) {
            this.keep = keep;
            return this;
        }

        /**
         * Sets the number of layers each segment keeps, overriding the proportional allocation.
         *
         * @param perSegment m_i for each segment (copied)
         * @return this builder
         */
        public Builder optKeepPerSegment(int[] perSegment) {
            this.keepPerSegment = perSegment.clone();
            return this;
        }

        /**
         * Sets who hears of each scored candidate.
         *
         * @param listener the listener (default: none)
         * @return this builder
         */
        public Builder optListener(ProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Builds the search.
         *
         * @return the search
         * @throws IllegalStateException unless exactly one of {@code optKeep} (positive) and {@code optKeepPerSegment}
         *     was set
         */
        public GradNormSearch build() {
            if ((keep > 0) == (keepPerSegment != null)) {
                throw new IllegalStateException("expected exactly one of optKeep (positive) and optKeepPerSegment, found "
                        + (keepPerSegment == null ? "neither (keep = " + keep + ")" : "both"));
            }
            return new GradNormSearch(this);
        }
    }
}
