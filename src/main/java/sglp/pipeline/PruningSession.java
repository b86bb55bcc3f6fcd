package sglp.pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import sglp.cka.SimilarityMatrix;
import sglp.progress.Progress;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segmentation;

/**
 * What every pruning session shares, whatever the model family: the seed, the progress display, the log of options
 * and timings, and the chain of stages similarity, segmentation, search. {@link Session} (CNNs) and
 * {@link LlmSession} (LLaMA decoders) add the stages of their family: data, model, pruning, comparison, tuning.
 *
 * <p>Stages run through {@link #run}: running a stage again clears its old result and the result of every later
 * stage ({@link Stage} order), closing what they own, so that the session never shows a result computed from an
 * earlier model, data or similarity.
 *
 * @param <R> the search's result
 */
public abstract class PruningSession<R> implements AutoCloseable {
    /** The default number of Fisher segments (the paper's for shallow networks; it uses 5 for ResNet-56). */
    public static final int SEGMENTS = 3;
    private final long seed;
    private final Progress progress;
    private final StageLog log = new StageLog();
    private SimilarityMatrix similarity;
    private Segmentation segmentation;
    private R search;

    /**
     * Creates a session.
     *
     * @param seed the seed of every random choice in the session
     * @param progress where long stages report progress
     */
    protected PruningSession(long seed, Progress progress) {
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * Fisher optimal segmentation of the layers by the last similarity matrix (METHOD.md section 2).
     *
     * @param k the number of segments
     * @return the segmentation, with the loss curve over k
     * @throws IllegalStateException before a CKA stage
     */
    public Segmentation segment(int k) {
        SimilarityMatrix s = require(similarity, "run cka before segment");
        return run(Stage.SEGMENT, "segment", () -> {
            option("k", k);
            segmentation = FisherSegmenter.builder().build().segment(s, k);
            return segmentation;
        });
    }

    /**
     * Runs a stage: clears the results of this stage and of every later one (closing what they own), then runs the
     * work, recording the options it sets ({@link #option}) and its wall time.
     *
     * @param stage the stage
     * @param timingName the name its time is reported by
     * @param work computes and stores the stage's result
     * @param <T> the result's type
     * @return the result
     */
    protected final <T> T run(Stage stage, String timingName, Supplier<T> work) {
        Stage[] all = Stage.values();
        for (int i = all.length - 1; i >= stage.ordinal(); i--) {
            log.clear(all[i]);
            clearShared(all[i]);
            clear(all[i]);
        }
        return log.timed(stage, timingName, work);
    }

    private void clearShared(Stage stage) {
        switch (stage) {
            case CKA -> similarity = null;
            case SEGMENT -> segmentation = null;
            case SEARCH -> search = null;
            default -> { }
        }
    }

    /**
     * Clears this family's own result of a stage, closing what it owns. Called for a stage about to run again and
     * for every stage after it, last first, and for every stage when the session closes.
     *
     * @param stage the stage
     */
    protected abstract void clear(Stage stage);

    /**
     * Records an option of the stage that is running (or, outside {@link #run}, of the session).
     *
     * @param name the option's name
     * @param value its value
     */
    protected final void option(String name, Object value) {
        log.option(name, value);
    }

    /**
     * Records a file that a stage's result depends on, with its SHA-256, for the manifest; it is forgotten when the
     * stage's result is cleared.
     *
     * @param stage the stage, or null for the one running
     * @param role what the file is to the run, such as {@code "weights"}
     * @param file the file
     */
    protected final void input(Stage stage, String role, Path file) {
        log.input(stage, InputFile.of(role, file));
    }

    /**
     * Keeps a CKA stage's result.
     *
     * @param s the similarity matrix
     * @return it
     */
    protected final SimilarityMatrix keepSimilarity(SimilarityMatrix s) {
        similarity = s;
        return s;
    }

    /**
     * Keeps a search stage's result.
     *
     * @param r the search's result
     * @return it
     */
    protected final R keepSearch(R r) {
        search = r;
        return r;
    }

    /**
     * @param value what a stage needs
     * @param message what to run first, when it is missing
     * @param <T> its type
     * @return the value
     * @throws IllegalStateException with the message when the value is null
     */
    protected static <T> T require(T value, String message) {
        if (value == null) {
            throw new IllegalStateException(message);
        }
        return value;
    }

    /** @return where long stages report progress */
    protected final Progress progress() {
        return progress;
    }

    /** @return the session's seed */
    public long seed() {
        return seed;
    }

    /** @return the options the current results ran with: the session's, then each stage's, in stage order */
    public Map<String, Object> options() {
        return log.options();
    }

    /** @return the files the current results were computed from, each with its size and SHA-256 */
    public List<InputFile> inputs() {
        return log.inputs();
    }

    /** @return seconds of each stage whose result the session holds, in stage order */
    public Map<String, Double> timings() {
        return log.timings();
    }

    /** @return the last CKA matrix, or null */
    public SimilarityMatrix similarity() {
        return similarity;
    }

    /** @return the last segmentation, or null */
    public Segmentation segmentation() {
        return segmentation;
    }

    /** @return the last search's result, or null */
    public R searchResult() {
        return search;
    }

    /** Clears every stage, closing the models the session owns. */
    @Override
    public void close() {
        Stage[] all = Stage.values();
        for (int i = all.length - 1; i >= 0; i--) {
            clearShared(all[i]);
            clear(all[i]);
        }
    }
}
