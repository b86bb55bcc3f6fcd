package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sglp.kernel.JShellKernel;
import sglp.report.PlotlyJs;

/**
 * Our kernel with the SGLP extension, as the shipped startup script installs it, in process: tables, figures and
 * SGLP results render as HTML.
 */
class SglpKernelTest {
    static final String FIGURE = "new Figure(JsonParser.parseString(\"[{\\\"type\\\": \\\"bar\\\", "
            + "\\\"y\\\": [1, 2, 3]}]\").getAsJsonArray(), JsonParser.parseString(\"{\\\"title\\\": \\\"cka\\\"}\")"
            + ".getAsJsonObject())";

    private static JShellKernel kernel;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = newKernel();
        Notebook.recordInto(null);
    }

    @AfterAll
    static void stopKernel() {
        Notebook.recordInto(null);
        kernel.onShutdown(false);
    }

    /** A kernel with the shipped startup script, already run: the SGLP extension is installed. */
    static JShellKernel newKernel() throws Exception {
        JShellKernel started = new JShellKernel(Files.readString(Path.of("kernel-ext/startup.jshell"))
                + "import com.google.gson.JsonParser;\n");
        started.eval("");
        return started;
    }

    private static String text(DisplayData data) {
        return (String) data.getData(MIMEType.TEXT_PLAIN);
    }

    private static String html(DisplayData data) {
        return (String) data.getData(MIMEType.TEXT_HTML);
    }

    @Test
    void tableRendersAsHtmlTruncatedToTwentyRows() throws Exception {
        DisplayData data = kernel.eval("Table t = Table.create(\"scores\",\n"
                + "    IntColumn.create(\"layer\", IntStream.range(0, 25).toArray()),\n"
                + "    DoubleColumn.create(\"cka\", IntStream.range(0, 25).mapToDouble(i -> i / 3.0).toArray()),\n"
                + "    LongColumn.create(\"params\", LongStream.range(0, 25).map(i -> 1_234_567L * i).toArray()));\n"
                + "t");
        String html = html(data);
        assertTrue(html.contains("<caption>scores</caption>"), html);
        assertTrue(html.contains("... 5 more rows (25 rows in all)"), html);
        assertEquals(22, html.split("<tr>", -1).length - 1, "header, 20 rows and the note");
        assertTrue(html.contains(">0.3333</td>"), html);
        assertTrue(html.contains(">1234567</td>"), html);
        assertTrue(text(data).contains("scores"), text(data));
    }

    @Test
    void figuresCarryGuardedPlotlyOnlyInTheFirstOutput() throws Exception {
        JShellKernel fresh = newKernel();
        try {
            String first = html(fresh.eval(FIGURE));
            String second = html(fresh.eval(FIGURE));
            assertTrue(first.contains(PlotlyJs.guardedScript()), "guard");
            assertTrue(first.contains("plotly.js v" + PlotlyJs.VERSION), "library inlined");
            assertTrue(first.contains("}).call(window); }"), "guard closed");
            assertTrue(second.contains("window.Plotly.newPlot(div, figure.data, figure.layout"), second);
            assertTrue(!second.contains("plotly.js v") && second.length() < 2_000, "no library the second time");
            assertEquals("Figure[cka, 1 traces]", text(fresh.eval(FIGURE)));
        } finally {
            fresh.onShutdown(false);
        }
    }

    @Test
    void displayableShowsItsTableThenItsFigure() throws Exception {
        String html = html(kernel.eval("new Displayable() {\n"
                + "    public Table table() { return Table.create(\"r\", IntColumn.create(\"k\", 1, 2)); }\n"
                + "    public Figure figure() { return " + FIGURE + "; }\n"
                + "}"));
        assertTrue(html.indexOf("<table") >= 0 && html.indexOf("<table") < html.indexOf("Plotly.newPlot"), html);
    }
}
