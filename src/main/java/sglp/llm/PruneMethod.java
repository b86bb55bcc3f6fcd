package sglp.llm;

import java.util.List;

/**
 * The ways this project chooses decoder layers to remove: SGLP-LLM and the baselines it is compared with, under the
 * names the paper's Table 4 gives them.
 */
public enum PruneMethod {
    /** Similarity-guided layer partition with perplexity-scored candidates ({@link LlmSglp}). */
    SGLP("SGLP"),
    /** Seeded random layers ({@link Baselines#random}). */
    RANDOM("Random"),
    /** Smallest L1 weight norm ({@link Baselines#magnitude}). */
    L1("Magnitude-L1"),
    /** Smallest L2 weight norm ({@link Baselines#magnitude}). */
    L2("Magnitude-L2"),
    /** Lowest Block Influence ({@link Baselines#shortGpt}). */
    SHORTGPT("ShortGPT"),
    /** The consecutive block of least angular distance ({@link Baselines#angular}). */
    ANGULAR("Angular"),
    /** Least perplexity increase, one layer at a time ({@link Baselines#perplexityOneByOne}). */
    PPL1("PPL one-by-one");

    /** The methods of the paper's Table 4 and the angular block: what a comparison runs by default. */
    public static final List<PruneMethod> TABLE_4 = List.of(RANDOM, L1, L2, SHORTGPT, ANGULAR, SGLP);

    private final String label;

    PruneMethod(String label) {
        this.label = label;
    }

    /** @return the name in tables, e.g. {@code "Magnitude-L1"} */
    public String label() {
        return label;
    }

    /**
     * The method as a layer ranking.
     *
     * @param k segments of SGLP
     * @param windowing perplexity windows of SGLP and PPL one-by-one
     * @param seed the seed of Random
     * @return the ranking
     */
    public LayerRanking ranking(int k, Perplexity.Windowing windowing, long seed) {
        return ranking(k, windowing, seed, LlmSglp.DEFAULT_MAX_CANDIDATES);
    }

    /**
     * The method as a layer ranking, with SGLP's candidate limit.
     *
     * @param k segments of SGLP
     * @param windowing perplexity windows of SGLP and PPL one-by-one
     * @param seed seed of the random baseline
     * @param maxCandidates the largest search SGLP may run ({@link LlmSglp.Builder#optMaxCandidates})
     * @return the ranking
     */
    public LayerRanking ranking(int k, Perplexity.Windowing windowing, long seed, long maxCandidates) {
        return switch (this) {
            case SGLP -> (model, calibration, keep) -> LlmSglp.builder().optK(k).optWindowing(windowing)
                    .optMaxCandidates(maxCandidates).build()
                    .prune(model, calibration, keep).removed();
            case RANDOM -> Baselines.random(seed);
            case L1 -> Baselines.magnitude(1);
            case L2 -> Baselines.magnitude(2);
            case SHORTGPT -> Baselines.shortGpt(8);
            case ANGULAR -> Baselines.angular(8);
            case PPL1 -> Baselines.perplexityOneByOne(windowing);
        };
    }
}
