package sglp.data;

/** Whole-set pixel transforms: MNIST to the CIFAR layout, per-channel statistics and normalization. */
public final class ImageTransforms {
    private ImageTransforms() {}

    /**
     * Brings a set to the CIFAR layout, 3 x 32 x 32, so that CIFAR models take it.
     *
     * <p>1 x 28 x 28 images (MNIST) are zero-padded by 2 pixels on each side and their gray plane is copied into
     * three channels; 3 x 32 x 32 sets are returned as they are.
     *
     * @param set a 1 x 28 x 28 or 3 x 32 x 32 set
     * @return a 3 x 32 x 32 set with the same labels and classes
     * @throws IllegalArgumentException for any other shape
     */
    public static ImageSet toCifarLayout(ImageSet set) {
        int side = Cifar10.SIDE;
        if (set.channels() == 3 && set.height() == side && set.width() == side) {
            return set;
        }
        if (set.channels() != 1 || set.height() != Mnist.SIDE || set.width() != Mnist.SIDE) {
            throw new IllegalArgumentException(set.name() + ": toCifarLayout expects 1x28x28 or 3x32x32 images, found "
                    + set.channels() + "x" + set.height() + "x" + set.width());
        }
        int pad = (side - Mnist.SIDE) / 2;
        int plane = side * side;
        float[] src = set.pixels();
        float[] out = new float[set.size() * 3 * plane];
        for (int i = 0; i < set.size(); i++) {
            int from = i * Mnist.SIDE * Mnist.SIDE;
            int to = i * 3 * plane;
            for (int row = 0; row < Mnist.SIDE; row++) {
                System.arraycopy(src, from + row * Mnist.SIDE, out, to + (row + pad) * side + pad, Mnist.SIDE);
            }
            System.arraycopy(out, to, out, to + plane, plane);
            System.arraycopy(out, to, out, to + 2 * plane, plane);
        }
        return new ImageSet(set.name(), out, set.labels(), 3, side, side, set.classes());
    }

    /**
     * Normalizes each channel: {@code (x - mean[c]) / std[c]}.
     *
     * @param set the images
     * @param mean one mean per channel
     * @param std one positive standard deviation per channel
     * @return a new set with the same labels and classes
     */
    public static ImageSet normalize(ImageSet set, float[] mean, float[] std) {
        if (mean.length != set.channels() || std.length != set.channels()) {
            throw new IllegalArgumentException(set.name() + ": normalize expects " + set.channels()
                    + " means and standard deviations, found " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException(set.name() + ": normalize expects positive standard deviations, "
                        + "found " + std[c] + " for channel " + c);
            }
        }
        int plane = set.height() * set.width();
        float[] src = set.pixels();
        float[] out = new float[src.length];
        for (int start = 0; start < src.length; start += plane) {
            int c = start / plane % set.channels();
            for (int p = start; p < start + plane; p++) {
                out[p] = (src[p] - mean[c]) / std[c];
            }
        }
        return new ImageSet(set.name(), out, set.labels(), set.channels(), set.height(), set.width(), set.classes());
    }

    /**
     * Computes the mean and the (population) standard deviation of each channel over all images, in double
     * precision.
     *
     * @param set a non-empty set
     * @return {@code {mean, std}}, each with one value per channel
     */
    public static float[][] channelMeanStd(ImageSet set) {
        if (set.size() == 0) {
            throw new IllegalArgumentException(set.name() + ": channelMeanStd expects at least one image, found 0");
        }
        int channels = set.channels();
        int plane = set.height() * set.width();
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        float[] src = set.pixels();
        for (int start = 0; start < src.length; start += plane) {
            int c = start / plane % channels;
            for (int p = start; p < start + plane; p++) {
                sum[c] += src[p];
                sumSq[c] += (double) src[p] * src[p];
            }
        }
        double n = (double) set.size() * plane;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(0, sumSq[c] / n - m * m));
        }
        return new float[][] {mean, std};
    }
}
