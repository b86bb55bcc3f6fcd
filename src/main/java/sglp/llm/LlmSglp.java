package sglp.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import sglp.cka.CkaAccumulator;
import sglp.cka.SimilarityMatrix;
import sglp.select.Allocation;
import sglp.select.Candidates;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segment;
import sglp.segment.Segmentation;

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
    private final Listener listener;

    private LlmSglp(Builder b) {
        this.k = b.k;
        this.batchSize = b.batchSize;
        this.windowing = b.windowing;
        this.listener = b.listener;
    }

    /** @return a builder with the defaults: k = 3, 8 sequences per CKA batch, windows of 128 tokens with stride 64 */
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
     * @throws java.util.concurrent.CancellationException if the thread is interrupted between candidates
     */
    public LlmSglpResult search(LlamaModel model, Segmentation segmentation, List<long[]> calibration, int keep) {
        long start = System.nanoTime();
        checkKeep(model, keep, segmentation.k());
        int[] perSegment = Allocation.proportional(segmentation.segments(), keep);
        long[] ids = calibration.stream().flatMapToLong(LongStream::of).toArray();
        List<List<List<Integer>>> space = new ArrayList<>();
        for (int i = 0; i < perSegment.length; i++) {
            space.add(Candidates.of(segmentation.segments().get(i), perSegment[i]));
        }
        int total = space.stream().mapToInt(List::size).sum();
        List<LlmSglpResult.Candidate> candidates = new ArrayList<>();
        List<LlmSglpResult.Candidate> winners = new ArrayList<>();
        for (int i = 0; i < perSegment.length; i++) {
            Segment segment = segmentation.segments().get(i);
            List<LlmSglpResult.Candidate> scored = new ArrayList<>();
            for (List<Integer> kept : space.get(i)) {
                if (Thread.interrupted()) {
                    throw new CancellationException("SGLP-LLM search interrupted after " + candidates.size()
                            + " of " + total + " candidates");
                }
                Set<Integer> removed = new HashSet<>();
                for (int l = segment.first(); l <= segment.last(); l++) {
                    removed.add(l);
                }
                removed.removeAll(kept);
                LlmSglpResult.Candidate c = new LlmSglpResult.Candidate(i, kept,
                        Perplexity.compute(model, ids, windowing, removed).ppl());
                scored.add(c);
                candidates.add(c);
                listener.onCandidate(candidates.size(), total, c);
            }
            winners.add(scored.stream().min(Comparator.comparingDouble(LlmSglpResult.Candidate::ppl)).orElseThrow());
        }
        return new LlmSglpResult(model.layerNames(), segmentation, IntStream.of(perSegment).boxed().toList(),
                candidates, winners, (System.nanoTime() - start) / 1e9);
    }

    private static void checkKeep(LlamaModel model, int keep, int segments) {
        int layers = model.config().numLayers();
        if (keep < segments || keep > layers) {
            throw new IllegalArgumentException("keep M: expected k (" + segments + ") <= M <= " + layers
                    + " layers, found " + keep);
        }
    }

    /** Receives each scored candidate of {@link #search}. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param done candidates scored so far, from 1
         * @param total candidates in all
         * @param candidate the one just scored
         */
        void onCandidate(int done, int total, LlmSglpResult.Candidate candidate);
    }

    /** Options of the search. */
    public static final class Builder {
        private int k = 3;
        private int batchSize = 8;
        private Perplexity.Windowing windowing = new Perplexity.Windowing(128, 64);
        private Listener listener = (done, total, candidate) -> { };

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
         * @param listener receives each candidate as it is scored
         * @return this builder
         */
        public Builder optListener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** @return the search */
        public LlmSglp build() {
            return new LlmSglp(this);
        }
    }
}
