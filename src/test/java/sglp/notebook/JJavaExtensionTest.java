package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sglp.report.Figure;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The extension in a kernel on JJava's base ({@code org.dflib.jjava:jjava-jupyter} from Maven Central), loaded as
 * JJava loads extensions: {@code onStartup()} installs every {@code org.dflib.jjava.jupyter.Extension} that
 * {@link java.util.ServiceLoader} finds on the kernel's class path.
 */
class JJavaExtensionTest {
    private static TestKernel kernel;

    @BeforeAll
    static void startKernel() {
        kernel = new TestKernel.Builder().name("test").build();
        kernel.onStartup();
    }

    @AfterAll
    static void stopKernel() {
        kernel.onShutdown(false);
    }

    @Test
    void sglpHelpRunsThroughItsMagicsRegistry() throws Exception {
        assertTrue(kernel.getMagicsRegistry().getLineMagicNames().containsAll(List.of("sglp", "plotly")));
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Object value;
        try {
            value = kernel.getMagicsRegistry().evalLineMagic(kernel, "sglp", List.of("help"));
        } finally {
            System.setOut(out);
        }
        assertNull(value);
        String help = printed.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("  segment ") && help.contains("  gradnorm "), help);
    }

    @Test
    void tablesAndFiguresRenderToHtmlThroughItsRenderer() {
        DisplayData table = kernel.getRenderer().render(Table.create("scores", IntColumn.create("layer", 1, 2)));
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("<caption>scores</caption>"));
        Figure figure = new Figure(JsonParser.parseString("[{\"type\": \"bar\", \"y\": [1, 2]}]").getAsJsonArray(),
                JsonParser.parseString("{\"title\": \"cka\"}").getAsJsonObject());
        DisplayData drawn = kernel.getRenderer().render(figure);
        assertTrue(((String) drawn.getData(MIMEType.TEXT_HTML)).contains("window.Plotly.newPlot"));
        assertEquals("Figure[cka, 1 traces]", drawn.getData(MIMEType.TEXT_PLAIN));
        assertTrue(drawn.getData(MIMEType.parse(MimeBundle.PLOTLY_JSON)) instanceof Map);
    }

    @Test
    void plotlyAndDisplayGoToItsDisplayStream() throws Exception {
        assertNull(kernel.getMagicsRegistry().evalLineMagic(kernel, "plotly", List.of()));
        Notebook.display(Table.create("shown"));
        Notebook.display(List.of("not SGLP's"));
        assertEquals("[2]", kernel.eval("[2]").getData(MIMEType.TEXT_PLAIN), "the kernel still renders its values");
    }

    /** A kernel on JJava's base whose cells are not evaluated: their text is their value. */
    static final class TestKernel extends BaseKernel {
        private TestKernel(String name, JupyterIO io, Renderer renderer, MagicParser parser, MagicsRegistry magics,
                StringStyler errorStyler) {
            super(name, "1", new LanguageInfo.Builder("text").build(), List.of(), null, io, new CommManager(),
                    renderer, parser, magics, true, errorStyler);
        }

        @Override
        public Object evalRaw(String cell) {
            return cell;
        }

        @Override
        public DisplayData inspect(String cell, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String cell, int at) {
            return null;
        }

        @Override
        public String isComplete(String cell) {
            return IS_COMPLETE_MAYBE;
        }

        /** JJava's kernel builder, for a {@link TestKernel}. */
        static final class Builder extends BaseKernelBuilder<Builder, TestKernel> {
            @Override
            public TestKernel build() {
                return new TestKernel(buildName(), buildJupyterIO(buildJupyterIOEncoding()), buildRenderer(),
                        new MagicParser("^\\s*%", "%%", buildMagicTranspiler()), buildMagicsRegistry(),
                        buildErrorStyler());
            }
        }
    }
}
