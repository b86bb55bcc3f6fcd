package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlotlyJsTest {

    @Test
    void sourceIsThePinnedVersionReadOnce() {
        String source = PlotlyJs.source();
        assertTrue(source.startsWith("/**\n* plotly.js v" + PlotlyJs.VERSION + "\n"), source.substring(0, 60));
        assertEquals("2.35.3", PlotlyJs.VERSION);
        assertTrue(source.length() > 1_000_000, "plotly.js has " + source.length() + " characters");
        assertSame(source, PlotlyJs.source());
    }

    @Test
    void guardWrapsTheWholeSourceSoRequireJsCannotCaptureIt() {
        String guarded = PlotlyJs.guardedScript();
        String head = "if (!window.Plotly) { (function(){ var define, module, exports; ";
        String tail = "\n}).call(window); }";
        assertTrue(guarded.startsWith(head));
        assertTrue(guarded.endsWith(tail));
        assertEquals(PlotlyJs.source(), guarded.substring(head.length(), guarded.length() - tail.length()));
    }
}
