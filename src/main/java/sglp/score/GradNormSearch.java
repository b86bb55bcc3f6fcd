package sglp.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.concurrent.CancellationException;
import sglp.model.Network;
import sglp.progress.Progress;
import sglp.score.GradNorm.Variant;
import sglp.segment.Segment;
import sglp.select.Allocation;
import sglp.select.Candidates;
import sglp.select.SegmentSearch;

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
    private final SegmentSearch search;

    private GradNormSearch(Builder b) {
        mode = b.mode;
        variant = b.variant;
        seed = b.seed;
        search = b.search.build();
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
        List<String> names = pretrained.architecture().layerNames();
        GradNorm.checkBatch(pretrained, x, y);
        SegmentSearch.Result r;
        try (NDManager batch = pretrained.manager().newSubManager()) {
            // the batch in the pass's type on the networks' device, once: each candidate uses it through a view
            NDArray input = GradNorm.inScope(batch, x, DataType.FLOAT32);
            NDArray labels = GradNorm.inScope(batch, y, DataType.INT64);
            try (GradNormScorer scorer = new GradNormScorer(pretrained, input, labels, mode, variant, seed)) {
                r = search.search(names, segments, scorer);
            }
        }
        return new SearchResult(names, segments, r.perSegment().stream().mapToInt(Integer::intValue).toArray(),
                scores(r.candidates(), names), scores(r.winners(), names), r.searchSpace(), r.unsegmentedSpace(),
                r.seconds(), mode, variant, seed);
    }

    private static List<CandidateScore> scores(List<SegmentSearch.Candidate> candidates, List<String> names) {
        return candidates.stream().map(c -> new CandidateScore(c.segment(), c.kept().stream().map(names::get).toList(),
                c.removed().stream().map(names::get).toList(), c.score())).toList();
    }

    /** Options of a {@link GradNormSearch}. */
    public static final class Builder {
        private Mode mode = Mode.PAPER;
        private Variant variant = Variant.GLOBAL_L2;
        private long seed;
        private final SegmentSearch.Builder search = SegmentSearch.builder().optLimit(Integer.MAX_VALUE);

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
            search.optKeep(keep);
            return this;
        }

        /**
         * Sets the number of layers each segment keeps, overriding the proportional allocation.
         *
         * @param perSegment m_i for each segment (copied)
         * @return this builder
         */
        public Builder optKeepPerSegment(int[] perSegment) {
            search.optKeepPerSegment(perSegment);
            return this;
        }

        /**
         * Sets who hears of each scored candidate, as the task {@code "search"}: candidates done and in all, and a
         * message such as {@code "segment 2/5: kept layer2.3, layer2.5 -> GradNorm 4.213"}.
         *
         * @param progress the progress (default: none)
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            search.optProgress(progress);
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
            return new GradNormSearch(this);
        }
    }
}
