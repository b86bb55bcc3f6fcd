package sglp.options;

import picocli.CommandLine.Option;
import sglp.pipeline.TrainSettings;

/** {@code --batch-size}: images per training step, of training and fine-tuning alike. */
public final class BatchSizeOption {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + TrainSettings.BATCH_SIZE,
            description = "images per training step (default: ${DEFAULT-VALUE})")
    int batchSize;

    /** @return images per step */
    public int batchSize() {
        return batchSize;
    }
}
