package sglp.kernel;

import java.util.List;

/** The compiler rejected a snippet of the cell; the traceback points at the line and column. */
final class CompileError extends CellError {
    /**
     * Creates the error.
     *
     * @param message where and what, e.g. {@code line 2, column 9: cannot find symbol}
     * @param traceback the diagnostics with the offending lines and carets
     */
    CompileError(String message, List<String> traceback) {
        super(message, traceback);
    }
}
