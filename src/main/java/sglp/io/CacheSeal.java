package sglp.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A seal on an entry of a cache (one file, or a folder of files) that proves the entry complete and intact: the
 * size and SHA-256 of each of its files, written last and atomically once the entry is whole. An entry without a
 * valid seal, or whose files no longer match it (a truncated download, an interrupted write, a file edited or
 * deleted by hand), is to be discarded and rebuilt rather than read.
 *
 * <p>The seal of a folder is the file {@value #FOLDER_SEAL} inside it, listing every regular file of the folder by
 * its relative path; the seal of a file {@code name} is the hidden file {@code .name.seal.json} beside it.
 *
 * <pre>{@code
 * Optional<String> problem = CacheSeal.check(entry);
 * if (problem.isPresent()) {
 *     System.err.println("cached " + entry + " is incomplete or corrupt (" + problem.get() + "); rebuilding it");
 *     CacheSeal.discard(entry);
 *     build(entry);
 *     CacheSeal.seal(entry);
 * }
 * }</pre>
 */
public final class CacheSeal {
    /** The seal's name inside a sealed folder. */
    public static final String FOLDER_SEAL = ".seal.json";

    private CacheSeal() {
    }

    /**
     * The file that holds the seal of an entry.
     *
     * @param entry a cached file or folder
     * @return {@code entry/.seal.json} for a folder, {@code .name.seal.json} beside a file
     */
    public static Path sealFile(Path entry) {
        return Files.isDirectory(entry) ? entry.resolve(FOLDER_SEAL)
                : entry.resolveSibling("." + entry.getFileName() + ".seal.json");
    }

    /**
     * Seals a complete entry: records the size and SHA-256 of each of its files, atomically. Call it after the
     * entry is completely written.
     *
     * @param entry a cached file or folder
     * @throws UncheckedIOException if a file cannot be read or the seal cannot be written
     */
    public static void seal(Path entry) {
        JsonObject files = new JsonObject();
        try {
            for (Path file : files(entry)) {
                JsonObject f = new JsonObject();
                f.addProperty("bytes", Files.size(file));
                f.addProperty("sha256", sha256(file));
                files.add(name(entry, file), f);
            }
            JsonObject seal = new JsonObject();
            seal.add("files", files);
            AtomicFiles.writeString(sealFile(entry), new GsonBuilder().setPrettyPrinting().create().toJson(seal)
                    + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal " + entry + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks an entry against its seal.
     *
     * @param entry a cached file or folder
     * @return empty when the entry is sealed and every file matches its size and SHA-256; otherwise what is wrong
     *     (missing entry, no seal, a missing file, a size or hash that differs), naming the file
     */
    public static Optional<String> check(Path entry) {
        if (!Files.exists(entry)) {
            return Optional.of(entry + " is missing");
        }
        Path sealFile = sealFile(entry);
        if (!Files.isRegularFile(sealFile)) {
            return Optional.of("no seal " + sealFile + " (it is written last, once the entry is complete)");
        }
        try {
            JsonElement json = JsonParser.parseString(Files.readString(sealFile));
            JsonObject files = json.getAsJsonObject().getAsJsonObject("files");
            for (Map.Entry<String, JsonElement> e : files.entrySet()) {
                Path file = Files.isDirectory(entry) ? entry.resolve(e.getKey()) : entry;
                JsonObject expected = e.getValue().getAsJsonObject();
                long bytes = expected.get("bytes").getAsLong();
                if (!Files.isRegularFile(file)) {
                    return Optional.of(file + " is missing (sealed with " + bytes + " bytes)");
                }
                if (Files.size(file) != bytes) {
                    return Optional.of(file + " has " + Files.size(file) + " bytes, sealed with " + bytes
                            + " (truncated or rewritten)");
                }
                String hash = sha256(file);
                if (!hash.equals(expected.get("sha256").getAsString())) {
                    return Optional.of(file + " has SHA-256 " + hash + ", sealed with "
                            + expected.get("sha256").getAsString() + " (its content changed)");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read " + sealFile + " or the files it lists: " + e.getMessage());
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException e) {
            return Optional.of(sealFile + " is not a valid seal: " + e.getMessage());
        }
    }

    /**
     * Deletes an entry and its seal (a folder with everything in it).
     *
     * @param entry a cached file or folder
     * @throws UncheckedIOException if something cannot be deleted
     */
    public static void discard(Path entry) {
        try {
            Files.deleteIfExists(entry.resolveSibling("." + entry.getFileName() + ".seal.json"));
            if (Files.isDirectory(entry)) {
                try (Stream<Path> s = Files.walk(entry)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + entry + ": " + e.getMessage(), e);
        }
    }

    /** The regular files of an entry, the seal excluded, in name order. */
    private static List<Path> files(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(entry)) {
            s.filter(Files::isRegularFile).filter(p -> !p.equals(entry.resolve(FOLDER_SEAL))).sorted()
                    .forEach(out::add);
        }
        return out;
    }

    private static String name(Path entry, Path file) {
        return Files.isDirectory(entry) ? entry.relativize(file).toString().replace('\\', '/')
                : file.getFileName().toString();
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
