package sglp.notebook;

import java.util.List;

/**
 * {@code %sglp} failed for a reason its user should read: a wrong word, a stage before its input, an interrupt.
 *
 * <p>It has no stack trace and its {@link #toString()} is the lines to show, the message first: our kernel shows an
 * exception without a stack trace as exactly that, and kernels that print a stack trace (IJava, JJava) print just
 * these lines.
 */
final class MagicError extends Exception {
    private final List<String> lines;

    /**
     * Creates the error.
     *
     * @param message which magic and what went wrong
     */
    MagicError(String message) {
        this(message, List.of(message));
    }

    /**
     * Creates the error with more lines below its message, e.g. a usage line.
     *
     * @param message which magic and what went wrong
     * @param lines what the notebook shows, the message first
     */
    MagicError(String message, List<String> lines) {
        super(message, null, false, false);
        this.lines = List.copyOf(lines);
    }

    /** @return the lines to show, one per line */
    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
