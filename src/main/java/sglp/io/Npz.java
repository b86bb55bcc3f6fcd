package sglp.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        try (Reader reader = Reader.open(file)) {
            reader.forEach(array -> {
                byte[] bytes = new byte[array.data().remaining()];
                array.data().get(bytes);
                dict.put(array.key(), Tensor.wrap(array.dtype(), array.shape(), bytes));
            });
        }
        return dict;
    }

    /**
     * One array of an {@code .npz} as {@link Reader} hands it over: its elements in a direct buffer that is valid only
     * until the consumer returns (the reader reuses it for the next array).
     *
     * @param key the entry's name without {@code .npy}
     * @param source the file and entry, for messages: {@code "a.npz: entry 'conv1.npy'"}
     * @param dtype the element type
     * @param shape the dimensions
     * @param data the elements, little-endian, row-major, from position 0 to the limit; a direct buffer
     */
    public record Array(String key, String source, DType dtype, long[] shape, ByteBuffer data) {
    }

    /** Receives the arrays of an {@code .npz}, one at a time. */
    @FunctionalInterface
    public interface ArrayConsumer {
        /**
         * @param array the array; its buffer is valid until this returns
         * @throws IOException if the consumer's own reading or writing fails
         */
        void accept(Array array) throws IOException;
    }

    /**
     * Reads an {@code .npz} one array at a time, so that memory holds one array, not the file: a stored entry is read
     * from the file and a deflated one inflated once, in either case into one direct buffer (native memory, reused
     * from array to array, sized for the largest so far) through a small heap chunk. Each entry's CRC-32 is checked.
     * The keys are known before any array is read.
     *
     * <pre>{@code
     * try (Npz.Reader npz = Npz.Reader.open(file)) {
     *     List<String> layers = npz.keys();
     *     npz.forEach(a -> use(a.key(), a.shape(), a.data()));
     * }
     * }</pre>
     */
    public static final class Reader implements AutoCloseable {
        private final ZipFile zip;
        private final Path file;
        private final List<ZipEntry> entries = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private ByteBuffer buffer;

        private Reader(Path file, ZipFile zip) throws TensorFormatException {
            this.file = file;
            this.zip = zip;
            Set<String> seen = new HashSet<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                if (!seen.add(key)) {
                    throw new TensorFormatException(source(entry), 0, "expected unique keys, found '" + key
                            + "' twice");
                }
                entries.add(entry);
                keys.add(key);
            }
        }

        /**
         * Opens an {@code .npz} and reads its directory.
         *
         * @param file the file
         * @return the reader; close it
         * @throws IllegalArgumentException if the file is missing or a folder
         * @throws TensorFormatException if the file is no zip archive or two entries have the same key
         * @throws IOException if reading fails
         */
        public static Reader open(Path file) throws IOException {
            InputFiles.requireFile(file, "an .npz file");
            ZipFile zip = Npz.open(file);
            try {
                return new Reader(file, zip);
            } catch (TensorFormatException e) {
                zip.close();
                throw e;
            }
        }

        /** @return the keys in entry order */
        public List<String> keys() {
            return List.copyOf(keys);
        }

        /**
         * Reads every array in entry order and hands each to the consumer.
         *
         * @param consumer receives each array
         * @throws TensorFormatException if an entry is malformed, truncated, unsupported or fails its CRC-32
         * @throws IOException if reading fails, or the consumer's
         */
        public void forEach(ArrayConsumer consumer) throws IOException {
            for (int i = 0; i < entries.size(); i++) {
                consumer.accept(read(entries.get(i), keys.get(i)));
            }
        }

        /** Reads one entry into the buffer and checks its CRC-32, which {@link ZipFile} itself does not. */
        private Array read(ZipEntry entry, String key) throws IOException {
            String source = source(entry);
            CheckedInputStream checked;
            try {
                checked = new CheckedInputStream(zip.getInputStream(entry), new CRC32());
            } catch (ZipException e) {
                throw new TensorFormatException(source, 0, "expected a readable zip entry, found: " + e.getMessage(),
                        e);
            }
            try (InputStream in = new BufferedInputStream(checked)) {
                long available = entry.getSize() < 0 ? Long.MAX_VALUE : entry.getSize();
                Npy.Header h = Npy.readHeader(in, source, available);
                ByteBuffer data = buffer((int) h.dataBytes());
                Npy.readData(in, data, h, source, available);
                in.transferTo(OutputStream.nullOutputStream());
                long crc = checked.getChecksum().getValue();
                if (entry.getCrc() >= 0 && crc != entry.getCrc()) {
                    throw new TensorFormatException(source, 0, "expected CRC-32 " + Long.toHexString(entry.getCrc())
                            + " (from the zip directory), found " + Long.toHexString(crc) + " (file corrupt?)");
                }
                return new Array(key, source, h.dtype(), h.shape(), data.flip());
            }
        }

        private ByteBuffer buffer(int bytes) {
            if (buffer == null || buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect(Math.max(bytes, 1)).order(ByteOrder.LITTLE_ENDIAN);
            }
            return buffer.clear().limit(bytes);
        }

        private String source(ZipEntry entry) {
            return file + ": entry '" + entry.getName() + "'";
        }

        @Override
        public void close() throws IOException {
            zip.close();
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
