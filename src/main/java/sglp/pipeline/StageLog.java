package sglp.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the current results of a session ran with and how long each took: the options, the input files and the wall
 * time of the last run of each stage, cleared with the stage's result, so that they always describe the results the
 * session holds.
 */
final class StageLog {
    private final Map<String, Object> sessionOptions = new LinkedHashMap<>();
    private final Map<Stage, Map<String, Object>> options = new EnumMap<>(Stage.class);
    private final Map<Stage, Timing> timings = new EnumMap<>(Stage.class);
    private final Map<Stage, List<InputFile>> inputs = new EnumMap<>(Stage.class);
    private Stage running;

    /** The wall time of a stage's last run, under the name it is reported by. */
    private record Timing(String name, double seconds) {
    }

    /**
     * Runs a stage, recording its options (those {@link #option} gets while it runs) and its wall time.
     *
     * @param stage the stage
     * @param name the name its time is reported by, such as {@code "pretrain"}
     * @param work the stage
     * @param <T> its result type
     * @return its result
     */
    <T> T timed(Stage stage, String name, Supplier<T> work) {
        Stage outer = running;
        running = stage;
        long start = System.nanoTime();
        try {
            T result = work.get();
            timings.put(stage, new Timing(name, (System.nanoTime() - start) / 1e9));
            return result;
        } finally {
            running = outer;
        }
    }

    /**
     * Records an option of the stage that is running, or of the session outside any stage.
     *
     * @param name its name
     * @param value its value
     */
    void option(String name, Object value) {
        if (running == null) {
            sessionOptions.put(name, value);
        } else {
            options.computeIfAbsent(running, s -> new LinkedHashMap<>()).put(name, value);
        }
    }

    /**
     * Records a file that a stage's result depends on.
     *
     * @param stage the stage, or null for the one running
     * @param file the file
     * @throws IllegalStateException when no stage is named or running
     */
    void input(Stage stage, InputFile file) {
        Stage owner = stage != null ? stage : running;
        if (owner == null) {
            throw new IllegalStateException("inputs belong to stages: " + file.path());
        }
        inputs.computeIfAbsent(owner, s -> new ArrayList<>()).add(file);
    }

    /**
     * Forgets a stage's options, inputs and time, as its result is cleared.
     *
     * @param stage the stage
     */
    void clear(Stage stage) {
        options.remove(stage);
        inputs.remove(stage);
        timings.remove(stage);
    }

    /** @return seconds per stage, in stage order, under each stage's reported name */
    Map<String, Double> timings() {
        Map<String, Double> out = new LinkedHashMap<>();
        timings.values().forEach(t -> out.put(t.name(), t.seconds()));
        return out;
    }

    /** @return the files the current results were computed from, in stage order */
    List<InputFile> inputs() {
        List<InputFile> out = new ArrayList<>();
        inputs.values().forEach(out::addAll);
        return out;
    }

    /** @return the session's options, then each stage's, in stage order */
    Map<String, Object> options() {
        Map<String, Object> out = new LinkedHashMap<>(sessionOptions);
        options.values().forEach(out::putAll);
        return out;
    }
}
