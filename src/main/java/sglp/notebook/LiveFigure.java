package sglp.notebook;

import java.util.UUID;
import sglp.report.Figure;

/**
 * A figure in the cell's output that is replaced in place (one output, updated through its display id), e.g. a
 * training curve that grows by one point per epoch. plotly.js goes into an output of its own first when no earlier
 * output carried it, since the replaced output must not carry it.
 */
final class LiveFigure {
    private final String id = "sglp-live-" + UUID.randomUUID();
    private boolean shown;

    /**
     * Shows a figure: the first call adds the output, later calls replace it.
     *
     * @param figure the figure's current state
     */
    void show(Figure figure) {
        MimeBundle data = FigureHtml.bundle(figure, false).withDisplayId(id);
        if (shown) {
            Notebook.update(data);
            return;
        }
        MimeBundle library = Notebook.renderers().plotlyLibraryOnce();
        if (library != null) {
            Notebook.publish(library);
        }
        Notebook.publish(data);
        shown = true;
    }
}
