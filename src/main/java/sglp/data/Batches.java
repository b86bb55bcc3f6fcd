package sglp.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Epochs of minibatches over an {@link ImageSet}, optionally shuffled and augmented.
 *
 * <p>All randomness of epoch e comes from one generator derived from (seed, e): the same seed gives the same run,
 * and each epoch has its own order and augmentation. {@link #iterator()} walks epoch 0 on its first call, epoch 1 on
 * its second, and so on, so that {@code for (Batch b : batches)} inside an epoch loop sees fresh epochs;
 * {@link #epoch(int)} walks a given epoch.
 *
 * <pre>{@code
 * Batches train = Batches.builder(set).optBatchSize(128).optShuffle(seed).optAugment(Augmentation.CROP_FLIP).build();
 * for (int e = 0; e < epochs; e++) {
 *     for (Batch b : train.epoch(e)) { ... }
 * }
 * }</pre>
 */
public final class Batches implements Iterable<Batch> {
    private final ImageSet set;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final boolean dropLast;
    private int nextEpoch;

    private Batches(Builder builder) {
        set = builder.set;
        batchSize = builder.batchSize;
        shuffle = builder.shuffle;
        seed = builder.seed;
        augmentation = builder.augmentation;
        dropLast = builder.dropLast;
    }

    /**
     * Starts configuring batches over a set; by default 128 images per batch, in order, not augmented, the last
     * partial batch kept.
     *
     * @param set the images
     * @return a builder
     */
    public static Builder builder(ImageSet set) {
        return new Builder(set);
    }

    /**
     * Returns the first {@code n} images of a set as one batch, such as a calibration batch.
     *
     * @param set the images
     * @param n how many, at most {@code set.size()}
     * @return a batch of fresh arrays
     */
    public static Batch first(ImageSet set, int n) {
        return Batch.of(set.head(n));
    }

    /** @return the number of batches in one epoch */
    public int batchesPerEpoch() {
        int n = set.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Walks one epoch.
     *
     * @param epoch the epoch number, from 0; it selects the order and the augmentation
     * @return the batches of that epoch, the same on every call
     */
    public Iterable<Batch> epoch(int epoch) {
        return () -> new EpochIterator(epoch);
    }

    /** @return the batches of the next epoch: epoch 0 on the first call, then 1, 2, ... */
    @Override
    public Iterator<Batch> iterator() {
        return new EpochIterator(nextEpoch++);
    }

    /** The batches of one epoch, cut from a fixed order of the images. */
    private final class EpochIterator implements Iterator<Batch> {
        private final int[] order = new int[set.size()];
        private final SplittableRandom random;
        private int batch;

        EpochIterator(int epoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            random = Rng.of(seed, epoch);
            if (shuffle) {
                Rng.shuffle(order, random);
            }
        }

        @Override
        public boolean hasNext() {
            return batch < batchesPerEpoch();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch has " + batchesPerEpoch() + " batches");
            }
            int from = batch++ * batchSize;
            int n = Math.min(batchSize, order.length - from);
            int d = set.imageSize();
            float[] x = new float[n * d];
            int[] y = new int[n];
            for (int k = 0; k < n; k++) {
                int i = order[from + k];
                if (augmentation.isNone()) {
                    System.arraycopy(set.pixels(), i * d, x, k * d, d);
                } else {
                    augmentation.apply(set.pixels(), i * d, x, k * d,
                            set.channels(), set.height(), set.width(), random);
                }
                y[k] = set.labels()[i];
            }
            return new Batch(x, y, set.channels(), set.height(), set.width());
        }
    }

    /** Options for {@link Batches}; every {@code opt*} setting is optional. */
    public static final class Builder {
        private final ImageSet set;
        private int batchSize = 128;
        private boolean shuffle;
        private long seed;
        private Augmentation augmentation = Augmentation.NONE;
        private boolean dropLast;

        private Builder(ImageSet set) {
            this.set = set;
        }

        /**
         * Sets the number of images per batch (default 128).
         *
         * @param batchSize a positive size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Shuffles the images anew in every epoch (default: in order).
         *
         * @param seed the seed of the run; augmentation draws from it too
         * @return this builder
         */
        public Builder optShuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /**
         * Sets the augmentation of every image (default {@link Augmentation#NONE}).
         *
         * @param augmentation the augmentation
         * @return this builder
         */
        public Builder optAugment(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Drops the last batch of an epoch when it is smaller than the batch size (default false).
         *
         * @param dropLast whether to drop it
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Builds the batches.
         *
         * @return the batches
         * @throws IllegalStateException if augmentation is on without a seed from {@link #optShuffle(long)}
         */
        public Batches build() {
            if (!augmentation.isNone() && !shuffle) {
                throw new IllegalStateException("augmentation " + augmentation
                        + " draws from the shuffle seed: call optShuffle(seed) too");
            }
            return new Batches(this);
        }
    }
}
