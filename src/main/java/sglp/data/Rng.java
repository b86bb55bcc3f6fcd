package sglp.data;

import java.util.SplittableRandom;

/**
 * Seeded random streams: one independent generator per (seed, stream) pair, the same on every run (METHOD.md
 * section 6). Streams are numbered (one per epoch of a run) or named after what draws from them, such as
 * {@code "random selection"}: two purposes never share draws, so changing one does not change the other.
 */
public final class Rng {
    private Rng() {}

    /**
     * Returns the generator of one stream of a seed, such as one epoch of a run.
     *
     * @param seed the run's seed
     * @param stream the stream number
     * @return a generator whose sequence depends only on {@code seed} and {@code stream}
     */
    public static SplittableRandom of(long seed, long stream) {
        // Scramble (seed, stream) into one seed: SplittableRandom seeds that differ by its gamma give shifted copies.
        long mixed = new SplittableRandom(seed).nextLong() ^ new SplittableRandom(~stream).nextLong();
        return new SplittableRandom(mixed);
    }

    /**
     * Returns the generator of a named stream of a seed.
     *
     * @param seed the run's seed
     * @param stream what draws from it, such as {@code "random selection"}
     * @return a generator whose sequence depends only on {@code seed} and the name
     */
    public static SplittableRandom of(long seed, String stream) {
        long h = 1125899906842597L;
        for (int i = 0; i < stream.length(); i++) {
            h = 31 * h + stream.charAt(i);
        }
        return of(seed, h);
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
