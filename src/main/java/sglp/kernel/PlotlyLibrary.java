package sglp.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The pinned plotly.js 2.x bundle from the {@code org.webjars.npm:plotly.js-dist} jar, wrapped so that it loads
 * once per page and sets {@code window.Plotly} even where RequireJS defines {@code define} (classic notebook).
 */
final class PlotlyLibrary {
    /** The plotly.js version inlined. */
    static final String VERSION = "2.35.3";

    private static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";

    private PlotlyLibrary() {
    }

    /** @return a {@code <script>} element that defines {@code window.Plotly} unless the page already has it */
    static String scriptElement() {
        return "<script type=\"text/javascript\">if (!window.Plotly) { (function () { var define, module, exports;\n"
                + Holder.SOURCE + "\n}).call(window); }</script>";
    }

    /** Reads the bundle once, on first use. */
    private static final class Holder {
        static final String SOURCE = read();

        private static String read() {
            try (InputStream in = PlotlyLibrary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js " + VERSION + " is not on the class path at " + RESOURCE
                            + "; the dependency org.webjars.npm:plotly.js-dist:" + VERSION + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
