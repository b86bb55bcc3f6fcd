package sglp.kernel;

import java.util.List;

/**
 * A cell failed, described for the person who wrote it: Jupyter shows the class's simple name, the message, and
 * the {@link #traceback()} lines, so no kernel frames are carried along.
 */
abstract class CellError extends Exception {
    private final List<String> traceback;

    /**
     * Creates an error.
     *
     * @param message the one-line summary
     * @param traceback the lines shown below it
     */
    CellError(String message, List<String> traceback) {
        super(message, null, false, false);
        this.traceback = List.copyOf(traceback);
    }

    /** @return the lines Jupyter shows for this error */
    List<String> traceback() {
        return traceback;
    }
}
