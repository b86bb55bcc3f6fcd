package sglp.kernel;

import java.util.List;

/** The cell's code threw an exception; the traceback keeps the user's frames and library frames only. */
final class RuntimeError extends CellError {
    /**
     * Creates the error.
     *
     * @param message the exception's class name and message
     * @param traceback the exception, its frames, and its causes
     */
    RuntimeError(String message, List<String> traceback) {
        super(message, traceback);
    }
}
