package sglp.llm;

import java.util.List;
import java.util.concurrent.CancellationException;
import sglp.cka.CkaAccumulator;
import sglp.cka.SimilarityMatrix;
import sglp.progress.Progress;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segmentation;
import sglp.select.Allocation;
import sglp.select.CandidateScorer;
import sglp.select.SegmentSearch;

/**
 * Similarity-guided layer pruning of a decoder (METHOD.md sections 1-3, paper section 4.1.1): the CKA of the
 * decoder layers' token-level hidden states on calibration text, Fisher segmentation of the layers into k
 * segments, then in each segment the kept subset whose complement, removed with every other layer in place, gives
 * the lowest calibration perplexity.
 *
 * <pre>{@code
 * LlmSglpResult r = LlmSglp.builder().optK(3).build().prune(model, sentences, 6);
 * }</pre>
 */
public final class LlmSglp {
    private final int k;
    private final int batchSize;
    private final Perplexity.Windowing windowing;
    private final Progress progress;
    private final long candidateLimit;

    private LlmSglp(Builder b) {
        this.k = b.k;
        this.batchSize = b.batchSize;
        this.windowing = b.windowing;
        this.progress = b.progress;
        this.candidateLimit = b.candidateLimit;
    }

    /**
     * @return a builder with the defaults: k = 3, 8 sequences per CKA batch, windows of 128 tokens with stride 64, at
     *     most {@value SegmentSearch#DEFAULT_LIMIT} candidates
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Chooses the layers to keep: {@link #similarity}, Fisher segmentation into k segments, then {@link #search}.
     *
     * @param model the model (unchanged)
     * @param calibration the calibration sequences, token ids; CKA batches them, perplexity reads them concatenated
     * @param keep M, the number of decoder layers to keep, at least k
     * @return every candidate's perplexity and the kept layers
     */
    public LlmSglpResult prune(LlamaModel model, List<long[]> calibration, int keep) {
        checkKeep(model, keep, k);
        Segmentation segmentation = FisherSegmenter.builder().build().segment(similarity(model, calibration), k);
        return search(model, segmentation, calibration, keep);
    }

    /**
     * Stage 1: linear CKA between the decoder layers' outputs, every real token of the calibration set a sample
     * (padding masked out), accumulated batch by batch in Gram form.
     *
     * @param model the model (unchanged)
     * @param calibration the calibration sequences, token ids, none empty
     * @return the L x L similarity matrix of the decoder layers
     */
    public SimilarityMatrix similarity(LlamaModel model, List<long[]> calibration) {
        int layers = model.config().numLayers();
        CkaAccumulator cka = CkaAccumulator.builder(model.layerNames()).build();
        TokenStates.run(model, calibration, batchSize, states -> {
            for (int l = 0; l < layers; l++) {
                cka.add(l, states.get(l + 1));
            }
        });
        return cka.result();
    }

    /**
     * Stage 3: in each segment, the kept subset of least calibration perplexity, the segment's other layers removed
     * and every layer outside it in place; each segment keeps its share of M by {@link Allocation#proportional}.
     *
     * @param model the model (unchanged)
     * @param segmentation segments of the model's decoder layers
     * @param calibration the calibration sequences, read concatenated
     * @param keep M, the number of decoder layers to keep, at least the number of segments
     * @return every candidate's perplexity and the kept layers
     * @throws IllegalArgumentException if the search would score more candidates than the limit
     *     ({@link Builder#optCandidateLimit}), before any is scored
     * @throws java.util.concurrent.CancellationException if the thread is interrupted between candidates
     */
    public LlmSglpResult search(LlamaModel model, Segmentation segmentation, List<long[]> calibration, int keep) {
        long start = System.nanoTime();
        checkKeep(model, keep, segmentation.k());
        int[] perSegment = Allocation.proportional(segmentation.segments(), keep);
        DecoderTarget target = new DecoderTarget(model, calibration, windowing, batchSize);
        SegmentSearch.Result r;
        try (CandidateScorer scorer = target.scorer()) {
            r = SegmentSearch.builder().optKeepPerSegment(perSegment).optLimit(candidateLimit)
                    .optProgress((task, done, total, message) -> progress.update(task, done, total, message + "; "
                            + new Throughput(done, total, target.scoredTokens(), (System.nanoTime() - start) / 1e9)
                                    .describe()))
                    .build().search(model.layerNames(), segmentation.segments(), scorer);
        }
        return new LlmSglpResult(model.layerNames(), segmentation, r.perSegment(),
                r.candidates().stream().map(LlmSglp::candidate).toList(),
                r.winners().stream().map(LlmSglp::candidate).toList(), (System.nanoTime() - start) / 1e9);
    }

    private static LlmSglpResult.Candidate candidate(SegmentSearch.Candidate c) {
        return new LlmSglpResult.Candidate(c.segment(), c.kept(), c.score());
    }

    private static void checkKeep(LlamaModel model, int keep, int segments) {
        int layers = model.config().numLayers();
        if (keep < segments || keep > layers) {
            throw new IllegalArgumentException("keep M: expected k (" + segments + ") <= M <= " + layers
                    + " layers, found " + keep);
        }
    }

    /**
     * How fast a search goes, after a candidate.
     *
     * @param done candidates scored so far, from 1
     * @param total candidates in all
     * @param tokens calibration tokens scored so far (each candidate scores all of them)
     * @param seconds wall time since the search started
     */
    public record Throughput(long done, long total, long tokens, double seconds) {
        /** @return scored tokens per second so far (0 before any time passed) */
        public double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }

        /** @return the estimated seconds left, at the pace so far */
        public double etaSeconds() {
            return done > 0 ? seconds / done * (total - done) : Double.NaN;
        }

        /** @return such as {@code "12,288 tokens at 1,234 tok/s, ETA 3m05s"} */
        public String describe() {
            long eta = Math.round(etaSeconds());
            String left = Double.isNaN(etaSeconds()) ? "?" : eta >= 3600 ? String.format(java.util.Locale.ROOT,
                    "%dh%02dm", eta / 3600, eta / 60 % 60) : String.format(java.util.Locale.ROOT, "%dm%02ds", eta / 60,
                    eta % 60);
            return String.format(java.util.Locale.ROOT, "%,d tokens at %,.0f tok/s, ETA %s", tokens, tokensPerSecond(),
                    left);
        }
    }

    /** Options of the search. */
    public static final class Builder {
        private int k = 3;
        private int batchSize = 8;
        private Perplexity.Windowing windowing = new Perplexity.Windowing(128, 64);
        private Progress progress = Progress.NONE;
        private long candidateLimit = SegmentSearch.DEFAULT_LIMIT;

        private Builder() {
        }

        /**
         * @param k the number of segments, at least 1
         * @return this builder
         */
        public Builder optK(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k: expected >= 1 segment, found " + k);
            }
            this.k = k;
            return this;
        }

        /**
         * @param batchSize calibration sequences per CKA batch (each batch's real tokens are its samples), at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size: expected >= 1, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param windowing the windows of the calibration perplexity
         * @return this builder
         */
        public Builder optWindowing(Perplexity.Windowing windowing) {
            this.windowing = windowing;
            return this;
        }

        /**
         * @param progress hears of each candidate as it is scored, as the task {@code "search"}: candidates done and
         *     in all, and a message such as {@code "segment 2/3: kept layers.4, layers.6 -> perplexity 31.204; 12,288
         *     tokens at 1,234 tok/s, ETA 3m05s"}
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @param candidateLimit the largest number of candidates a search may score, at least 1; a larger search
         *     space is refused with its count before anything is scored ({@link SegmentSearch.Builder#optLimit})
         * @return this builder
         */
        public Builder optCandidateLimit(long candidateLimit) {
            SegmentSearch.builder().optLimit(candidateLimit);
            this.candidateLimit = candidateLimit;
            return this;
        }

        /** @return the search */
        public LlmSglp build() {
            return new LlmSglp(this);
        }
    }
}
