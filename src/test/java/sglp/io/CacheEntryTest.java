package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache entry is used only when its completion record vouches for it, and is rebuilt otherwise. */
class CacheEntryTest {
    private static final byte[] CONTENT = "0123456789abcdef".repeat(64).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final List<String> notices = new ArrayList<>();
    private int builds;

    private Path buildFile(CacheEntry entry) {
        return entry.getOrBuild(file -> {
            builds++;
            AtomicFiles.write(file, out -> out.write(CONTENT));
        }, notices::add);
    }

    @Test
    void aFileIsBuiltOnceAndUsedAfterwards() throws IOException {
        CacheEntry entry = CacheEntry.of(dir.resolve("models/m.safetensors"));
        assertEquals(Optional.of("it is missing"), entry.problem());
        assertEquals(entry.path(), buildFile(entry));
        assertEquals(dir.resolve("models/m.safetensors.complete.json"), entry.record());
        assertTrue(Files.isRegularFile(entry.record()));
        assertEquals(Optional.empty(), entry.problem());
        buildFile(entry);
        assertEquals(1, builds);
        assertEquals(List.of(), notices, "nothing to say when the entry was simply missing");
    }

    @Test
    void aTruncatedFileIsRebuiltWithOneLine() throws IOException {
        CacheEntry entry = CacheEntry.of(dir.resolve("m.safetensors"));
        buildFile(entry);
        try (RandomAccessFile f = new RandomAccessFile(entry.path().toFile(), "rw")) {
            f.setLength(100);
        }
        buildFile(entry);
        assertEquals(2, builds);
        assertEquals(List.of("cache: " + entry.path() + " cannot be used (file m.safetensors: expected 1024 bytes, "
                + "found 100 (truncated)): rebuilding it"), notices);
        assertEquals(CONTENT.length, Files.size(entry.path()));
        assertEquals(Optional.empty(), entry.problem());
    }

    @Test
    void aChangedByteAnUnrecordedFileAndABadRecordAreRebuilt() throws IOException {
        CacheEntry entry = CacheEntry.of(dir.resolve("m.safetensors"));
        buildFile(entry);
        byte[] changed = CONTENT.clone();
        changed[500] ^= 1;
        Files.write(entry.path(), changed);
        assertTrue(entry.problem().orElseThrow().contains("(changed since it was written)"), entry.problem().get());
        buildFile(entry);
        Files.delete(entry.record());
        assertTrue(entry.problem().orElseThrow().startsWith("it has no completion record m.safetensors.complete.json"),
                entry.problem().get());
        buildFile(entry);
        Files.writeString(entry.record(), "{\"files\": 3");
        assertTrue(entry.problem().orElseThrow().contains("is unreadable"), entry.problem().get());
        buildFile(entry);
        assertEquals(4, builds);
        assertEquals(3, notices.size());
        assertEquals(Optional.empty(), entry.problem());
    }

    @Test
    void aFolderIsCheckedFileByFile() throws IOException {
        CacheEntry entry = CacheEntry.of(dir.resolve("models/llama"));
        CacheEntry.Builder folder = path -> {
            builds++;
            Files.createDirectories(path.resolve("sub"));
            Files.writeString(path.resolve("config.json"), "{}");
            Files.write(path.resolve("sub/model.safetensors"), CONTENT);
        };
        entry.getOrBuild(folder, notices::add);
        assertEquals(Optional.empty(), entry.problem());
        Files.delete(entry.path().resolve("sub/model.safetensors"));
        assertEquals(Optional.of("file sub/model.safetensors is missing"), entry.problem());
        entry.getOrBuild(folder, notices::add);
        assertEquals(2, builds);
        assertEquals(1, notices.size());
        assertTrue(Files.isRegularFile(entry.path().resolve("sub/model.safetensors")));
    }

    @Test
    void aFailedBuildLeavesNoRecordAndIsRebuiltNextTime() throws IOException {
        CacheEntry entry = CacheEntry.of(dir.resolve("m.safetensors"));
        var e = assertThrows(UncheckedIOException.class, () -> entry.getOrBuild(file -> {
            Files.write(file, new byte[10]);
            throw new IOException("disk full");
        }, notices::add));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertFalse(Files.exists(entry.record()));
        buildFile(entry);
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("no completion record"), notices.get(0));
        assertEquals(Optional.empty(), entry.problem());
    }
}
