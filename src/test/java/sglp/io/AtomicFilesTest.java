package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void writesAnyValidFileNameEvenAtTheLengthLimit() throws IOException {
        Path target = dir.resolve("x".repeat(250) + ".json");
        AtomicFiles.writeString(target, "{}");
        assertEquals("{}", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws IOException {
        Path real = dir.resolve("real.csv");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("real.csv"));
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals("new", Files.readString(real));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("later.csv"));
        AtomicFiles.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(dir.resolve("later.csv")));
    }

    @Test
    void anEmptyPathIsRefusedWithoutWritingAnywhere() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.writeString(Path.of(""), "x"));
        assertEquals("'': expected a path with a name, found an empty path", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeFolder(Path.of(""), d -> true, "a folder",
                d -> { }));
    }

    @Test
    void aFolderAppearsWholeAndReplacesOnlyWhatItMay() throws IOException {
        Path target = dir.resolve("results");
        AtomicFiles.writeFolder(target, d -> false, "a results folder", d -> {
            Files.writeString(d.resolve("a.txt"), "1");
            Files.createDirectory(d.resolve("sub"));
            Files.writeString(d.resolve("sub/b.txt"), "2");
        });
        assertEquals("2", Files.readString(target.resolve("sub/b.txt")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.writeFolder(target, d -> false, "a results folder", d -> { }));
        assertEquals(target + ": is a folder with other files in it, expected a results folder (a new or empty "
                + "folder); not overwriting", refused.getMessage());
        AtomicFiles.writeFolder(target, d -> Files.exists(d.resolve("a.txt")), "a results folder",
                d -> Files.writeString(d.resolve("c.txt"), "3"));
        assertEquals(List.of(target.resolve("c.txt")), listing(target), "replaced whole, never merged");
        assertEquals(List.of(target), listing(dir), "no temporary folder left");

        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException notAFolder = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.checkFolderTarget(file, d -> true, "a model folder"));
        assertEquals(file + ": is a file, expected a model folder (a new or empty folder)", notAFolder.getMessage());
    }

    @Test
    void aFailingFolderWriterLeavesTheOldFolderAsItWas() throws IOException {
        Path target = dir.resolve("results");
        Files.createDirectory(target);
        Files.writeString(target.resolve("manifest.json"), "{}");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeFolder(target, d -> true, "results",
                d -> {
                    Files.writeString(d.resolve("half.csv"), "1,2");
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(target.resolve("manifest.json")), listing(target));
        assertEquals(List.of(target), listing(dir));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
