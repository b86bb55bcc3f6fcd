package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress display's state and markup; its in-place updates are checked through Jupyter end to end. */
class ProgressDisplayTest {
    @Test
    void showsCountPercentMessageAndABar() {
        try (ProgressDisplay progress = ProgressDisplay.start(null, "probe", 4)) {
            progress.step("layer a");
            progress.advance(2, "layers b, c");
            MimeBundle data = progress.data();
            String html = (String) data.get(MimeBundle.TEXT_HTML);
            assertTrue(html.contains("<progress value=\"3\" max=\"4\"></progress>"), html);
            String text = (String) data.get(MimeBundle.TEXT_PLAIN);
            assertTrue(text.matches("probe 3/4 \\(75%\\) \\d+\\.\\d s - layers b, c"), text);
            assertTrue(data.displayId().startsWith("sglp-progress-"));
            assertEquals(3, progress.done());
        }
    }

    @Test
    void unknownTotalShowsAnIndeterminateBarAndEscapesHtml() {
        ProgressDisplay progress = ProgressDisplay.start(null, "<train>", 0);
        progress.step("epoch 1");
        String html = (String) progress.data().get(MimeBundle.TEXT_HTML);
        assertTrue(html.contains("<progress></progress> &lt;train&gt; 1 "), html);
        progress.close();
        assertTrue(((String) progress.data().get(MimeBundle.TEXT_PLAIN)).contains(" done - epoch 1"));
    }

    @Test
    void sglpProgressOffDisablesIt() {
        assertTrue(ProgressDisplay.enabled(Map.of()));
        assertTrue(ProgressDisplay.enabled(Map.of("SGLP_PROGRESS", "on")));
        assertFalse(ProgressDisplay.enabled(Map.of("SGLP_PROGRESS", "OFF")));
        assertThrows(IllegalArgumentException.class, () -> ProgressDisplay.start(null, "x", -1));
    }
}
