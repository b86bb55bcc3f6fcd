package sglp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sglp.io.DataCache;

/**
 * {@code environment/sglp} run as a user runs it, in a directory of the test's choosing, on this test's class path
 * ({@code SGLP_CLASSPATH}) so that it does not build.
 */
final class EntryScript {
    static final Path SCRIPT = Path.of("environment/sglp").toAbsolutePath();
    /** Only a hang fails a test: a busy machine may take minutes where a quiet one takes seconds. */
    static final long HANG_SECONDS = 1800;

    /**
     * Starts a program with SIGINT at its default disposition, as in a terminal. A process started in the background
     * inherits SIGINT ignored (so do the JVM and the command line, on purpose, as {@code nohup} expects), and bash
     * cannot undo that in a script; Python can.
     */
    private static final String DEFAULT_SIGINT = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
            + " os.execvp(sys.argv[1], sys.argv[1:])";

    private EntryScript() {
    }

    /**
     * Starts the script.
     *
     * @param workDir the directory it is called from
     * @param env more environment variables
     * @param args its arguments
     * @return the process, with standard output and error redirected to {@code workDir/../<name>.out/.err}
     */
    static Process start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", DEFAULT_SIGINT, "bash",
                SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolveSibling(workDir.getFileName() + ".out").toFile())
                .redirectError(workDir.resolveSibling(workDir.getFileName() + ".err").toFile());
        builder.environment().put("SGLP_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("SGLP_CACHE", DataCache.dir().toAbsolutePath().toString());
        builder.environment().put("SGLP_JAVA_OPTS", "-Xmx2g");
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Waits for a process of {@link #start}.
     *
     * @param process the process
     * @return its exit status
     */
    static int await(Process process) throws InterruptedException {
        if (!process.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("environment/sglp did not finish in " + HANG_SECONDS + " s (hung?)");
        }
        return process.exitValue();
    }

    /** @return what a process of {@link #start} in {@code workDir} wrote to standard error */
    static String err(Path workDir) throws IOException {
        return Files.readString(workDir.resolveSibling(workDir.getFileName() + ".err"));
    }

    /** @return what a process of {@link #start} in {@code workDir} wrote to standard output */
    static String out(Path workDir) throws IOException {
        return Files.readString(workDir.resolveSibling(workDir.getFileName() + ".out"));
    }
}
