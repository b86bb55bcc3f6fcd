package sglp.notebook;

import java.util.concurrent.atomic.AtomicBoolean;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.PlotlyJs;
import sglp.report.Tables;
import tech.tablesaw.api.Table;

/**
 * The renderers of one kernel session: Tablesaw tables, plotly figures and SGLP results as HTML with a text
 * fallback, and every figure also as {@link MimeBundle#PLOTLY_JSON} (see {@link FigureHtml#bundle}). Everything
 * else keeps the kernel's own rendering.
 *
 * <p>plotly.js travels with the first figure of the session only; each figure's script checks for it at run
 * time.
 */
final class Renderers {
    /** The most table rows a cell shows. */
    static final int MAX_ROWS = 20;
    private final AtomicBoolean plotlySent = new AtomicBoolean();

    /**
     * Registers the renderers.
     *
     * @param front the kernel
     */
    void registerOn(NotebookFront front) {
        front.registerRenderer(Table.class, this::table);
        front.registerRenderer(Figure.class, this::figure);
        front.registerRenderer(Displayable.class, this::result);
    }

    /**
     * @param value any value
     * @return its output when it is a table, a figure or an SGLP result, otherwise null
     */
    MimeBundle render(Object value) {
        if (value instanceof Table table) {
            return table(table);
        }
        if (value instanceof Figure figure) {
            return figure(figure);
        }
        return value instanceof Displayable result ? result(result) : null;
    }

    /**
     * Takes plotly.js for display on its own, as the {@code %plotly} magic does after a page reload.
     *
     * @return HTML that loads plotly.js into the page unless it is there
     */
    MimeBundle plotlyLibrary() {
        plotlySent.set(true);
        return libraryData();
    }

    /**
     * Takes plotly.js for display unless an earlier output of this session carried it: for figures that are
     * replaced in place, which must not carry the library themselves.
     *
     * @return HTML that loads plotly.js, or null when it was sent already
     */
    MimeBundle plotlyLibraryOnce() {
        return plotlySent.compareAndSet(false, true) ? libraryData() : null;
    }

    private static MimeBundle libraryData() {
        return MimeBundle.of("plotly.js " + PlotlyJs.VERSION, PlotlyJs.scriptElement());
    }

    private MimeBundle table(Table table) {
        return MimeBundle.of(Tables.toText(table, MAX_ROWS), Tables.toHtml(table, MAX_ROWS));
    }

    private MimeBundle figure(Figure figure) {
        return FigureHtml.bundle(figure, plotlySent.compareAndSet(false, true));
    }

    private MimeBundle result(Displayable result) {
        Table table = result.table();
        MimeBundle figure = figure(result.figure());
        return figure.with(MimeBundle.TEXT_PLAIN, Tables.toText(table, MAX_ROWS))
                .with(MimeBundle.TEXT_HTML, Tables.toHtml(table, MAX_ROWS) + figure.get(MimeBundle.TEXT_HTML));
    }
}
