package sglp.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sglp.io.DataCache;
import sglp.io.InputFiles;

/**
 * The pinned plotly.js bundle for pages and notebooks that must draw figures without network access: the minified
 * build from the npm package {@code plotly.js-dist-min} that the entry script puts in the data cache (3.6 MB), else
 * the full build from the {@code org.webjars.npm:plotly.js-dist} jar on the class path (10.8 MB; Maven Central has
 * no minified webjar of this version).
 *
 * <p>plotly.js must stay at 2.x: Tablesaw writes titles as plain strings, which plotly.js 3 no longer reads.
 */
public final class PlotlyJs {

    /** The plotly.js version bundled. */
    public static final String VERSION = "2.35.3";

    /** Where the webjar keeps the bundle (that webjar ships the full bundle, {@code plotly.js}, not a min file). */
    static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";

    private PlotlyJs() {
    }

    /**
     * @return the plotly.js source, read once and kept
     * @throws IllegalStateException if the webjar is not on the class path
     * @throws UncheckedIOException if it cannot be read
     */
    public static String source() {
        return Holder.SOURCE;
    }

    /**
     * The source wrapped so that it defines {@code window.Plotly} exactly once, also in a page that has
     * RequireJS (as Jupyter has): inside the wrapper {@code define}, {@code module} and {@code exports} are
     * undefined, so the bundle takes its plain-script branch instead of registering an anonymous AMD module.
     *
     * @return {@code if (!window.Plotly) { (function(){ var define, module, exports; <source> }).call(window); }}
     */
    public static String guardedScript() {
        return Holder.GUARDED;
    }

    /**
     * The guarded source in a {@code <script>} element, safe to put in HTML (a {@code </script} inside the bundle
     * is escaped): what a page or the first figure of a notebook carries.
     *
     * @return the script element
     */
    public static String scriptElement() {
        return "<script>\n" + guardedScript().replace("</script", "<\\/script")
                + "\n</script>";
    }

    /** Loads on first use, so that classes that only build figures never read the 10 MB bundle. */
    private static final class Holder {
        static final String SOURCE = read();
        static final String GUARDED = "if (!window.Plotly) { (function(){ var define, module, exports; "
                + SOURCE + "\n}).call(window); }";

        private static String read() {
            Path min = DataCache.dir().resolve("npm/plotly.js-dist-min/plotly.min.js");
            if (Files.isRegularFile(min)) {
                try {
                    String js = Files.readString(min, StandardCharsets.UTF_8);
                    if (js.contains("plotly.js v" + VERSION)) {
                        return js;
                    }
                } catch (IOException e) {
                    throw InputFiles.unchecked("Cannot read plotly.js from " + min, e);
                }
            }
            try (InputStream in = PlotlyJs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js " + VERSION + " not found on the class path at "
                            + RESOURCE + "; add the dependency org.webjars.npm:plotly.js-dist:" + VERSION);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw InputFiles.unchecked("Cannot read plotly.js from " + RESOURCE, e);
            }
        }
    }
}
