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

/** The kernel in process, with no extension: cells evaluated directly, without Jupyter. */
class JShellKernelTest {
    private static JShellKernel kernel;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = newKernel();
    }

    @AfterAll
    static void stopKernel() {
        kernel.onShutdown(false);
    }

    /** A kernel whose startup script imports {@code java.io} and {@code java.util}, already run. */
    private static JShellKernel newKernel() throws Exception {
        JShellKernel started = new JShellKernel("import java.io.*;\nimport java.util.*;\n");
        started.eval("");
        return started;
    }

    private static String text(DisplayData data) {
        return (String) data.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void worksWithoutExtensions() throws Exception {
        JShellKernel bare = new JShellKernel("");
        try {
            assertEquals("2", text(bare.eval("1 + 1")));
            assertEquals("Java " + Runtime.version().feature() + " (JShell)", bare.getBanner());
            assertEquals("unknown magic %sglp", assertThrows(MagicError.class, () -> bare.eval("%sglp help"))
                    .getMessage());
            assertEquals("[a]", text(bare.eval("java.util.List.of(\"a\")")), "rendered by basekernel: toString");
        } finally {
            bare.onShutdown(false);
        }
    }

    @Test
    void aMagicsExceptionWithoutStackTraceIsShownAsItsText() throws Exception {
        Exception forTheUser = new Exception("bad word", null, false, false) {
            @Override
            public String toString() {
                return "bad word\nusage: %words [--one]";
            }
        };
        kernel.getMagics().registerLineMagic("words", args -> {
            throw forTheUser;
        });
        Exception thrown = assertThrows(Exception.class, () -> kernel.eval("%words --two"));
        assertEquals(forTheUser, thrown, "the magic's exception itself");
        assertEquals(List.of("bad word", "usage: %words [--one]"), kernel.formatError(thrown));
        kernel.getMagics().registerLineMagic("buggy", args -> {
            throw new IllegalStateException("a bug");
        });
        assertEquals("%buggy failed: a bug", assertThrows(MagicError.class, () -> kernel.eval("%buggy")).getMessage());
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
