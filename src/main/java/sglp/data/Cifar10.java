package sglp.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sglp.io.InputFiles;

/**
 * CIFAR-10 in its official binary format, read from a folder the user names.
 *
 * <p>The folder holds {@code data_batch_1.bin} .. {@code data_batch_5.bin} (training) and {@code test_batch.bin};
 * each record is one label byte (0..9) then 3,072 pixel bytes: the 32 x 32 red plane, then green, then blue, rows
 * top to bottom. Pixels are scaled to [0, 1]. Class names come from {@code batches.meta.txt} (one per line) when
 * the folder has it, else from the standard list.
 */
public final class Cifar10 {
    /** Height and width of an image. */
    public static final int SIDE = 32;
    /** Bytes per record: one label byte and 3 x 32 x 32 pixel bytes. */
    public static final int RECORD_BYTES = 1 + 3 * SIDE * SIDE;

    private static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    private static final String TEST_FILE = "test_batch.bin";
    private static final String META_FILE = "batches.meta.txt";
    private static final List<String> CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10() {}

    /** @return the names of the binary files, the training batches then the test batch */
    public static List<String> files() {
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return List.copyOf(all);
    }

    /**
     * Reads the five training batches, in order.
     *
     * @param dir the CIFAR-10 folder
     * @return a 3 x 32 x 32 set named {@code "cifar10-train"} (50,000 images for the real data)
     * @throws IllegalArgumentException if a file is missing or malformed, naming it
     * @throws UncheckedIOException if a file cannot be read
     */
    public static ImageSet train(Path dir) {
        return read(dir, TRAIN_FILES, "cifar10-train");
    }

    /**
     * Reads the test batch.
     *
     * @param dir the CIFAR-10 folder
     * @return a 3 x 32 x 32 set named {@code "cifar10-test"} (10,000 images for the real data)
     * @throws IllegalArgumentException if the file is missing or malformed, naming it
     * @throws UncheckedIOException if a file cannot be read
     */
    public static ImageSet test(Path dir) {
        return read(dir, List.of(TEST_FILE), "cifar10-test");
    }

    /** Checks every file's size, then reads the records of all files into one set. */
    private static ImageSet read(Path dir, List<String> names, String setName) {
        List<Path> files = new ArrayList<>();
        long records = 0;
        for (String name : names) {
            Path file = dir.resolve(name);
            records += recordCount(dir, file);
            files.add(file);
        }
        if (records * (RECORD_BYTES - 1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(dir + ": " + records + " records do not fit one Java array");
        }
        float[] pixels = new float[(int) records * (RECORD_BYTES - 1)];
        int[] labels = new int[(int) records];
        int image = 0;
        for (Path file : files) {
            image = readRecords(file, pixels, labels, image);
        }
        return new ImageSet(setName, pixels, labels, 3, SIDE, SIDE, classes(dir));
    }

    /** The number of records in {@code file}, after checking that it exists and holds whole records. */
    private static long recordCount(Path dir, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CIFAR-10 file " + file.getFileName() + " not found in " + dir
                    + ": expected the official binary version, " + String.join(", ", TRAIN_FILES) + " and "
                    + TEST_FILE);
        }
        long bytes = size(file);
        if (bytes == 0) {
            throw new IllegalArgumentException(file + ": file is empty: expected records of " + RECORD_BYTES
                    + " bytes");
        }
        long whole = bytes / RECORD_BYTES;
        if (bytes % RECORD_BYTES != 0) {
            throw new IllegalArgumentException(file + ": truncated record at byte " + whole * RECORD_BYTES
                    + ": expected " + RECORD_BYTES + " bytes per record, file ends after " + bytes % RECORD_BYTES
                    + " bytes of it");
        }
        return whole;
    }

    /** Reads the records of {@code file} from image {@code first} on; returns the next free image index. */
    private static int readRecords(Path file, float[] pixels, int[] labels, int first) {
        byte[] bytes = readAll(file);
        int perImage = RECORD_BYTES - 1;
        int image = first;
        for (int at = 0; at < bytes.length; at += RECORD_BYTES, image++) {
            int label = bytes[at] & 0xFF;
            if (label >= CLASSES.size()) {
                throw new IllegalArgumentException(file + ": label at byte " + at + " (record " + at / RECORD_BYTES
                        + "): expected 0..9, found " + label);
            }
            labels[image] = label;
            int base = image * perImage;
            for (int p = 0; p < perImage; p++) {
                pixels[base + p] = (bytes[at + 1 + p] & 0xFF) / 255f;
            }
        }
        return image;
    }

    /** The class names of {@code batches.meta.txt} if present, else the standard ones. */
    private static List<String> classes(Path dir) {
        Path meta = dir.resolve(META_FILE);
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        List<String> names = InputFiles.readLines(meta, "CIFAR-10 class names, one per line").stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (names.size() != CLASSES.size()) {
            throw new IllegalArgumentException(meta + ": expected " + CLASSES.size()
                    + " class names, one per line, found " + names.size() + ": " + names);
        }
        return names;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot read " + file, e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot read " + file, e);
        }
    }
}
