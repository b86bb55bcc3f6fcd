package sglp.pipeline;

/**
 * Where long stages report how far they are. The command line shows a console bar, the notebook an in-place
 * display; {@link #NONE} shows nothing.
 */
public interface Progress {

    /** Shows nothing. */
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
}
