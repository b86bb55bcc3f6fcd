package sglp.llm;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
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
    PPL1("PPL one-by-one", "oneshot"),
    /** SGLP's perplexity search over all C(L, M) subsets, no segments (the paper's "w/o segmentation"). */
    SGLP_NOSEG("SGLP w/o segments", "sglp-noseg"),
    /** SGLP's segments with a random subset in each (the paper's "w/o GradNorm", here without the search). */
    SGLP_RANDOM("SGLP w/o search", "sglp-random");

    /** Every method, in the order the selection API lists them. */
    public static final List<PruneMethod> ALL = List.of(SGLP, SGLP_NOSEG, SGLP_RANDOM, RANDOM, L1, L2, SHORTGPT,
            ANGULAR, PPL1);

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
     * A method by the word users type: its selector's name ({@code sglp}, {@code sglp-noseg}, {@code oneshot}, ...)
     * or its constant's ({@code ppl1}), case and {@code -}/{@code _} ignored.
     *
     * @param word the word
     * @return the method
     * @throws IllegalArgumentException naming the accepted words
     */
    public static PruneMethod byWord(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT).replace("_", "-");
        for (PruneMethod m : values()) {
            if (m.selectorName.equals(w) || m.name().toLowerCase(Locale.ROOT).replace("_", "-").equals(w)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected one of " + ALL.stream().map(m -> m.selectorName)
                .collect(Collectors.joining("|")) + " (or ppl1), found '" + word + "'");
    }

    /** @return the word users type for it, its selector's name, such as {@code shortgpt} */
    public String word() {
        return selectorName;
    }

    /**
     * The layers the method removes, chosen through the selection API written once for every model family
     * ({@link Selectors}, under this method's name there: sglp, random, l1, l2, shortgpt, angular, oneshot).
     *
     * @param target the model and its calibration sequences
     * @param keep M, the layers to keep
     * @param k segments of SGLP
     * @param seed the seed of Random
     * @param candidateLimit the largest search SGLP and sglp-noseg may run
     * @return the removed layers, ascending
     */
    public List<Integer> removed(DecoderTarget target, int keep, int k, long seed, long candidateLimit) {
        return Selectors.byName(selectorName, new Selectors.Settings(k, seed, candidateLimit)).select(target, keep)
                .removed();
    }
}
