package sglp.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One minibatch: N x C x H x W float32 pixels and N labels.
 *
 * @param x the pixels, image after image, row-major
 * @param y the labels
 * @param channels C
 * @param height H
 * @param width W
 */
public record Batch(float[] x, int[] y, int channels, int height, int width) {
    /**
     * Creates a batch; {@code x} must hold one C x H x W image per label.
     *
     * @param x the pixels
     * @param y the labels
     * @param channels C
     * @param height H
     * @param width W
     */
    public Batch {
        long expected = (long) y.length * channels * height * width;
        if (x.length != expected) {
            throw new IllegalArgumentException("batch: expected " + expected + " pixels (" + y.length + " images of "
                    + channels + "x" + height + "x" + width + "), found " + x.length);
        }
    }

    /**
     * Makes one batch of a whole set, such as a calibration sample from {@link Splits#sample}.
     *
     * @param set the images
     * @return a batch sharing the set's arrays
     */
    public static Batch of(ImageSet set) {
        return new Batch(set.pixels(), set.labels(), set.channels(), set.height(), set.width());
    }

    /** @return N, the number of images */
    public int size() {
        return y.length;
    }

    /**
     * Copies the batch into NDArrays, as DJL's trainers and {@code SoftmaxCrossEntropyLoss} (sparse labels) take it.
     *
     * @param manager the manager that owns the arrays
     * @return {@code [x, y]}: x float32 of shape (N, C, H, W), y int64 of shape (N)
     */
    public NDList toNDList(NDManager manager) {
        long[] labels = new long[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i];
        }
        return new NDList(manager.create(x, new Shape(y.length, channels, height, width)), manager.create(labels));
    }
}
