package sglp.cli;

import picocli.CommandLine.Option;
import sglp.llm.BrownRecipe;

/** The options of the tiny Brown LLaMA, shared by {@code sglp llm train} and {@code sglp llm run}. */
final class BrownOptions {

    @Option(names = "--vocab", defaultValue = "4000", description = "Brown model: vocabulary words "
            + "(default ${DEFAULT-VALUE})")
    int vocab;

    @Option(names = "--documents", defaultValue = "400",
            description = "Brown model: training documents, at most 400 (default ${DEFAULT-VALUE})")
    int documents;

    @Option(names = "--layers", defaultValue = "8", description = "Brown model: decoder layers "
            + "(default ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--steps", defaultValue = "2000", description = "Brown model: training steps of 16 x 64 tokens "
            + "(default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "3e-3", description = "Brown model: AdamW learning rate "
            + "(default ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param seed seeds the split, the weights and the batches
     * @return the recipe these options describe
     */
    BrownRecipe recipe(long seed) {
        return new BrownRecipe(vocab, documents, layers, steps, lr, seed);
    }
}
