package sglp.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one, never a half-written file.
 *
 * <p>Content goes to a hidden temporary file in the target's directory ({@code .<name>.<random>.tmp}), is forced
 * to disk, then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE} (or, where the file system cannot
 * move atomically, {@link StandardCopyOption#REPLACE_EXISTING}). If anything fails the temporary file is deleted and
 * the target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes a file atomically, creating its parent directories if needed.
     *
     * @param target the file to create or replace
     * @param writer writes the content; the stream it gets is buffered
     * @throws IOException if the writer or the file system fails; the target is then unchanged
     */
    public static void write(Path target, IoWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();  // the channel stays open until the content is forced to disk
                    }
                });
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Writes a string as UTF-8, atomically.
     *
     * @param target the file to create or replace
     * @param content the text
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }
}
