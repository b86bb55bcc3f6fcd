package sglp.data;

import java.util.SplittableRandom;

/**
 * Seeded, class-stratified splits and samples. The same set and seed always give the same result; the images of
 * each result are in a seeded random order, so that any prefix mixes the classes.
 */
public final class Splits {
    private Splits() {}

    /**
     * Holds out the same number of images of every class.
     *
     * @param all the set to split
     * @param testPerClass how many images of each class go to the test part
     * @param seed the seed of the random choice
     * @return disjoint parts that together hold every image of {@code all} once
     * @throws IllegalArgumentException if a class has fewer than {@code testPerClass} images
     */
    public static Split stratified(ImageSet all, int testPerClass, long seed) {
        int[] counts = all.classCounts();
        int[] quota = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            if (testPerClass < 0 || testPerClass > counts[c]) {
                throw new IllegalArgumentException(all.name() + ": stratified split needs testPerClass in [0, "
                        + counts[c] + "] for class " + all.classes().get(c) + ", found " + testPerClass);
            }
            quota[c] = testPerClass;
        }
        return split(all, quota, seed);
    }

    /**
     * Holds out a fraction of every class, {@code round(count * testFraction)} images each.
     *
     * @param all the set to split
     * @param testFraction the fraction held out, in [0, 1]
     * @param seed the seed of the random choice
     * @return disjoint parts that together hold every image of {@code all} once
     */
    public static Split stratified(ImageSet all, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException(all.name() + ": stratified split needs testFraction in [0, 1], found "
                    + testFraction);
        }
        int[] counts = all.classCounts();
        int[] quota = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            quota[c] = (int) Math.round(counts[c] * testFraction);
        }
        return split(all, quota, seed);
    }

    /**
     * Draws a stratified sample without replacement, such as a calibration batch: each class gets its share of
     * {@code n} in proportion to its count (largest remainders round the shares).
     *
     * @param set the set to sample
     * @param n how many images, at most {@code set.size()}
     * @param seed the seed of the random choice
     * @return {@code n} distinct images of {@code set}
     */
    public static ImageSet sample(ImageSet set, int n, long seed) {
        if (n < 0 || n > set.size()) {
            throw new IllegalArgumentException(set.name() + ": sample needs n in [0, " + set.size() + "], found " + n);
        }
        int[] counts = set.classCounts();
        int[] quota = new int[counts.length];
        double[] remainder = new double[counts.length];
        int assigned = 0;
        for (int c = 0; c < counts.length; c++) {
            double share = (double) n * counts[c] / Math.max(1, set.size());
            quota[c] = (int) share;
            remainder[c] = share - quota[c];
            assigned += quota[c];
        }
        for (; assigned < n; assigned++) {
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        return set.subset(choose(set, quota, seed)[1]);
    }

    private static Split split(ImageSet all, int[] quota, long seed) {
        int[][] parts = choose(all, quota, seed);
        return new Split(all.subset(parts[0]), all.subset(parts[1]));
    }

    /**
     * Chooses {@code quota[c]} random images of each class c for the test part, the rest for the train part.
     *
     * @return the indices {@code {train, test}}, each in a seeded random order
     */
    private static int[][] choose(ImageSet all, int[] quota, long seed) {
        int[][] byClass = indicesByClass(all);
        int testSize = 0;
        for (int q : quota) {
            testSize += q;
        }
        int[] test = new int[testSize];
        int[] train = new int[all.size() - testSize];
        int t = 0;
        int r = 0;
        for (int c = 0; c < byClass.length; c++) {
            Rng.shuffle(byClass[c], Rng.of(seed, c));
            for (int k = 0; k < byClass[c].length; k++) {
                if (k < quota[c]) {
                    test[t++] = byClass[c][k];
                } else {
                    train[r++] = byClass[c][k];
                }
            }
        }
        SplittableRandom order = Rng.of(seed, byClass.length);
        Rng.shuffle(train, order);
        Rng.shuffle(test, order);
        return new int[][] {train, test};
    }

    private static int[][] indicesByClass(ImageSet set) {
        int[] counts = set.classCounts();
        int[][] byClass = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < set.size(); i++) {
            int label = set.labels()[i];
            byClass[label][filled[label]++] = i;
        }
        return byClass;
    }
}
