package sglp.pipeline;

import java.util.List;
import java.util.Objects;
import sglp.select.SegmentSearch;
import sglp.select.Selectors;

/**
 * What a comparison of layer-selection methods runs (METHOD.md sections 5 and 6): every method on the same
 * pretrained model, the same budget and the same recovery recipe, once per seed. A seed fixes the calibration images,
 * GradNorm's batch and random weights, the random methods' draws and the fine-tuning order; the model stays the same.
 *
 * @param methods the methods' names ({@link Selectors#NAMES})
 * @param search the budget M (null: {@link Session#defaultKeep(int, int)}), GradNorm's mode and batch
 * @param k SGLP's number of segments
 * @param seeds how many seeds, at least 1: the session's seed, then the next ones
 * @param cka CKA's calibration images, pass size, estimator and kernel; the layers' states and the one-shot loss
 *     use the same images
 * @param candidateLimit the most candidates a search scores
 * @param recalibrateBatches training batches of BatchNorm recalibration after pruning (0: none)
 * @param finetune the fine-tuning after recalibration (0 epochs: none)
 * @param firstSeed the first seed, or null for the session's seed
 */
public record CompareSettings(List<String> methods, SearchSettings search, int k, int seeds, CkaSettings cka,
        long candidateLimit, int recalibrateBatches, TrainSettings finetune, Long firstSeed) {
    /** The default number of recalibration batches. */
    public static final int RECALIBRATE_BATCHES = 20;
    /** The default number of seeds. */
    public static final int SEEDS = 3;
    /** Every method, the default budget, k and CKA, 3 seeds, 20 recalibration batches, 2 fine-tuning epochs. */
    public static final CompareSettings DEFAULT = new CompareSettings(Selectors.NAMES, SearchSettings.DEFAULT,
            PruningSession.SEGMENTS, SEEDS, CkaSettings.DEFAULT, SegmentSearch.DEFAULT_LIMIT, RECALIBRATE_BATCHES,
            TrainSettings.FINETUNE, null);

    /**
     * @param keep M, or null for the session's default
     * @return these settings with another budget
     */
    public CompareSettings withKeep(Integer keep) {
        return new CompareSettings(methods, new SearchSettings(keep, search.mode(), search.batch()), k, seeds, cka,
                candidateLimit, recalibrateBatches, finetune, firstSeed);
    }

    /**
     * @param segments k
     * @return these settings with another number of segments
     */
    public CompareSettings withK(int segments) {
        return new CompareSettings(methods, search, segments, seeds, cka, candidateLimit, recalibrateBatches, finetune,
                firstSeed);
    }

    /**
     * @param batch images of GradNorm's batch
     * @return these settings with another search batch
     */
    public CompareSettings withSearchBatch(int batch) {
        return new CompareSettings(methods, new SearchSettings(search.keep(), search.mode(), batch), k, seeds, cka,
                candidateLimit, recalibrateBatches, finetune, firstSeed);
    }

    /**
     * @param samples calibration images
     * @return these settings with another number of calibration images
     */
    public CompareSettings withCkaSamples(int samples) {
        return new CompareSettings(methods, search, k, seeds, new CkaSettings(samples, Math.min(samples, cka.batch()),
                cka.estimator(), cka.kernel()), candidateLimit, recalibrateBatches, finetune, firstSeed);
    }

    /**
     * @param seed the first seed
     * @return these settings from another first seed
     */
    public CompareSettings withFirstSeed(long seed) {
        return new CompareSettings(methods, search, k, seeds, cka, candidateLimit, recalibrateBatches, finetune, seed);
    }

    /** Checks the values and the methods' names. */
    public CompareSettings {
        methods = List.copyOf(methods);
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(cka, "cka");
        Objects.requireNonNull(finetune, "finetune");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods: expected at least one of " + Selectors.NAMES + ", found none");
        }
        methods.forEach(m -> Selectors.byName(m, Selectors.Settings.DEFAULT));
        if (k < 1 || seeds < 1 || recalibrateBatches < 0) {
            throw new IllegalArgumentException("compare: expected k >= 1, seeds >= 1 and recalibration batches >= 0, "
                    + "found " + k + ", " + seeds + " and " + recalibrateBatches);
        }
    }
}
