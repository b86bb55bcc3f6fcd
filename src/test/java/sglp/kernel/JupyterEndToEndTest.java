package sglp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.report.PlotlyJs;

/**
 * The kernel through real Jupyter: Debian's {@code /usr/bin/jupyter nbconvert --execute} runs notebooks on the
 * kernelspec from {@code kernel-ext/}, installed into a temporary Jupyter path with this test's class path; the
 * executed notebook is exported to HTML and opened in headless Chromium.
 */
class JupyterEndToEndTest {
    private static final String PLOTLY_MARKER = "plotly.js v" + PlotlyJs.VERSION;

    @TempDir
    static Path home;
    private static Jupyter jupyter;
    private static Path executed;
    /** What nbconvert and the kernel printed while the notebook ran. */
    private static String log;
    private static JsonArray cells;

    @BeforeAll
    static void executeNotebook() throws Exception {
        jupyter = new Jupyter(home, Map.of());
        Path notebook = writeNotebook(home.resolve("tour.ipynb"),
                "System.out.println(\"hello from the kernel\");\nSystem.err.println(\"a warning\");",
                "6 * 7",
                "Table.create(\"layers\", IntColumn.create(\"layer\", IntStream.range(0, 25).toArray()))",
                FigureCell.CODE,
                FigureCell.CODE,
                "try (ProgressDisplay progress = ProgressDisplay.start(Notebook.front(), \"probe\", 3)) {\n"
                        + "    for (int i = 0; i < 3; i++) { Thread.sleep(250); progress.step(\"layer \" + i); }\n}");
        Jupyter.Result run = jupyter.jupyter("nbconvert", "--to", "notebook", "--execute",
                Jupyter.CELL_TIMEOUT,
                "--output", "tour.executed", notebook.toString());
        assertEquals(0, run.status(), run.log());
        log = run.log();
        executed = home.resolve("tour.executed.ipynb");
        cells = JsonParser.parseString(Files.readString(executed)).getAsJsonObject().getAsJsonArray("cells");
    }

    @Test
    void theKernelLogsNothingButWarnings() {
        assertTrue(!log.contains("INFO: ") && !log.contains("FINE: "), "the kernel's log: " + log);
    }

    @Test
    void executedNotebookHoldsStreamsValuesTablesFiguresAndProgress() {
        assertEquals("hello from the kernel\n", stream(0, "stdout"));
        assertEquals("a warning\n", stream(0, "stderr"));
        assertEquals("42", data(1, "text/plain"));
        String table = data(2, "text/html");
        assertTrue(table.contains("<th style=\"text-align:right\">layer</th>")
                && table.contains("... 5 more rows (25 rows in all)"), table);
        String first = data(3, "text/html");
        String second = data(4, "text/html");
        assertTrue(first.contains(PLOTLY_MARKER) && first.contains("var define, module, exports;"), "first figure");
        assertTrue(!second.contains(PLOTLY_MARKER) && second.contains("Plotly.newPlot"), "second figure");
        JsonArray progress = outputs(5);
        assertEquals(1, progress.size(), "one progress output, updated in place: " + progress);
        String bar = progress.get(0).getAsJsonObject().getAsJsonObject("data").get("text/html").getAsString();
        assertTrue(bar.contains("<progress value=\"3\" max=\"3\">") && bar.contains("probe 3/3 (100%)")
                && bar.contains("done - layer 2"), bar);
    }

    @Test
    void figuresAlsoCarryPlotlyJsonForFrontEndsThatDrawItThemselves() {
        for (JsonElement output : outputs(3)) {
            JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has("application/vnd.plotly.v1+json")) {
                JsonObject figure = data.getAsJsonObject("application/vnd.plotly.v1+json");
                assertEquals("scatter", figure.getAsJsonArray("data").get(0).getAsJsonObject().get("type")
                        .getAsString(), figure.toString());
                assertTrue(figure.get("layout").isJsonObject(), figure.toString());
                return;
            }
        }
        fail("the figure cell has no application/vnd.plotly.v1+json output: " + outputs(3));
    }

    @Test
    void htmlExportDrawsTheFiguresInABrowser() throws Exception {
        Jupyter.Result export = jupyter.jupyter("nbconvert", "--to", "html", "--output", "tour", executed.toString());
        assertEquals(0, export.status(), export.log());
        Path html = home.resolve("tour.html");
        Jupyter.Result browser = jupyter.chromium(html, "--dump-dom");
        assertEquals(0, browser.status(), browser.log());
        Matcher svg = Pattern.compile("class=\"main-svg\"").matcher(browser.log());
        int drawn = 0;
        while (svg.find()) {
            drawn++;
        }
        assertTrue(drawn >= 2, "both figures drawn by plotly.js, found " + drawn + " main-svg elements");
    }

    @Test
    void aFailingCellMakesNbconvertFail() throws Exception {
        Path notebook = writeNotebook(home.resolve("failing.ipynb"),
                "int fine = 1;", "throw new IllegalStateException(\"expected failure\");", "fine");
        Jupyter.Result run = jupyter.jupyter("nbconvert", "--to", "notebook", "--execute", "--output",
                "failing.executed", notebook.toString());
        assertNotEquals(0, run.status(), run.log());
        assertTrue(run.log().contains("java.lang.IllegalStateException: expected failure"), run.log());
    }

    /** The figure cell of the tour notebook. */
    private static final class FigureCell {
        static final String CODE = "new Figure(JsonParser.parseString(\"[{\\\"type\\\": \\\"scatter\\\", "
                + "\\\"y\\\": [3, 1, 2]}]\").getAsJsonArray(), new JsonObject())";
    }

    private static Path writeNotebook(Path path, String... sources) throws IOException {
        JsonArray cellArray = new JsonArray();
        for (String source : sources) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("execution_count", JsonNull.INSTANCE);
            cell.add("metadata", new JsonObject());
            cell.add("outputs", new JsonArray());
            cell.addProperty("source", source);
            cellArray.add(cell);
        }
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "sglp-java");
        kernelspec.addProperty("display_name", "Java (SGLP)");
        kernelspec.addProperty("language", "java");
        JsonObject metadata = new JsonObject();
        metadata.add("kernelspec", kernelspec);
        JsonObject notebook = new JsonObject();
        notebook.add("cells", cellArray);
        notebook.add("metadata", metadata);
        notebook.add("nbformat", new JsonPrimitive(4));
        notebook.add("nbformat_minor", new JsonPrimitive(4));
        Files.writeString(path, new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(notebook));
        return path;
    }

    private static JsonArray outputs(int cell) {
        return cells.get(cell).getAsJsonObject().getAsJsonArray("outputs");
    }

    private static String stream(int cell, String name) {
        StringBuilder text = new StringBuilder();
        for (JsonElement output : outputs(cell)) {
            JsonObject o = output.getAsJsonObject();
            if (o.get("output_type").getAsString().equals("stream") && o.get("name").getAsString().equals(name)) {
                text.append(Jupyter.joined(o.get("text")));
            }
        }
        return text.toString();
    }

    private static String data(int cell, String mime) {
        for (JsonElement output : outputs(cell)) {
            JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has(mime)) {
                return Jupyter.joined(data.get(mime));
            }
        }
        return fail("cell " + cell + " has no " + mime + " output: " + outputs(cell));
    }

}
