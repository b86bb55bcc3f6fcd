package sglp.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Writes files so that readers see either the old content or the complete new one, never a half-written file.
 *
 * <p>Content goes to a hidden temporary file in the target's directory ({@code .sglp-<random>.tmp}, short so that
 * any valid file name can be written), is forced to disk, then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (or, where the file system cannot move atomically,
 * {@link StandardCopyOption#REPLACE_EXISTING}). If anything fails the temporary file is deleted and the target is left
 * as it was. A target that is a symbolic link keeps the link: the file it points to is replaced.
 *
 * <p>Folders are written the same way ({@link #writeFolder}): into a hidden temporary folder beside the target,
 * moved into place when complete.
 */
public final class AtomicFiles {
    /** Links followed at most when resolving a target, as the kernel's own limit on a path. */
    private static final int MAX_LINKS = 40;

    private AtomicFiles() {
    }

    /** Writes the content of a new folder. */
    @FunctionalInterface
    public interface FolderWriter {
        /**
         * @param dir an empty folder to fill
         * @throws IOException if writing fails
         */
        void write(Path dir) throws IOException;
    }

    /**
     * Writes a file atomically, creating its parent directories if needed.
     *
     * @param target the file to create or replace
     * @param writer writes the content; the stream it gets is buffered
     * @throws IOException if the writer or the file system fails; the target is then unchanged
     */
    public static void write(Path target, IoWriter writer) throws IOException {
        target = followLinks(named(target));
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = tempSibling(target);
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

    /**
     * Checks, before any work, that a folder can be written at a path: it is missing, an empty folder, or a folder
     * that the caller allows to be replaced.
     *
     * @param target the folder
     * @param replaceable whether an existing folder with files in it may be replaced (such as an earlier results
     *     folder)
     * @param what what the folder is, for the message (such as {@code "a results folder"})
     * @throws IllegalArgumentException if the path is empty, a file, or a folder with files that may not be replaced
     */
    public static void checkFolderTarget(Path target, Predicate<Path> replaceable, String what) {
        Path abs = named(target);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + ": is a file, expected " + what + " (a new or empty folder)");
        }
        if (Files.isDirectory(abs) && !isEmpty(abs) && !replaceable.test(abs)) {
            throw new IllegalArgumentException(target + ": is a folder with other files in it, expected " + what
                    + " (a new or empty folder); not overwriting");
        }
    }

    /**
     * Writes a folder so that it appears whole or not at all: the writer fills a hidden temporary folder beside the
     * target, which then replaces the target; if anything fails the temporary folder is deleted and the target is
     * left as it was. An existing target is replaced whole (never merged), and only if
     * {@link #checkFolderTarget} allows it.
     *
     * @param target the folder
     * @param replaceable whether an existing folder with files may be replaced
     * @param what what the folder is, for messages
     * @param writer fills the folder
     * @throws IllegalArgumentException as {@link #checkFolderTarget}
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void writeFolder(Path target, Predicate<Path> replaceable, String what, FolderWriter writer)
            throws IOException {
        checkFolderTarget(target, replaceable, what);
        Path abs = named(target);
        Files.createDirectories(abs.getParent());
        Path temp = tempSibling(abs);
        Files.createDirectory(temp);
        Path old = null;
        try {
            writer.write(temp);
            if (Files.exists(abs)) {
                old = tempSibling(abs);
                Files.move(abs, old);
            }
            Files.move(temp, abs);
        } catch (IOException | RuntimeException | Error e) {
            if (old != null && !Files.exists(abs)) {
                Files.move(old, abs);
                old = null;
            }
            deleteTree(temp, e);
            throw e;
        }
        if (old != null) {
            deleteTree(old, null);
        }
    }

    /** The absolute, normalised path, refusing one without a file name (an empty path or the root). */
    private static Path named(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (target.toString().isEmpty() || abs.getFileName() == null) {
            throw new IllegalArgumentException("'" + target + "': expected a path with a name, found "
                    + (target.toString().isEmpty() ? "an empty path" : "the root"));
        }
        return abs;
    }

    /** The final target of a chain of symbolic links (which need not exist yet). */
    private static Path followLinks(Path target) throws IOException {
        Path p = target;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new IOException(target + ": more than " + MAX_LINKS + " symbolic links in a row");
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    private static Path tempSibling(Path target) {
        return target.resolveSibling(".sglp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(InputFiles.describe(e), e);
        }
    }

    /** Deletes a folder tree; a failure is added to {@code failure} when there is one, else ignored. */
    private static void deleteTree(Path dir, Throwable failure) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException suppressed) {
            if (failure != null) {
                failure.addSuppressed(suppressed);
            }
        }
    }
}
