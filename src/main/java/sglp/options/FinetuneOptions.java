package sglp.options;

import picocli.CommandLine.Option;
import sglp.pipeline.TrainSettings;

/** {@code --finetune-epochs}, {@code --finetune-lr}: fine-tuning the pruned model. */
public final class FinetuneOptions {
    @Option(names = "--finetune-epochs", paramLabel = "N", defaultValue = "" + TrainSettings.FINETUNE_EPOCHS,
            description = "fine-tuning epochs of the pruned model (0: none; default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--finetune-lr", paramLabel = "RATE", defaultValue = "" + TrainSettings.FINETUNE_LR,
            description = "base learning rate of fine-tuning (default: ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param batchSize images per step
     * @return the settings
     */
    public TrainSettings settings(BatchSizeOption batchSize) {
        return new TrainSettings(epochs, batchSize.batchSize(), lr);
    }
}
