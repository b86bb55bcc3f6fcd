package sglp.kernel;

import java.util.List;

/** The cell was interrupted from the notebook before it finished. */
final class InterruptedError extends CellError {
    /** Creates the error. */
    InterruptedError() {
        super("the cell was interrupted", List.of("Interrupted: the cell was stopped before it finished; "
                + "variables it assigned keep the values they had at that point."));
    }
}
