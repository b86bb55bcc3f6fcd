package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.progress.Progress;

/** The model that a session trains is cached, verified when it is used, and retrained when it is damaged. */
class SessionCacheTest {

    @TempDir
    Path cache;

    @Test
    void aTruncatedCachedModelIsRetrainedWithOneLine() throws Exception {
        List<String> notices = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void update(String task, long done, long total, String message) {
            }

            @Override
            public void notice(String line) {
                notices.add(line);
            }
        };
        float[] first = train(progress, true);
        List<Path> models;
        try (var files = Files.list(cache)) {
            models = files.filter(p -> p.toString().endsWith(".safetensors")).toList();
        }
        assertEquals(1, models.size());
        Path file = models.get(0);
        assertTrue(Files.exists(cache.resolve(file.getFileName() + ".complete.json")));
        assertArrayEquals(first, train(progress, false), "the second session loads the cached model");

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertArrayEquals(first, train(progress, true), "retrained, to the same weights");
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).startsWith("cache: " + file.toAbsolutePath() + " cannot be used (file "
                + file.getFileName() + ": expected "), notices.get(0));
        assertTrue(notices.get(0).endsWith(" (truncated)): rebuilding it"), notices.get(0));
        assertArrayEquals(first, train(progress, false), "and cached again");
    }

    /** Trains (or loads) ResNet-20 on a few digits; returns the head's weights. */
    private float[] train(Progress progress, boolean expectTraining) {
        try (Session s = new Session(3, progress).useModelCache(cache)) {
            s.useMnist(200, 100);
            var history = s.trainModel("resnet20", 1, 100, 0.1);
            if (expectTraining) {
                assertNotNull(history);
            } else {
                assertNull(history);
            }
            return s.pretrained().parameters().get("fc.weight").getArray().toFloatArray();
        }
    }
}
