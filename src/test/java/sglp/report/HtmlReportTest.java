package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class HtmlReportTest {

    private static String fiveFigures;

    @BeforeAll
    static void render() {
        HtmlReport.Builder b = HtmlReport.builder("Five <figures>").addHeading("Similarity").addText("a & b");
        for (int i = 0; i < 5; i++) {
            b.addFigure(i % 2 == 0 ? Samples.heatmap() : Samples.bars());
        }
        fiveFigures = b.addTable(Samples.table(3)).build().toHtml();
    }

    private static List<String> groups(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().map(m -> m.group(1)).toList();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** @return the page without the bodies of its script elements, leaving only markup */
    private static String markup(String html) {
        return html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void plotlyJsIsInlinedExactlyOnce() {
        String source = PlotlyJs.source();
        assertEquals(1, occurrences(fiveFigures, source));
        assertEquals(1, occurrences(fiveFigures, "plotly.js v" + PlotlyJs.VERSION));
        assertEquals(1, occurrences(fiveFigures, PlotlyJs.guardedScript()));
    }

    @Test
    void everyFigureDivIsDrawnByExactlyOneNewPlotCall() {
        List<String> divs = groups(fiveFigures, "<div id=\"([^\"]+)\" class=\"sglp-figure\">");
        List<String> plotted = groups(fiveFigures, "Plotly\\.newPlot\\(\"([^\"]+)\"");
        assertEquals(5, divs.size());
        assertEquals(5, divs.stream().distinct().count());
        assertEquals(divs, plotted);
        assertTrue(fiveFigures.indexOf("{responsive: true}") > fiveFigures.indexOf(divs.get(0)));
    }

    @Test
    void pageLoadsNothingFromTheNetwork() {
        String markup = markup(fiveFigures);
        assertEquals(List.of(), groups(markup, "(?i)((?:src|href)\\s*=\\s*[\"']?\\s*(?:[a-z]+:)?//[^\"' >]*)"));
        assertFalse(markup.toLowerCase().contains("<link"));
        assertFalse(markup.contains("<script src"));
        assertEquals(6, occurrences(markup, "<script>"));
    }

    @Test
    void textIsEscapedAndTablesAreIncluded() {
        String markup = markup(fiveFigures);
        assertTrue(markup.contains("<title>Five &lt;figures&gt;</title>"));
        assertTrue(markup.contains("<h2>Similarity</h2>"));
        assertTrue(markup.contains("<p>a &amp; b</p>"));
        assertTrue(markup.contains("<caption>layers</caption>"));
    }

    @Test
    void displayableAddsItsTableAndItsFigure() {
        Displayable result = new Displayable() {
            @Override
            public Table table() {
                return Samples.table(60);
            }

            @Override
            public Figure figure() {
                return Samples.lines();
            }
        };
        String html = markup(HtmlReport.builder("r").optMaxTableRows(7).add(result).build().toHtml());
        assertTrue(html.contains("... 53 more rows (60 rows in all)"));
        assertTrue(html.indexOf("<table") < html.indexOf("<div id=\"sglp-figure-1\""));
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.builder("r").optMaxTableRows(0));
    }

    @Test
    void figureDivIdsMustBeSafe() {
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.figureHtml(Samples.bars(), "a\" onload=\"x"));
        assertTrue(HtmlReport.figureHtml(Samples.bars(), "cell-7_fig").startsWith("<div id=\"cell-7_fig\""));
    }

    @Test
    void writeProducesThePageAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        HtmlReport report = HtmlReport.builder("one").addFigure(Samples.bars()).build();
        Path file = dir.resolve("sub/report.html");
        report.write(file);
        assertEquals(report.toHtml(), Files.readString(file));
        assertEquals(List.of(file), files(file.getParent()));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        HtmlReport.writeFigure(dir.resolve("figure.html"), Samples.heatmap());
        String page = Files.readString(dir.resolve("figure.html"));
        assertTrue(page.contains("<title>Layer similarity</title>"));
        assertEquals(1, occurrences(markup(page), "<div id="));
    }

    @Test
    void failedMoveLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path occupied = Files.createDirectories(dir.resolve("report.html"));
        Files.writeString(occupied.resolve("inside"), "x");
        HtmlReport report = HtmlReport.builder("r").build();
        assertThrows(UncheckedIOException.class, () -> report.write(occupied));
        assertEquals(List.of(occupied), files(dir));
    }
}
