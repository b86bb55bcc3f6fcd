package sglp.options;

import picocli.CommandLine.Option;
import sglp.llm.Perplexity;

/**
 * {@code --window}, {@code --stride}: the strided windows of every perplexity a decoder command computes. Used by
 * {@code sglp llm train}, {@code sglp llm ppl}, {@code sglp llm prune}, {@code sglp llm run} and
 * {@code sglp llm compare}; the notebook's language-model session has the same defaults.
 */
public final class WindowOptions {
    @Option(names = "--window", paramLabel = "W", defaultValue = "" + Perplexity.Windowing.WINDOW,
            description = "perplexity window W in tokens (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--stride", paramLabel = "S", defaultValue = "" + Perplexity.Windowing.STRIDE,
            description = "perplexity stride S in tokens (default: ${DEFAULT-VALUE})")
    int stride;

    /**
     * @return the windows these options describe
     * @throws IllegalArgumentException if W is below 2 or S is outside 1..W
     */
    public Perplexity.Windowing windowing() {
        return new Perplexity.Windowing(window, stride);
    }
}
