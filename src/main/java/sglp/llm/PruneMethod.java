package sglp.llm;

import java.util.List;
import sglp.select.Selectors;

/**
 * The ways this project chooses decoder layers to remove: SGLP-LLM and the baselines it is compared with, under the
 * names the paper's Table 4 gives them.
 */
public enum PruneMethod {
    /** Similarity-guided layer partition with perplexity-scored candidates ({@link LlmSglp}). */
    SGLP("SGLP", "sglp"),
    /** Seeded random layers (selector {@code random}). */
    RANDOM("Random", "random"),
    /** Smallest L1 weight norm (selector {@code l1} / {@code l2}). */
    L1("Magnitude-L1", "l1"),
    /** Smallest L2 weight norm (selector {@code l1} / {@code l2}). */
    L2("Magnitude-L2", "l2"),
    /** Lowest Block Influence (selector {@code shortgpt}). */
    SHORTGPT("ShortGPT", "shortgpt"),
    /** The consecutive block of least angular distance (selector {@code angular}). */
    ANGULAR("Angular", "angular"),
    /** Least perplexity increase, one layer at a time (selector {@code oneshot}). */
    PPL1("PPL one-by-one", "oneshot");

    /** The methods of the paper's Table 4 and the angular block: what a comparison runs by default. */
    public static final List<PruneMethod> TABLE_4 = List.of(RANDOM, L1, L2, SHORTGPT, ANGULAR, SGLP);

    private final String label;
    private final String selectorName;

    PruneMethod(String label, String selectorName) {
        this.label = label;
        this.selectorName = selectorName;
    }

    /** @return the name in tables, e.g. {@code "Magnitude-L1"} */
    public String label() {
        return label;
    }

    /**
     * The layers the method removes, chosen through the selection API written once for every model family
     * ({@link Selectors}, under this method's name there: sglp, random, l1, l2, shortgpt, angular, oneshot).
     *
     * @param target the model and its calibration sequences
     * @param keep M, the layers to keep
     * @param k segments of SGLP
     * @param seed the seed of Random
     * @param maxCandidates the largest search SGLP may run
     * @return the removed layers, ascending
     */
    public List<Integer> removed(DecoderTarget target, int keep, int k, long seed, long maxCandidates) {
        return Selectors.byName(selectorName, new Selectors.Settings(k, seed, maxCandidates)).select(target, keep)
                .removed();
    }
}
