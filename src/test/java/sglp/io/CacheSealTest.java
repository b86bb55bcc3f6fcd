package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seals of cached files and folders: what they accept and every way an entry stops matching. */
class CacheSealTest {

    @TempDir
    Path dir;

    private static String problem(Path entry) {
        Optional<String> p = CacheSeal.check(entry);
        assertTrue(p.isPresent(), entry + " should not check");
        return p.get();
    }

    @Test
    void aSealedFolderChecksUntilAFileIsTruncatedChangedOrDeleted() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.writeString(folder.resolve("config.json"), "{\"a\": 1}");
        Files.createDirectories(folder.resolve("sub"));
        Files.write(folder.resolve("sub/weights.bin"), new byte[1000]);
        assertTrue(problem(folder).startsWith("no seal " + folder.resolve(".seal.json")));
        CacheSeal.seal(folder);
        assertEquals(folder.resolve(".seal.json"), CacheSeal.sealFile(folder));
        assertEquals(Optional.empty(), CacheSeal.check(folder));
        try (FileChannel c = FileChannel.open(folder.resolve("sub/weights.bin"), StandardOpenOption.WRITE)) {
            c.truncate(600);
        }
        assertEquals(folder.resolve("sub/weights.bin") + " has 600 bytes, sealed with 1000 (truncated or rewritten)",
                problem(folder));
        Files.write(folder.resolve("sub/weights.bin"), new byte[1000]);
        assertEquals(Optional.empty(), CacheSeal.check(folder));
        Files.writeString(folder.resolve("config.json"), "{\"a\": 2}");
        assertTrue(problem(folder).startsWith(folder.resolve("config.json") + " has SHA-256 "), problem(folder));
        assertTrue(problem(folder).endsWith("(its content changed)"), problem(folder));
        Files.delete(folder.resolve("config.json"));
        assertEquals(folder.resolve("config.json") + " is missing (sealed with 8 bytes)", problem(folder));
        Files.writeString(folder.resolve(".seal.json"), "{\"files\": 3}");
        assertTrue(problem(folder).startsWith(folder.resolve(".seal.json") + " is not a valid seal"), problem(folder));
        CacheSeal.discard(folder);
        assertFalse(Files.exists(folder));
        assertEquals(folder + " is missing", problem(folder));
    }

    @Test
    void aSealedFileHasItsSealBesideIt() throws Exception {
        Path file = dir.resolve("resnet20.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        CacheSeal.seal(file);
        assertEquals(dir.resolve(".resnet20.safetensors.seal.json"), CacheSeal.sealFile(file));
        assertTrue(Files.isRegularFile(CacheSeal.sealFile(file)));
        assertEquals(Optional.empty(), CacheSeal.check(file));
        Files.write(file, new byte[] {1, 2, 4});
        assertTrue(problem(file).startsWith(file + " has SHA-256 "), problem(file));
        CacheSeal.discard(file);
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve(".resnet20.safetensors.seal.json")));
    }
}
