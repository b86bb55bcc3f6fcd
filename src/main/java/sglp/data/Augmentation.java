package sglp.data;

import java.util.SplittableRandom;

/**
 * Random training augmentation of one image: a random crop of the original size from the image zero-padded by
 * {@code pad} pixels on each side, then a horizontal flip with probability 1/2 when {@code flip} is on.
 *
 * @param pad the zero padding of the crop, 0 for no crop
 * @param flip whether to flip half of the images left to right
 */
public record Augmentation(int pad, boolean flip) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** The standard CIFAR training augmentation: crop with padding 4, random horizontal flip. */
    public static final Augmentation CROP_FLIP = new Augmentation(4, true);

    /**
     * Creates an augmentation.
     *
     * @param pad the zero padding of the crop, at least 0
     * @param flip whether to flip half of the images
     */
    public Augmentation {
        if (pad < 0) {
            throw new IllegalArgumentException("augmentation padding must be >= 0, found " + pad);
        }
    }

    /** @return whether this augmentation leaves every image unchanged */
    public boolean isNone() {
        return pad == 0 && !flip;
    }

    /**
     * Writes an augmented copy of one C x H x W image; draws the crop offsets, then the flip, from {@code random}.
     */
    void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int c, int h, int w, SplittableRandom random) {
        int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
        int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
        boolean mirror = flip && random.nextBoolean();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                int row = dstOffset + (ch * h + y) * w;
                for (int x = 0; x < w; x++) {
                    int sx = (mirror ? w - 1 - x : x) + dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    dst[row + x] = inside ? src[srcOffset + (ch * h + sy) * w + sx] : 0f;
                }
            }
        }
    }
}
