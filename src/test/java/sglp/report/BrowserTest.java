package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders a report in headless Chromium: the figures must draw with no network. */
class BrowserTest {

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = to == null ? text.length() : text.indexOf(to, start);
        assertTrue(start >= 0 && end > start, "no '" + from + "' before '" + to + "'");
        return text.substring(start, end);
    }

    @Test
    void figuresDrawOffline(@TempDir Path dir) {
        Path page = dir.resolve("report.html");
        HtmlReport.builder("Browser check").addFigure(Samples.heatmap()).addFigure(Samples.bars()).build().write(page);
        String dom = HeadlessBrowser.dumpDom(page);
        String first = between(dom, "id=\"sglp-figure-1\"", "id=\"sglp-figure-2\"");
        String second = between(dom, "id=\"sglp-figure-2\"", null);
        assertTrue(first.contains("class=\"main-svg\""), "the heatmap was not drawn");
        assertTrue(second.contains("class=\"main-svg\""), "the bar chart was not drawn");
        assertTrue(first.contains("class=\"hm\""), "the heatmap has no heatmap layer");
        assertEquals(5, second.split("class=\"point\"", -1).length - 1, "bars drawn");
    }
}
