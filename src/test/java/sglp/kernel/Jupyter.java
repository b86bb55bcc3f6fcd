package sglp.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sglp.io.DataCache;

/**
 * Real Jupyter and Chromium for the end-to-end tests: Debian's {@code /usr/bin/jupyter} with the kernelspec of
 * {@code kernel-ext/} installed into a temporary Jupyter path (this test's class path, the project's data cache),
 * and headless Chromium with the network off.
 */
final class Jupyter {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /**
     * Seconds after which a process or a notebook cell counts as hung. Only a hang may fail a test: a machine busy
     * with other work can make a cell of a few seconds take minutes, and that is not a failure.
     */
    static final int HANG_SECONDS = 3600;
    /** The nbconvert option that gives every cell {@link #HANG_SECONDS}. */
    static final String CELL_TIMEOUT = "--ExecutePreprocessor.timeout=" + HANG_SECONDS;

    private final Path home;
    private final Map<String, String> env;

    /**
     * The exit status and the combined output of a finished process.
     *
     * @param status the exit status
     * @param log standard output and error
     */
    record Result(int status, String log) {
    }

    /**
     * Installs the kernelspec under {@code home/jupyter}; processes run in {@code home}.
     *
     * @param home a temporary folder
     * @param env more environment variables for the processes (and so for the kernel)
     */
    Jupyter(Path home, Map<String, String> env) throws IOException {
        assertTrue(Files.isExecutable(JUPYTER), JUPYTER + " is missing: run environment/sglp kernel, which installs "
                + "Debian's jupyter-core jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat");
        this.home = home;
        this.env = Map.copyOf(env);
        installKernelspec(home.resolve("jupyter/kernels/sglp-java"));
    }

    /** @return the folder the processes run in */
    Path home() {
        return home;
    }

    /**
     * Runs {@code jupyter args...}.
     *
     * @param args the arguments, e.g. {@code nbconvert --to html x.ipynb}
     * @return how it ended
     */
    Result jupyter(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JUPYTER.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * Opens a page in headless Chromium with the network off.
     *
     * @param page the HTML file
     * @param args what Chromium should do, e.g. {@code --dump-dom}
     * @return how it ended; the log holds the dumped DOM
     */
    Result chromium(Path page, String... args) throws Exception {
        Path profile = Files.createTempDirectory(home, "chromium-");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        command.addAll(List.of(args));
        command.add(page.toUri().toString());
        return run(command);
    }

    private Result run(List<String> command) throws Exception {
        Path log = Files.createTempFile(home, "process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JUPYTER_PATH", home.resolve("jupyter").toString());
        environment.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        environment.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        environment.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        environment.put("JUPYTER_PLATFORM_DIRS", "1");
        environment.put("SGLP_PROGRESS", "on");
        environment.putAll(env);
        Process process = builder.start();
        if (!process.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish in " + HANG_SECONDS + " s (hung?); output:\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static void installKernelspec(Path spec) throws IOException {
        Files.createDirectories(spec);
        JsonObject kernel = JsonParser.parseString(Files.readString(Path.of("kernel-ext/kernel.json")))
                .getAsJsonObject();
        JsonArray argv = new JsonArray();
        for (JsonElement arg : kernel.getAsJsonArray("argv")) {
            argv.add(arg.getAsString()
                    .replace("@JAVA@", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    .replace("@CLASSPATH@", System.getProperty("java.class.path"))
                    .replace("@CACHE@", DataCache.dir().toAbsolutePath().toString()));
        }
        kernel.add("argv", argv);
        Files.writeString(spec.resolve("kernel.json"), kernel.toString());
        Files.writeString(spec.resolve("startup.jshell"), Files.readString(Path.of("kernel-ext/startup.jshell"))
                + "import com.google.gson.*;\n");
        Files.copy(Path.of("kernel-ext/logo-64x64.png"), spec.resolve("logo-64x64.png"));
    }

    /**
     * @param text a notebook's multi-line string: a string or an array of lines
     * @return the text
     */
    static String joined(JsonElement text) {
        if (text.isJsonPrimitive()) {
            return text.getAsString();
        }
        StringBuilder joined = new StringBuilder();
        text.getAsJsonArray().forEach(line -> joined.append(line.getAsString()));
        return joined.toString();
    }
}
