package sglp.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import sglp.io.InputFiles;

/**
 * A file a run read, identified by its content: two runs whose inputs have the same SHA-256 read the same bytes.
 *
 * @param role what the file was to the run, such as {@code "weights"} or {@code "calibration text"}
 * @param path the path as the run was given it, made absolute
 * @param bytes its size
 * @param sha256 the SHA-256 of its bytes, in lower-case hexadecimal
 */
public record InputFile(String role, String path, long bytes, String sha256) {

    /**
     * Reads a file once to record it.
     *
     * @param role what the file is to the run
     * @param file the file
     * @return the record
     * @throws IllegalArgumentException if the file is missing or a folder
     * @throws UncheckedIOException if it cannot be read
     */
    public static InputFile of(String role, Path file) {
        InputFiles.requireFile(file, role);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(InputFiles.describe(e), e);
        }
        return new InputFile(role, file.toAbsolutePath().normalize().toString(), bytes,
                HexFormat.of().formatHex(digest.digest()));
    }
}
