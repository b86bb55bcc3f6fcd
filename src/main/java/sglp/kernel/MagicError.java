package sglp.kernel;

import java.util.List;

/** A magic is unknown or failed. */
final class MagicError extends CellError {
    /**
     * Creates the error.
     *
     * @param message which magic and what went wrong
     */
    MagicError(String message) {
        super(message, List.of(message));
    }

    /**
     * Creates the error with more lines below its message, e.g. a usage line.
     *
     * @param message which magic and what went wrong
     * @param lines what Jupyter shows, the message first
     */
    MagicError(String message, List<String> lines) {
        super(message, lines);
    }
}
