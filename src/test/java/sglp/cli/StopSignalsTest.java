package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DataCache;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent to a real run while PyTorch trains: every time, the run stops at a safe point,
 * exits with 130 and one line, and leaves the working directory, the cache and the crash-log folder as they were.
 * (Before the command line handled signals, 9 of 23 such signals crashed the JVM inside libtorch.)
 */
class StopSignalsTest {
    private static final String[] SIGNALS = {"INT", "TERM", "INT", "TERM"};

    @TempDir
    Path dir;

    @Test
    void signalsDuringTrainingStopTheRunCleanly() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.createSymbolicLink(cache.resolve("npm"), DataCache.dir().toAbsolutePath().resolve("npm"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        for (int i = 0; i < SIGNALS.length; i++) {
            Path work = Files.createDirectories(dir.resolve("work" + i));
            Process p = EntryScript.start(work, Map.of("SGLP_CACHE", cache.toString(), "TMPDIR", tmp.toString(),
                    "SGLP_PROGRESS", "on"), "run", "--train-images", "512", "--test-images", "128", "--epochs", "50",
                    "--out", "results");
            awaitTraining(work, p);
            Thread.sleep(250L * i);
            signal(p, SIGNALS[i]);
            int status = EntryScript.await(p);
            String err = EntryScript.err(work);
            String context = "SIG" + SIGNALS[i] + " #" + i + ":\n" + err;
            assertEquals(StopSignals.EXIT_STATUS, status, context);
            assertEquals(1, err.split("stopped by an interrupt", -1).length - 1, context);
            String last = err.strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("sglp run: stopped by an interrupt ("), context);
            assertFalse(err.contains("SIGSEGV") || err.contains("hs_err"), context);
            assertEquals(List.of(), listing(work), "nothing written where the user ran it: " + context);
            assertEquals(List.of(), listing(tmp), "no crash log: " + context);
            assertEquals(List.of(cache.resolve("npm")), listing(cache), "the cache as it was: " + context);
        }
    }

    /** Waits until the run's progress shows training batches, so that the signal finds PyTorch at work. */
    private static void awaitTraining(Path work, Process p) throws Exception {
        long deadline = System.nanoTime() + EntryScript.HANG_SECONDS * 1_000_000_000L;
        while (!EntryScript.err(work).contains("pretrain ")) {
            assertTrue(p.isAlive(), "the run ended before training: " + EntryScript.err(work));
            assertTrue(System.nanoTime() < deadline, "no training progress (hung?)");
            Thread.sleep(100);
        }
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
