package sglp.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens a local HTML file in headless Chromium, with networking features off and a fresh profile, to prove
 * that a page renders offline: the DOM after scripts ran, or a screenshot.
 */
final class HeadlessBrowser {

    /** Where Debian installs Chromium. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final String INSTALL = "apt-get update && apt-get install -y --no-install-recommends chromium";
    /** Only a hang fails: a busy machine may take minutes where a quiet one takes seconds. */
    private static final long TIMEOUT_SECONDS = 900;

    private HeadlessBrowser() {
    }

    /**
     * @param html a local HTML file
     * @return the DOM after the page's scripts ran (5 s of virtual time)
     */
    static String dumpDom(Path html) {
        return run(html, List.of("--dump-dom"));
    }

    /**
     * @param html a local HTML file
     * @param png the screenshot to write, 1200 x 1600 pixels
     */
    static void screenshot(Path html, Path png) {
        run(html, List.of("--window-size=1200,1600", "--screenshot=" + png.toAbsolutePath()));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium wrote no screenshot at " + png);
        }
    }

    private static String run(Path html, List<String> action) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Chromium not found at " + CHROMIUM + "; install it with: " + INSTALL);
        }
        Path profile = null;
        try {
            profile = Files.createTempDirectory("sglp-chromium-");
            Path log = profile.resolve("stderr.log");
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.resolve("user"),
                    "--virtual-time-budget=5000"));
            command.addAll(action);
            command.add(html.toAbsolutePath().toUri().toString());
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish within " + TIMEOUT_SECONDS + " s on " + html);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + p.exitValue() + " on " + html + ":\n"
                        + Files.readString(log));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + CHROMIUM + " on " + html, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Chromium rendered " + html, e);
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the Chromium profile " + dir, e);
        }
    }
}
