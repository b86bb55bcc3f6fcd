package sglp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook of {@code notebooks/}, executed top to bottom by {@code jupyter nbconvert --execute} with the small
 * settings ({@code SGLP_NB_SMALL=1}), exported to HTML and opened in headless Chromium: no cell may fail, and every
 * figure the notebook emitted must have been drawn by plotly.js. A screenshot of each lands in
 * {@code target/notebook-screenshots/}, with the execution times in {@code times.txt}.
 */
class NotebooksTest {
    private static final Path NOTEBOOKS = Path.of("notebooks");
    private static final Path SCREENSHOTS = Path.of("target/notebook-screenshots");
    private static final String FIGURE_MARK = "class=\"sglp-figure\"";
    private static final Pattern COUNTED = Pattern.compile("data-sglp-figures=\"(\\d+)/(\\d+)\"");
    /** Counts the figure divs and those that plotly drew into (an SVG root inside). */
    private static final String COUNTER = "<script>window.addEventListener('load', function () {\n"
            + "  setTimeout(function () {\n"
            + "    var figures = document.querySelectorAll('div.sglp-figure'), drawn = 0;\n"
            + "    figures.forEach(function (d) { if (d.querySelector('svg.main-svg')) { drawn++; } });\n"
            + "    document.body.setAttribute('data-sglp-figures', figures.length + '/' + drawn);\n"
            + "  }, 500);\n"
            + "});</script>\n";

    @TempDir
    static Path home;
    private static Jupyter jupyter;
    private static final List<String> TIMES = new ArrayList<>();

    @BeforeAll
    static void install() throws IOException {
        jupyter = new Jupyter(home, Map.of("SGLP_NB_SMALL", "1"));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void writeTimes() throws IOException {
        Files.write(SCREENSHOTS.resolve("times.txt"), TIMES);
        TIMES.forEach(System.out::println);
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsAndDrawsItsFigures() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + NOTEBOOKS.toAbsolutePath());
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> check(nb)));
    }

    private static void check(Path notebook) throws Exception {
        String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        assertCommittedClean(notebook);
        Files.copy(notebook, home.resolve(name + ".ipynb"));
        long start = System.nanoTime();
        Jupyter.Result run = jupyter.jupyter("nbconvert", "--to", "notebook", "--execute",
                Jupyter.CELL_TIMEOUT, "--output", name + ".executed", name + ".ipynb");
        double seconds = (System.nanoTime() - start) / 1e9;
        TIMES.add(String.format(Locale.ROOT, "%-24s %6.1f s", name, seconds));
        assertEquals(0, run.status(), name + " failed:\n" + run.log());
        Path executed = home.resolve(name + ".executed.ipynb");
        int emitted = figuresIn(executed);
        assertTrue(emitted > 0, name + " emitted no figure");

        Jupyter.Result export = jupyter.jupyter("nbconvert", "--to", "html", "--output", name,
                executed.toString());
        assertEquals(0, export.status(), export.log());
        Path html = home.resolve(name + ".html");
        Files.writeString(html, Files.readString(html).replace("</body>", COUNTER + "</body>"));
        Jupyter.Result dom = jupyter.chromium(html, "--dump-dom");
        assertEquals(0, dom.status(), dom.log());
        Matcher counted = COUNTED.matcher(dom.log());
        assertTrue(counted.find(), name + ": the counting script did not run");
        assertEquals(emitted, Integer.parseInt(counted.group(1)), name + ": figure divs in the page");
        assertEquals(emitted, Integer.parseInt(counted.group(2)), name + ": figures drawn by plotly.js");
        Path screenshot = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Jupyter.Result shot = jupyter.chromium(html, "--hide-scrollbars", "--window-size=1200,3600",
                "--screenshot=" + screenshot);
        assertTrue(shot.status() == 0 && Files.isRegularFile(screenshot), shot.log());
    }

    /** Committed notebooks carry no outputs and name the SGLP kernel. */
    private static void assertCommittedClean(Path notebook) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        assertEquals("sglp-java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name")
                .getAsString(), notebook + ": kernelspec");
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (c.get("cell_type").getAsString().equals("code")) {
                assertEquals(0, c.getAsJsonArray("outputs").size(), notebook + " was committed with outputs");
            }
        }
    }

    /** @return the number of figures in the outputs of an executed notebook */
    private static int figuresIn(Path executed) throws IOException {
        int figures = 0;
        JsonObject nb = JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (!c.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            for (JsonElement output : c.getAsJsonArray("outputs")) {
                JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
                if (data != null && data.has("text/html")) {
                    figures += Jupyter.joined(data.get("text/html")).split(FIGURE_MARK, -1).length - 1;
                }
            }
        }
        return figures;
    }
}
