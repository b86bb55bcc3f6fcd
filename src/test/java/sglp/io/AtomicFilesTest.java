package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path target = dir.resolve("sub/dir/out.txt");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second, ü");
        assertEquals("second, ü", Files.readString(target, StandardCharsets.UTF_8));
        AtomicFiles.write(target, out -> {
            out.write("closed by the writer".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        assertEquals("closed by the writer", Files.readString(target));
        assertEquals(List.of(target), listing(target.getParent()));
    }

    @Test
    void failingWriterLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("new.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertEquals(List.of(), listing(dir));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void failingWriterLeavesTheOldTargetUntouched() throws IOException {
        Path target = dir.resolve("weights.npz");
        StateDict old = new StateDict().put("w", TestTensors.sample(DType.F32, 3, 3));
        old.write(target);
        byte[] before = Files.readAllBytes(target);
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[10]);
            throw new UncheckedIOException(new IOException("interrupted"));
        }));
        assertEquals(List.of(target), listing(dir));
        assertEquals(old, StateDict.read(target));
        assertArrayEquals(before, Files.readAllBytes(target));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
