package sglp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.report.PlotlyJs;

/** The kernel in process: cells evaluated directly, without Jupyter. */
class SglpKernelTest {
    private static final String FIGURE = "new Figure(JsonParser.parseString(\"[{\\\"type\\\": \\\"bar\\\", "
            + "\\\"y\\\": [1, 2, 3]}]\").getAsJsonArray(), JsonParser.parseString(\"{\\\"title\\\": \\\"cka\\\"}\")"
            + ".getAsJsonObject())";

    private static SglpKernel kernel;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = newKernel();
    }

    @AfterAll
    static void stopKernel() {
        kernel.onShutdown(false);
    }

    /** A kernel with the shipped startup script, already run. */
    static SglpKernel newKernel() throws Exception {
        SglpKernel started = new SglpKernel(Files.readString(Path.of("kernel-ext/startup.jshell"))
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

    @Test
    void lastExpressionIsTheCellValue() throws Exception {
        assertEquals("2", text(kernel.eval("1 + 1")));
        assertEquals("6", text(kernel.eval("int a = 2;\nint b = 3;\na * b")));
        assertNull(kernel.eval("int quiet = 3;"));
        assertNull(kernel.eval("System.out.println(\"printed, no value\");"));
    }

    @Test
    void stateIsKeptAcrossCells() throws Exception {
        kernel.eval("int x = 41;");
        assertEquals("42", text(kernel.eval("x + 1")));
        assertEquals("41", text(kernel.eval("x")));
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
        SglpKernel fresh = newKernel();
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
    void otherValuesRenderTheirToString() throws Exception {
        assertEquals("[a, b]", text(kernel.eval("List.of(\"a\", \"b\")")));
    }

    @Test
    void compileErrorNamesTheUsersLineColumnAndMessage() {
        CompileError error = assertThrows(CompileError.class,
                () -> kernel.eval("int fine = 1;\nint bad = missingName + 1;"));
        assertEquals("line 2, column 11: cannot find symbol", error.getMessage());
        List<String> traceback = kernel.formatError(error);
        assertEquals(List.of("line 2, column 11: cannot find symbol", "    symbol:   variable missingName",
                "    int bad = missingName + 1;", "              ^"), traceback);
    }

    @Test
    void incompleteCodeIsACompileError() {
        CompileError error = assertThrows(CompileError.class,
                () -> kernel.eval("int n = 0;\nfor (int i = 0; i < 3; i++) {\n    n += i;"));
        assertEquals("line 2, column 1: incomplete code, a '}', ')' or ';' is missing", error.getMessage());
    }

    @Test
    void runtimeExceptionShowsTypeMessageAndUserFramesOnly() throws Exception {
        kernel.eval("void explode(String why) {\n    throw new IllegalStateException(why);\n}");
        RuntimeError error = assertThrows(RuntimeError.class, () -> kernel.eval("int before = 1;\nexplode(\"boom\");"));
        assertEquals("java.lang.IllegalStateException: boom", error.getMessage());
        List<String> traceback = kernel.formatError(error);
        assertEquals("java.lang.IllegalStateException: boom", traceback.get(0));
        assertTrue(traceback.get(1).matches("    at explode \\(In \\[\\d+], line 2\\)"), traceback.toString());
        assertTrue(traceback.get(2).matches("    at In \\[\\d+], line 2"), traceback.toString());
        assertEquals(3, traceback.size(), traceback.toString());
    }

    @Test
    void causesAndLibraryFramesAreShown() {
        RuntimeError error = assertThrows(RuntimeError.class,
                () -> kernel.eval("Integer.parseInt(\"not a number\");"));
        String traceback = String.join("\n", kernel.formatError(error));
        assertTrue(traceback.startsWith("java.lang.NumberFormatException: For input string: \"not a number\""),
                traceback);
        assertTrue(traceback.contains("at java.base/java.lang.Integer.parseInt"), traceback);
        assertTrue(!traceback.contains("jdk.jshell") && !traceback.contains("sglp.kernel")
                && !traceback.contains("java.lang.reflect"), traceback);
        RuntimeError caused = assertThrows(RuntimeError.class,
                () -> kernel.eval("throw new RuntimeException(\"outer\", new IOException(\"inner\"));"));
        assertTrue(kernel.formatError(caused).contains("Caused by: java.io.IOException: inner"));
    }

    @Test
    void completionOffersTypesAndMembers() {
        ReplacementOptions types = kernel.complete("Str", 3);
        assertTrue(types.getReplacements().contains("String"), types.getReplacements().toString());
        assertEquals(0, types.getSourceStart());
        String cell = "int n = 1;\n\"abc\".len";
        ReplacementOptions members = kernel.complete(cell, cell.length());
        assertTrue(members.getReplacements().stream().anyMatch(r -> r.startsWith("length(")),
                members.getReplacements().toString());
        assertEquals(cell.indexOf("len"), members.getSourceStart());
        assertEquals(cell.length(), members.getSourceEnd());
    }

    @Test
    void inspectionShowsSignatures() {
        DisplayData doc = kernel.inspect("Math.abs(", "Math.abs(".length(), false);
        assertTrue(text(doc).contains("abs(int"), text(doc));
    }

    @Test
    void interruptStopsSleepingAndBusyCells() throws Exception {
        assertInterrupted("while (true) { Thread.sleep(10); }");
        assertInterrupted("long spins = 0;\nwhile (true) { spins++; }");
        assertEquals("2", text(kernel.eval("1 + 1")), "the kernel still works");
    }

    private static void assertInterrupted(String cell) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<DisplayData> running = executor.submit(() -> kernel.eval(cell));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            Thread.sleep(300);
            while (!running.isDone() && System.nanoTime() < deadline) {
                kernel.interrupt();
                Thread.sleep(100);
            }
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> running.get(1, TimeUnit.SECONDS));
            assertInstanceOf(InterruptedError.class, failure.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void classpathAndJarsMagicsMakeJarsImportable(@TempDir Path dir) throws Exception {
        Path greeter = jarOf(dir, "demo", "Greeter", "public String hello() { return \"hello from a jar\"; }");
        assertEquals("hello from a jar",
                text(kernel.eval("%classpath " + greeter + "\nimport demo.Greeter;\nnew Greeter().hello()")));
        jarOf(dir, "demo2", "Counter", "public int count() { return 7; }");
        assertEquals("7", text(kernel.eval("%jars " + dir + "/demo2*.jar\nnew demo2.Counter().count()")));
    }

    @Test
    void badMagicsFailWithTheirName(@TempDir Path dir) {
        assertEquals("unknown magic %nope", assertThrows(MagicError.class, () -> kernel.eval("%nope 1")).getMessage());
        MagicError missing = assertThrows(MagicError.class, () -> kernel.eval("%classpath " + dir.resolve("x.jar")));
        assertEquals("%classpath failed: no such file or folder: " + dir.resolve("x.jar"), missing.getMessage());
    }

    @Test
    void languageInfoDescribesJava() {
        assertEquals("java", kernel.getLanguageInfo().getName());
        assertEquals(String.valueOf(Runtime.version().feature()), kernel.getLanguageInfo().getVersion());
        assertEquals(".jshell", kernel.getLanguageInfo().getFileExtension());
        assertEquals("text/x-java-source", kernel.getLanguageInfo().getMimetype());
        assertEquals("text/x-java", kernel.getLanguageInfo().getCodemirrorMode());
    }

    /** Compiles {@code package pkg; public class name { body }} into {@code dir/pkg.jar}. */
    static Path jarOf(Path dir, String pkg, String name, String body) throws IOException {
        Path source = dir.resolve(pkg + "-src").resolve(name + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package " + pkg + ";\npublic class " + name + " {\n" + body + "\n}\n");
        Path classes = dir.resolve(pkg + "-classes");
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString());
        assertEquals(0, status, "javac of " + source);
        Path jar = dir.resolve(pkg + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = pkg + "/" + name + ".class";
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }
}
