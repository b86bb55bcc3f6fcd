package sglp.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A labelled set of images: N x C x H x W float32 pixels in one row-major array, and one label per image.
 *
 * <p>The arrays are shared, not copied: an {@code ImageSet} is a value by convention, and nothing in this package
 * writes into an array it has been handed. Derived sets ({@link #subset}, {@link #head}) own fresh arrays.
 *
 * @param name a short description, such as {@code "mnist"} or {@code "cifar10-train"}
 * @param pixels N x C x H x W pixel values, image after image, channel planes in order, rows top to bottom
 * @param labels N labels in {@code [0, classes.size())}
 * @param channels C, the number of channels
 * @param height H, the image height in pixels
 * @param width W, the image width in pixels
 * @param classes the class names, indexed by label
 */
public record ImageSet(
        String name, float[] pixels, int[] labels, int channels, int height, int width, List<String> classes) {

    /**
     * Creates a set after checking the shape, the pixel count and every label; {@code classes} is copied.
     *
     * @param name a short description
     * @param pixels N x C x H x W pixel values
     * @param labels N labels in {@code [0, classes.size())}
     * @param channels C, positive
     * @param height H, positive
     * @param width W, positive
     * @param classes the class names, at least one
     * @throws IllegalArgumentException naming the set, what was expected and what was found
     */
    public ImageSet {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, found "
                    + channels + "x" + height + "x" + width);
        }
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected at least one class, found none");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": expected " + expected + " pixels (" + labels.length
                    + " images of " + channels + "x" + height + "x" + width + "), found " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(name + ": label of image " + i + " must be in [0, "
                        + classes.size() + "), found " + labels[i]);
            }
        }
    }

    /** @return N, the number of images */
    public int size() {
        return labels.length;
    }

    /** @return C x H x W, the number of floats per image */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * Returns the images at the given indices, in that order (indices may repeat).
     *
     * @param indices positions in this set
     * @return a new set with fresh arrays
     */
    public ImageSet subset(int[] indices) {
        int d = imageSize();
        float[] x = new float[indices.length * d];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException(name + ": index " + i + " at position " + k
                        + " must be in [0, " + size() + ")");
            }
            System.arraycopy(pixels, i * d, x, k * d, d);
            y[k] = labels[i];
        }
        return new ImageSet(name, x, y, channels, height, width, classes);
    }

    /**
     * Returns the first {@code n} images.
     *
     * @param n how many, at most {@link #size()}
     * @return a new set with fresh arrays
     */
    public ImageSet head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException(name + ": head(n) needs n in [0, " + size() + "], found " + n);
        }
        int d = imageSize();
        return new ImageSet(name, Arrays.copyOf(pixels, n * d), Arrays.copyOf(labels, n),
                channels, height, width, classes);
    }

    /** @return the number of images of each class, indexed by label */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Returns one image.
     *
     * @param i its position
     * @return a copy of its C x H x W pixels
     */
    public float[] image(int i) {
        Objects.checkIndex(i, size());
        int d = imageSize();
        return Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
    }
}
