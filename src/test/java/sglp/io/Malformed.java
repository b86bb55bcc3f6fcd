package sglp.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** Checks that damaged files fail with a {@link TensorFormatException} that says where. */
final class Malformed {
    private Malformed() {
    }

    /**
     * Asserts that reading {@code file} fails with a message naming the file and a byte offset, and containing
     * each of {@code fragments}.
     *
     * @return the message
     */
    static String assertRejected(Path file, ThrowingConsumer<Path> reader, String... fragments) {
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> reader.accept(file),
                () -> "reading " + file.getFileName() + " should fail");
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), () -> "message should start with the file name: " + m);
        assertTrue(m.matches("(?s).* at byte \\d+: .*"), () -> "message should give a byte offset: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message should contain '" + f + "': " + m);
        }
        return m;
    }

    /** Writes the first {@code length} bytes of {@code content} to {@code dir/name}. */
    static Path cut(Path dir, String name, byte[] content, int length) throws IOException {
        return Files.write(dir.resolve(name), Arrays.copyOf(content, length));
    }
}
