package sglp.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A file or folder in a cache that is used only when it verifiably is what was built, and rebuilt otherwise.
 *
 * <p>After the entry is built, {@link #seal()} writes a completion record beside it ({@code <name>.complete.json}):
 * the size and SHA-256 of each of its files, written last and atomically. {@link #problem()} checks the entry
 * against its record; an entry without a record (its build was interrupted, or an older version wrote it), with a
 * missing, truncated or changed file is not used. {@link #getOrBuild} puts it together: it returns a complete entry
 * as it is, and otherwise says in one line why the entry cannot be used, deletes it (record first) and builds it
 * again; if the entry cannot be deleted, the error says which paths to delete by hand.
 *
 * <pre>{@code
 * Path model = CacheEntry.of(cache.resolve("models/resnet20.safetensors"))
 *         .getOrBuild(file -> Weights.save(train(), file), System.err::println);
 * }</pre>
 *
 * <p>Files added to a folder entry after it was sealed are ignored. Two processes building the same entry at once
 * are not coordinated.
 */
public final class CacheEntry {
    /** The suffix of the completion record's name. */
    public static final String RECORD_SUFFIX = ".complete.json";
    private static final int FORMAT = 1;

    private final Path path;

    /** Builds a cache entry: writes the file or folder it is given. */
    @FunctionalInterface
    public interface Builder {
        /**
         * Writes the entry.
         *
         * @param path the file or folder to write; absent when called
         * @throws IOException if writing fails
         */
        void build(Path path) throws IOException;
    }

    private CacheEntry(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /**
     * The cache entry at a path.
     *
     * @param path a file or a folder (it need not exist yet)
     * @return the entry
     */
    public static CacheEntry of(Path path) {
        return new CacheEntry(path);
    }

    /** @return the entry's file or folder, absolute */
    public Path path() {
        return path;
    }

    /** @return the completion record, {@code <name>.complete.json} beside the entry */
    public Path record() {
        return path.resolveSibling(path.getFileName() + RECORD_SUFFIX);
    }

    /** @return whether anything of the entry is on disk: its file or folder, or its record */
    public boolean exists() {
        return Files.exists(path) || Files.exists(record());
    }

    /**
     * Checks the entry against its completion record, reading every file (sizes, then SHA-256).
     *
     * @return why the entry cannot be used, or empty when it is complete
     */
    public Optional<String> problem() {
        if (!Files.exists(path)) {
            return Optional.of(Files.exists(record()) ? "its content is missing" : "it is missing");
        }
        if (!Files.isRegularFile(record())) {
            return Optional.of("it has no completion record " + record().getFileName() + " (its writing was "
                    + "interrupted, or an older version wrote it)");
        }
        JsonArray files;
        try {
            JsonObject o = JsonParser.parseString(Files.readString(record())).getAsJsonObject();
            files = o.getAsJsonArray("files");
            if (files == null || files.isEmpty()) {
                return Optional.of("its completion record lists no files");
            }
            for (JsonElement e : files) {
                JsonObject f = e.getAsJsonObject();
                Optional<String> p = check(f.get("path").getAsString(), f.get("bytes").getAsLong(),
                        f.get("sha256").getAsString());
                if (p.isPresent()) {
                    return p;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("its completion record " + record().getFileName() + " is unreadable: " + e.getMessage());
        }
        return Optional.empty();
    }

    private Optional<String> check(String relative, long bytes, String sha256) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(relative) : path;
        if (!Files.isRegularFile(file) || !file.normalize().startsWith(path)) {
            return Optional.of("file " + relative + " is missing");
        }
        long size = Files.size(file);
        if (size != bytes) {
            return Optional.of("file " + relative + ": expected " + bytes + " bytes, found " + size
                    + (size < bytes ? " (truncated)" : ""));
        }
        String found = sha256(file);
        if (!found.equals(sha256)) {
            return Optional.of("file " + relative + ": expected SHA-256 " + sha256 + ", found " + found
                    + " (changed since it was written)");
        }
        return Optional.empty();
    }

    /**
     * Writes the completion record of the entry as it is on disk now, atomically. Call it when the entry is complete.
     *
     * @throws IOException if the entry cannot be read or the record written
     * @throws IllegalStateException if the entry does not exist
     */
    public void seal() throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalStateException("cannot seal the cache entry " + path + ": it does not exist");
        }
        JsonArray files = new JsonArray();
        for (Path file : files()) {
            JsonObject f = new JsonObject();
            String relative = file.equals(path) ? path.getFileName().toString()
                    : path.relativize(file).toString().replace('\\', '/');
            f.addProperty("path", relative);
            f.addProperty("bytes", Files.size(file));
            f.addProperty("sha256", sha256(file));
            files.add(f);
        }
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.add("files", files);
        AtomicFiles.writeString(record(), new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
    }

    /**
     * Deletes the entry: its record first (so that an interrupted delete leaves an entry that is not used), then its
     * file or folder.
     *
     * @throws IOException if something cannot be deleted
     */
    public void discard() throws IOException {
        Files.deleteIfExists(record());
        if (Files.isDirectory(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /**
     * Returns the entry if it is complete; otherwise says why not (unless nothing of it is on disk), deletes what is
     * there, builds it and seals it.
     *
     * @param builder writes the entry
     * @param notice told one line when an existing entry is rebuilt, such as
     *     {@code "cache: /c/models/m.safetensors cannot be used (file m.safetensors: expected 1096 bytes, found 512
     *     (truncated)): rebuilding it"}
     * @return {@link #path()}
     * @throws UncheckedIOException if the entry cannot be deleted (the message says which paths to delete by hand),
     *     built or sealed
     */
    public Path getOrBuild(Builder builder, Consumer<String> notice) {
        Optional<String> problem = problem();
        if (problem.isEmpty()) {
            return path;
        }
        if (exists()) {
            notice.accept("cache: " + path + " cannot be used (" + problem.get() + "): rebuilding it");
            try {
                discard();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the unusable cache entry " + path + " (" + problem.get()
                        + "): " + e.getMessage() + "; delete " + path + " and " + record() + " by hand and run again",
                        e);
            }
        }
        try {
            builder.build(path);
            seal();
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot build the cache entry " + path, e);
        }
        return path;
    }

    /** The entry's regular files, sorted: the file itself, or every file below the folder. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> all = Files.walk(path)) {
            return new ArrayList<>(all.filter(Files::isRegularFile).sorted().toList());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public String toString() {
        return "CacheEntry[" + path + "]";
    }
}
