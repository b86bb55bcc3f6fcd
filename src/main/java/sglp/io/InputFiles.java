package sglp.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening the files a user names, with errors that say what is wrong with the path rather than what the operating
 * system called it: {@code "acts.npz: not found"}, {@code "data: is a folder, expected a file"},
 * {@code "notes.txt: not valid UTF-8 at line 3 (byte 41): found byte 0xe9"}.
 *
 * <p>Text is decoded strictly as UTF-8 (a malformed byte is an error, never a replacement character), and a leading
 * byte-order mark is dropped, since it is never part of the content.
 */
public final class InputFiles {
    private static final char BOM = '\uFEFF';

    private InputFiles() {
    }

    /**
     * Checks that a path names an existing, readable regular file.
     *
     * @param file the path
     * @param expected what the file should be, for the message (such as {@code "a batch .npz"})
     * @return the path
     * @throws IllegalArgumentException naming the path: not found, a folder, or not readable
     */
    public static Path requireFile(Path file, String expected) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, expected a file (" + expected + ")");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": not found (expected " + expected + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot be read (expected " + expected
                    + " that this user may read)");
        }
        return file;
    }

    /**
     * Checks that a path names an existing folder.
     *
     * @param dir the path
     * @param expected what the folder should hold, for the message (such as {@code "the CIFAR-10 binary files"})
     * @return the path
     * @throws IllegalArgumentException naming the path: not found, or a file
     */
    public static Path requireFolder(Path dir, String expected) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(dir + ": not found (expected a folder with " + expected + ")");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": is a file, expected a folder with " + expected);
        }
        return dir;
    }

    /**
     * Reads a whole text file as UTF-8, dropping a leading byte-order mark.
     *
     * @param file the file
     * @param expected what the file should be, for messages
     * @return the text
     * @throws IllegalArgumentException if the path is not a readable file or the bytes are not valid UTF-8 (naming
     *     the line and byte offset of the first bad byte)
     * @throws UncheckedIOException if reading fails otherwise
     */
    public static String readText(Path file, String expected) {
        requireFile(file, expected);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(describe(e), e);
        }
        String text = decode(bytes, file.toString());
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    /**
     * Reads a text file's lines as UTF-8 (line ends {@code \n}, {@code \r\n} or {@code \r}), dropping a leading
     * byte-order mark.
     *
     * @param file the file
     * @param expected what the file should be, for messages
     * @return the lines, without their line ends
     * @throws IllegalArgumentException as {@link #readText(Path, String)}
     * @throws UncheckedIOException if reading fails otherwise
     */
    public static List<String> readLines(Path file, String expected) {
        return readText(file, expected).lines().toList();
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param bytes the bytes
     * @param source where they come from, for the message
     * @return the text
     * @throws IllegalArgumentException naming the source, the line and the byte offset of the first malformed byte
     */
    static String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new IllegalArgumentException(source + ": not valid UTF-8 at line " + line + " (byte " + at
                    + "): found byte 0x" + Integer.toHexString(0x100 | bytes[at] & 0xff).substring(1)
                    + "; save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * Says in the user's words what a file-system error means, naming the path: {@code "<path>: not found"},
     * {@code "<path>: permission denied"}, {@code "<path>: not a folder"}, or the system's reason.
     *
     * @param e the error
     * @return the message
     */
    public static String describe(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null) {
            return e.getMessage() != null ? e.getMessage() : e.toString();
        }
        String what = e instanceof NoSuchFileException ? "not found"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NotDirectoryException ? "not a folder"
                : f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what;
    }

    /**
     * The one way the library turns a checked I/O error into an unchecked one: what it was doing, then
     * {@link #describe(IOException)}'s reason.
     *
     * @param doing what failed, such as {@code "cannot write /x/y.json"}
     * @param e the error
     * @return {@code "<doing>: <reason>"} as an {@link UncheckedIOException} caused by {@code e}; the reason leaves
     *     out the path when {@code doing} already names it
     */
    public static UncheckedIOException unchecked(String doing, IOException e) {
        String why = describe(e);
        if (e instanceof FileSystemException f && f.getFile() != null && f.getOtherFile() == null
                && doing.contains(f.getFile()) && why.startsWith(f.getFile() + ": ")) {
            why = why.substring(f.getFile().length() + 2);
        }
        return new UncheckedIOException(doing + ": " + why, e);
    }
}
