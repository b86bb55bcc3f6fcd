package sglp.options;

import picocli.CommandLine.Option;
import sglp.llm.BrownRecipe;

/**
 * {@code --vocab}, {@code --documents}, {@code --layers}, {@code --steps}, {@code --lr}: the tiny LLaMA trained on
 * the Brown corpus. Used by {@code sglp llm train}, and through {@link LlmModelOptions} by {@code sglp llm run},
 * {@code sglp llm compare} and the magic {@code %sglp llm model}.
 */
public final class BrownOptions {

    @Option(names = "--vocab", paramLabel = "N", defaultValue = "" + BrownRecipe.VOCAB_WORDS,
            description = "Brown model: vocabulary words (default: ${DEFAULT-VALUE})")
    int vocab;

    @Option(names = "--documents", paramLabel = "N", defaultValue = "" + BrownRecipe.TRAIN_DOCUMENTS,
            description = "Brown model: training documents, at most 400 (default: ${DEFAULT-VALUE})")
    int documents;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "" + BrownRecipe.LAYERS,
            description = "Brown model: decoder layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "" + BrownRecipe.STEPS,
            description = "Brown model: training steps of 16 x 64 tokens (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + BrownRecipe.LEARNING_RATE,
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
