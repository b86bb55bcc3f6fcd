package sglp.kernel;

import sglp.report.Tables;
import sglp.report.PlotlyJs;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.concurrent.atomic.AtomicBoolean;
import sglp.report.Displayable;
import sglp.report.Figure;
import tech.tablesaw.api.Table;

/**
 * The renderers of one kernel session: Tablesaw tables, plotly figures and SGLP results as HTML with a text
 * fallback. Everything else keeps basekernel's text of {@code toString}.
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
     * @param renderer the kernel's renderer
     */
    void registerOn(Renderer renderer) {
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> render(context, Tables.toHtml(table, MAX_ROWS),
                        Tables.toText(table, MAX_ROWS)));
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((figure, context) -> render(context, figureHtml(figure), figure.toString()));
        renderer.createRegistration(Displayable.class).preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((result, context) -> {
                    Table table = result.table();
                    render(context, Tables.toHtml(table, MAX_ROWS) + figureHtml(result.figure()),
                            Tables.toText(table, MAX_ROWS));
                });
    }

    /**
     * Takes plotly.js for display on its own, as the {@code %plotly} magic does after a page reload.
     *
     * @return HTML that loads plotly.js into the page unless it is there
     */
    DisplayData plotlyLibrary() {
        plotlySent.set(true);
        return libraryData();
    }

    /**
     * Takes plotly.js for display unless an earlier output of this session carried it: for figures that are
     * replaced in place, which must not carry the library themselves.
     *
     * @return HTML that loads plotly.js, or null when it was sent already
     */
    DisplayData plotlyLibraryOnce() {
        return plotlySent.compareAndSet(false, true) ? libraryData() : null;
    }

    private static DisplayData libraryData() {
        DisplayData data = new DisplayData("plotly.js " + PlotlyJs.VERSION);
        data.putHTML(PlotlyJs.scriptElement());
        return data;
    }

    private String figureHtml(Figure figure) {
        return FigureHtml.html(figure, plotlySent.compareAndSet(false, true));
    }

    private static void render(RenderContext context, String html, String text) {
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> html);
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }
}
