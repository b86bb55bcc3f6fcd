package sglp.options;

import picocli.CommandLine.Option;
import sglp.pipeline.TrainSettings;

/** {@code --epochs}, {@code --lr}: training the model to prune (SGD, cosine schedule). */
public final class PretrainOptions {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainSettings.PRETRAIN_EPOCHS,
            description = "training epochs of the model to prune (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + TrainSettings.PRETRAIN_LR,
            description = "base learning rate of training (default: ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param batchSize images per step
     * @return the settings
     */
    public TrainSettings settings(BatchSizeOption batchSize) {
        return new TrainSettings(epochs, batchSize.batchSize(), lr);
    }
}
