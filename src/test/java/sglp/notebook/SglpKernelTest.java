package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sglp.kernel.JShellKernel;
import sglp.report.Figure;
import sglp.report.PlotlyJs;

/**
 * Our kernel with the SGLP extension, as the shipped startup script installs it, in process: tables, figures and
 * SGLP results render as HTML, and figures also as plotly JSON.
 */
class SglpKernelTest {
    static final String FIGURE = "new Figure(JsonParser.parseString(\"[{\\\"type\\\": \\\"bar\\\", "
            + "\\\"y\\\": [1, 2, 3]}]\").getAsJsonArray(), JsonParser.parseString(\"{\\\"title\\\": \\\"cka\\\"}\")"
            + ".getAsJsonObject())";
    private static final Gson GSON = new Gson();

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

    /** @return a plotly entry as Jupyter receives it (the kernel base serializes it with Gson) */
    private static JsonObject plotly(Object entry) {
        return GSON.toJsonTree(entry).getAsJsonObject();
    }

    private static JsonObject jsonOf(Figure figure) {
        return JsonParser.parseString(figure.toJson()).getAsJsonObject();
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

    @Test
    void figuresResultsAndLiveFiguresCarryPlotlyJsonBesideTheHtml() throws Exception {
        DisplayData value = kernel.eval(FIGURE);
        assertTrue(html(value).contains("window.Plotly.newPlot"), html(value));
        Object entry = value.getData(MIMEType.parse(MimeBundle.PLOTLY_JSON));
        assertTrue(entry instanceof Map, "a JSON object, not a string: " + entry);
        Figure figure = new Figure(JsonParser.parseString("[{\"type\": \"bar\", \"y\": [1, 2, 3]}]").getAsJsonArray(),
                JsonParser.parseString("{\"title\": \"cka\"}").getAsJsonObject());
        assertEquals(jsonOf(figure), plotly(entry));
        JsonObject json = plotly(entry);
        assertEquals(List.of("data", "layout"), List.copyOf(json.keySet()));
        assertEquals("bar", json.getAsJsonArray("data").get(0).getAsJsonObject().get("type").getAsString());
        assertEquals("cka", json.getAsJsonObject("layout").get("title").getAsString());

        DisplayData result = kernel.eval("new Displayable() {\n"
                + "    public Table table() { return Table.create(\"r\", IntColumn.create(\"k\", 1, 2)); }\n"
                + "    public Figure figure() { return " + FIGURE + "; }\n"
                + "}");
        assertTrue(html(result).contains("<table") && html(result).contains("Plotly.newPlot"), html(result));
        assertEquals(jsonOf(figure), plotly(result.getData(MIMEType.parse(MimeBundle.PLOTLY_JSON))));

        List<MimeBundle> outputs = new CopyOnWriteArrayList<>();
        Notebook.recordInto(outputs::add);
        try {
            LiveFigure live = new LiveFigure();
            live.show(figure);
            live.show(figure);
        } finally {
            Notebook.recordInto(null);
        }
        MimeBundle last = outputs.get(outputs.size() - 1);
        assertTrue(last.displayId() != null && ((String) last.get(MimeBundle.TEXT_HTML)).contains("Plotly.newPlot"));
        assertEquals(jsonOf(figure), plotly(last.get(MimeBundle.PLOTLY_JSON)));
    }

    @Test
    void numbersThatJsonCannotHoldBecomeNull() {
        Figure figure = new Figure(JsonParser.parseString("[{\"y\": [1, 2.5]}]").getAsJsonArray(), new JsonObject());
        var data = figure.data();
        data.get(0).getAsJsonObject().getAsJsonArray("y").add(Double.NaN);
        Map<String, Object> json = FigureHtml.json(new Figure(data, new JsonObject()));
        assertEquals("{\"data\":[{\"y\":[1,2.5,null]}],\"layout\":{}}",
                new GsonBuilder().serializeNulls().create().toJson(json));
    }
}
