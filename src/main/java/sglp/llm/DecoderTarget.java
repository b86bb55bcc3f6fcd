package sglp.llm;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import sglp.cka.SimilarityMatrix;
import sglp.select.CandidateScorer;
import sglp.select.SelectionTarget;

/**
 * A LLaMA-family decoder as a {@link SelectionTarget}: its decoder layers, their weights, the residual stream before
 * and after each layer at every real token of the calibration sequences (padding left out), the calibration
 * perplexity with layers removed, token-level CKA, and the calibration perplexity as SGLP's candidate scorer
 * (smaller is better; paper section 4.1.1). The model itself is never changed.
 */
public final class DecoderTarget implements SelectionTarget {
    private final LlamaModel model;
    private final List<long[]> calibration;
    private final long[] ids;
    private final Perplexity.Windowing windowing;
    private final int batchSize;
    private final LongAdder scoredTokens = new LongAdder();
    private SimilarityMatrix similarity;

    /**
     * @param model the model
     * @param calibration the calibration sequences, token ids, none empty; perplexity reads them concatenated
     * @param windowing the windows of the calibration perplexity
     * @param batchSize calibration sequences per forward pass of the state and CKA passes, at least 1
     */
    public DecoderTarget(LlamaModel model, List<long[]> calibration, Perplexity.Windowing windowing, int batchSize) {
        if (calibration.isEmpty() || batchSize < 1) {
            throw new IllegalArgumentException("expected at least one calibration sequence and a batch of at least 1, "
                    + "found " + calibration.size() + " and " + batchSize);
        }
        this.model = model;
        this.calibration = List.copyOf(calibration);
        this.ids = calibration.stream().flatMapToLong(LongStream::of).toArray();
        this.windowing = windowing;
        this.batchSize = batchSize;
    }

    @Override
    public List<String> layers() {
        return model.layerNames();
    }

    @Override
    public List<NDArray> weights(int layer) {
        String prefix = "model.layers." + layer + ".";
        return model.parameters().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith(".weight"))
                .map(Map.Entry::getValue).map(p -> p.getArray()).toList();
    }

    @Override
    public void visitStates(StateVisitor visitor) {
        int layers = model.config().numLayers();
        TokenStates.run(model, calibration, batchSize, states -> visitor.visit(states.subList(0, layers),
                states.subList(1, layers + 1)));
    }

    @Override
    public boolean feedsNext(int layer) {
        return true;
    }

    @Override
    public double loss(Set<Integer> removed) {
        Perplexity.Result r = Perplexity.compute(model, ids, windowing, removed);
        scoredTokens.add(r.tokens());
        return r.ppl();
    }

    @Override
    public SimilarityMatrix similarity() {
        if (similarity == null) {
            similarity = LlmSglp.builder().optBatchSize(batchSize).build().similarity(model, calibration);
        }
        return similarity;
    }

    /** @return the tokens whose perplexity this target computed so far, for throughput */
    public long scoredTokens() {
        return scoredTokens.sum();
    }

    @Override
    public CandidateScorer scorer() {
        return new CandidateScorer() {
            @Override
            public String name() {
                return "perplexity";
            }

            @Override
            public boolean largerIsBetter() {
                return false;
            }

            @Override
            public Scoring open(List<Integer> segmentLayers) {
                return new Scoring() {
                    @Override
                    public double score(Set<Integer> removed) {
                        return loss(removed);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
