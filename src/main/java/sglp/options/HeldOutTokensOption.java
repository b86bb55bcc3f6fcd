package sglp.options;

import picocli.CommandLine.Option;

/**
 * {@code --held-out-tokens}: how much of the held-out text a decoder's perplexity scores. Used by
 * {@code sglp llm train}, and through {@link LlmModelOptions} by {@code sglp llm run}, {@code sglp llm compare} and
 * the magic {@code %sglp llm model}.
 */
public final class HeldOutTokensOption {
    @Option(names = "--held-out-tokens", paramLabel = "N", defaultValue = "0",
            description = "held-out tokens to score (0: all; default: ${DEFAULT-VALUE})")
    int heldOutTokens;

    /** @return the held-out tokens to score, 0 for all */
    public int heldOutTokens() {
        return heldOutTokens;
    }
}
