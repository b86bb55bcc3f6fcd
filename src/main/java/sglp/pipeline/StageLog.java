package sglp.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What a session's stages ran with and how long each took, in the order they ran. */
final class StageLog {
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private final Map<String, Object> options = new LinkedHashMap<>();

    /**
     * Runs a stage and adds its wall time to the stage's total.
     *
     * @param stage the stage's name
     * @param work the stage
     * @param <T> its result type
     * @return its result
     */
    <T> T timed(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        timings.merge(stage, (System.nanoTime() - start) / 1e9, Double::sum);
        return result;
    }

    /**
     * Records an option.
     *
     * @param name its name
     * @param value its value
     */
    void option(String name, Object value) {
        options.put(name, value);
    }

    /** @return seconds per stage, a copy */
    Map<String, Double> timings() {
        return new LinkedHashMap<>(timings);
    }

    /** @return the options, a copy */
    Map<String, Object> options() {
        return new LinkedHashMap<>(options);
    }

    /**
     * @param value what a stage needs
     * @param message what to run first, when it is missing
     * @param <T> its type
     * @return the value
     * @throws IllegalStateException with the message when the value is null
     */
    static <T> T require(T value, String message) {
        if (value == null) {
            throw new IllegalStateException(message);
        }
        return value;
    }
}
