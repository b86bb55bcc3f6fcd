package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileAndAFolderAreNamedAsSuch() throws IOException {
        Path missing = dir.resolve("acts.npz");
        assertEquals(missing + ": not found (expected an activations .npz)", assertThrows(
                IllegalArgumentException.class, () -> InputFiles.requireFile(missing, "an activations .npz"))
                .getMessage());
        assertEquals(dir + ": is a folder, expected a file (a batch .npz)", assertThrows(IllegalArgumentException.class,
                () -> InputFiles.readText(dir, "a batch .npz")).getMessage());
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(file + ": is a file, expected a folder with the CIFAR-10 binary files", assertThrows(
                IllegalArgumentException.class, () -> InputFiles.requireFolder(file, "the CIFAR-10 binary files"))
                .getMessage());
        assertEquals(missing + ": not found", InputFiles.describe(new NoSuchFileException(missing.toString())));
    }

    @Test
    void invalidUtf8IsRefusedWithItsLineAndByte() throws IOException {
        Path csv = dir.resolve("s.csv");
        Files.write(csv, new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', 'x', (byte) 0xe9, 'y', '\n'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.readLines(csv, "a similarity .csv"));
        assertEquals(csv + ": not valid UTF-8 at line 3 (byte 9): found byte 0xe9; save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void aByteOrderMarkIsDroppedAndEveryLineEndIsALineEnd() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.write(text, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'l', 'a', 'y', '\r', '\n', (byte) 0xc3,
            (byte) 0xbc, '\n'});
        assertEquals(List.of("lay", "ü"), InputFiles.readLines(text, "text"));
    }

    @Test
    void uncheckedSaysWhatFailedAndWhyNamingThePathOnce() {
        assertEquals("cannot read /x/a.json: not found",
                InputFiles.unchecked("cannot read /x/a.json", new NoSuchFileException("/x/a.json")).getMessage());
        assertEquals("cannot export the model to /y: /y/part: not found",
                InputFiles.unchecked("cannot export the model to /y", new NoSuchFileException("/y/part"))
                        .getMessage());
        IOException full = new IOException("No space left on device");
        assertEquals("cannot write /z: No space left on device", InputFiles.unchecked("cannot write /z", full)
                .getMessage());
        assertEquals(full, InputFiles.unchecked("cannot write /z", full).getCause());
    }
}
