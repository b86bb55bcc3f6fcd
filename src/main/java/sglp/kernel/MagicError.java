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
}
