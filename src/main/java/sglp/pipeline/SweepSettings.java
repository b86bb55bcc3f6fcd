package sglp.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One setting of a comparison varied over values, everything else fixed: each value is a point, compared on its own.
 *
 * @param option the setting that varies
 * @param values its values, at least one, distinct
 * @param base the comparison every point starts from
 */
public record SweepSettings(Option option, List<Integer> values, CompareSettings base) {

    /** The settings a sweep can vary, under the option names of the command line. */
    public enum Option {
        /** SGLP's number of segments. */
        K("k", CompareSettings::withK),
        /** The budget M. */
        KEEP("keep", CompareSettings::withKeep),
        /** GradNorm's batch. */
        SEARCH_BATCH("search-batch", CompareSettings::withSearchBatch),
        /** The calibration images. */
        CKA_SAMPLES("cka-samples", CompareSettings::withCkaSamples),
        /** The first seed of the point's seeds. */
        SEED("seed", (s, v) -> s.withFirstSeed(v));

        private final String word;
        private final BiFunction<CompareSettings, Integer, CompareSettings> apply;

        Option(String word, BiFunction<CompareSettings, Integer, CompareSettings> apply) {
            this.word = word;
            this.apply = apply;
        }

        /** @return the option's name on the command line, such as {@code search-batch} */
        public String word() {
            return word;
        }

        /**
         * @param base a comparison
         * @param value the option's value
         * @return the comparison with the value
         */
        public CompareSettings apply(CompareSettings base, int value) {
            return apply.apply(base, value);
        }
    }

    /** Checks and copies the values. */
    public SweepSettings {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(base, "base");
        values = List.copyOf(values);
        if (values.isEmpty() || values.stream().distinct().count() != values.size()) {
            throw new IllegalArgumentException("sweep of " + option.word() + ": expected distinct values, found "
                    + values);
        }
    }

    /** @return the points' jobs, in the order of the values */
    public List<SweepJob> jobs() {
        return values.stream().map(v -> new SweepJob(option.word().toLowerCase(Locale.ROOT), v,
                option.apply(base, v))).toList();
    }
}
