package sglp.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} files: a zip archive of {@code .npy} entries, as written by {@code numpy.savez} (entries
 * stored) and {@code numpy.savez_compressed} (entries deflated).
 *
 * <p>The key of an entry is its name without the {@code .npy} suffix; keys keep the order of the archive's entries.
 * Written archives are reproducible: the same tensors give the same bytes (entry times are fixed to 1980-01-01).
 */
public final class Npz {
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /**
     * Reads an {@code .npz} file, stored or deflated.
     *
     * @param file the file
     * @return the arrays by key, in entry order
     * @throws TensorFormatException if the archive or an entry is malformed, truncated or unsupported
     * @throws IOException if reading fails
     */
    public static StateDict read(Path file) throws IOException {
        StateDict dict = new StateDict();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String source = file + ": entry '" + entry.getName() + "'";
                String key = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                if (dict.contains(key)) {
                    throw new TensorFormatException(source, 0, "expected unique keys, found '" + key + "' twice");
                }
                dict.put(key, readEntry(zip, entry, source));
            }
        }
        return dict;
    }

    /** Reads one entry and checks its CRC-32, which {@link ZipFile} itself does not. */
    private static Tensor readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException {
        CheckedInputStream checked;
        try {
            checked = new CheckedInputStream(zip.getInputStream(entry), new CRC32());
        } catch (ZipException e) {
            throw new TensorFormatException(source, 0, "expected a readable zip entry, found: " + e.getMessage(), e);
        }
        try (InputStream in = new BufferedInputStream(checked)) {
            Tensor tensor = Npy.read(in, source, entry.getSize() < 0 ? Long.MAX_VALUE : entry.getSize());
            in.transferTo(OutputStream.nullOutputStream());
            long crc = checked.getChecksum().getValue();
            if (entry.getCrc() >= 0 && crc != entry.getCrc()) {
                throw new TensorFormatException(source, 0, "expected CRC-32 " + Long.toHexString(entry.getCrc())
                        + " (from the zip directory), found " + Long.toHexString(crc)
                        + " (file corrupt?)");
            }
            return tensor;
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            long size = Files.size(file);
            throw new TensorFormatException(file.toString(), size, "expected a zip archive ending in a central "
                    + "directory, found none in " + size + " bytes (file truncated or not an .npz?): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes tensors as an {@code .npz} with stored (uncompressed) entries, like {@code numpy.savez}; atomically.
     *
     * @param file the file
     * @param tensors the arrays; key {@code k} becomes entry {@code k.npy}
     * @throws IllegalArgumentException if a tensor has no NumPy dtype ({@link DType#BF16})
     * @throws IOException if writing fails
     */
    public static void write(Path file, StateDict tensors) throws IOException {
        write(file, tensors, false);
    }

    /**
     * Writes tensors as an {@code .npz} with deflated entries, like {@code numpy.savez_compressed}; atomically.
     *
     * @param file the file
     * @param tensors the arrays; key {@code k} becomes entry {@code k.npy}
     * @throws IllegalArgumentException if a tensor has no NumPy dtype ({@link DType#BF16})
     * @throws IOException if writing fails
     */
    public static void writeCompressed(Path file, StateDict tensors) throws IOException {
        write(file, tensors, true);
    }

    private static void write(Path file, StateDict tensors, boolean compress) throws IOException {
        for (Map.Entry<String, Tensor> e : tensors) {
            Npy.header(e.getValue());  // fail on bfloat16 before creating any file
        }
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, Tensor> e : tensors) {
                    byte[] header = Npy.header(e.getValue());
                    byte[] data = e.getValue().rawData();
                    ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                    entry.setTimeLocal(ENTRY_TIME);
                    if (compress) {
                        entry.setMethod(ZipEntry.DEFLATED);
                    } else {
                        CRC32 crc = new CRC32();
                        crc.update(header);
                        crc.update(data);
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize((long) header.length + data.length);
                        entry.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(entry);
                    zip.write(header);
                    zip.write(data);
                    zip.closeEntry();
                }
            }
        });
    }
}
