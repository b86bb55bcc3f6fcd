package sglp.progress;


/**
 * Where long stages report how far they are. The command line shows a console bar, the notebook an in-place
 * display; {@link #NONE} shows nothing.
 */
public interface Progress {

    /** Shows no progress; {@link #notice}s still go to standard error. */
    Progress NONE = (task, done, total, message) -> { };

    /**
     * Called as a task advances.
     *
     * @param task the stage, e.g. {@code "search"}
     * @param done steps done
     * @param total steps in all
     * @param message what the last step did
     */
    void update(String task, long done, long total, String message);

    /**
     * Called after each epoch of a training task, once its test accuracy is known: for live training curves.
     * Does nothing by default.
     *
     * @param task the stage, e.g. {@code "finetune"}
     * @param stats the epoch's numbers
     */
    default void epoch(String task, EpochStats stats) {
    }

    /**
     * Tells the user one line that is not progress, such as a cache entry that had to be rebuilt. Prints it to
     * standard error by default.
     *
     * @param line the line
     */
    default void notice(String line) {
        System.err.println(line);
    }
}
