package sglp.options;

import picocli.CommandLine.Option;
import sglp.llm.BrownRecipe;

/**
 * {@code --vocab}, {@code --documents}, {@code --layers}, {@code --steps}, {@code --lr}: the tiny LLaMA trained on
 * the Brown corpus. Used by {@code sglp llm train}, and through {@link LlmModelOptions} by {@code sglp llm run},
 * {@code sglp llm compare} and the magic {@code %sglp llm model}.
 */
public final class BrownOptions {

    @Option(names = "--vocab", paramLabel = "N", defaultValue = "4000",
            description = "Brown model: vocabulary words (default: ${DEFAULT-VALUE})")
    int vocab;

    @Option(names = "--documents", paramLabel = "N", defaultValue = "400",
            description = "Brown model: training documents, at most 400 (default: ${DEFAULT-VALUE})")
    int documents;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "8",
            description = "Brown model: decoder layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000",
            description = "Brown model: training steps of 16 x 64 tokens (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "3e-3",
            description = "Brown model: AdamW learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param seed seeds the split, the weights and the batches
     * @return the recipe these options describe
     */
    public BrownRecipe recipe(long seed) {
        return new BrownRecipe(vocab, documents, layers, steps, lr, seed);
    }
}
