package sglp.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Shared generators of small data sets and files for the tests of this package. */
final class TestData {
    private TestData() {}

    /** The pixel byte that record {@code r} of a file holds at position {@code p} (0..3071). */
    static int cifarByte(int fileIndex, int r, int p) {
        return (fileIndex * 31 + r * 7 + p * 13) & 0xFF;
    }

    /** The label of record {@code r} of a file. */
    static int cifarLabel(int fileIndex, int r) {
        return (fileIndex + r) % 10;
    }

    /** Writes {@code records} CIFAR records of the official format, with {@link #cifarByte} and {@link #cifarLabel}. */
    static void writeCifar(Path file, int fileIndex, int records) throws IOException {
        byte[] bytes = new byte[records * Cifar10.RECORD_BYTES];
        for (int r = 0; r < records; r++) {
            int at = r * Cifar10.RECORD_BYTES;
            bytes[at] = (byte) cifarLabel(fileIndex, r);
            for (int p = 0; p < Cifar10.RECORD_BYTES - 1; p++) {
                bytes[at + 1 + p] = (byte) cifarByte(fileIndex, r, p);
            }
        }
        Files.write(file, bytes);
    }

    /** Writes the five training batches (file index 1..5) and the test batch (file index 0). */
    static void writeCifarFolder(Path dir, int recordsPerFile) throws IOException {
        for (int b = 1; b <= 5; b++) {
            writeCifar(dir.resolve("data_batch_" + b + ".bin"), b, recordsPerFile);
        }
        writeCifar(dir.resolve("test_batch.bin"), 0, recordsPerFile);
    }

    /**
     * A set where image i of class {@code i % classes} has every pixel of channel c equal to {@code i + c / 10};
     * so each image can be told by its values.
     */
    static ImageSet numbered(int n, int classes, int channels, int height, int width) {
        int d = channels * height * width;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int p = 0; p < d; p++) {
                x[i * d + p] = i + (p / (height * width)) / 10f;
            }
        }
        return new ImageSet("numbered", x, y, channels, height, width, names(classes));
    }

    /**
     * A set of {@code n} images, each its own class (label i), whose pixel (c, row, col) is
     * {@code 1 + coordinate(c, row, col)}: every value names its position, and none is 0 (the padding value).
     */
    static ImageSet coordinates(int n, int channels, int side) {
        int d = channels * side * side;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                for (int row = 0; row < side; row++) {
                    for (int col = 0; col < side; col++) {
                        x[i * d + (c * side + row) * side + col] = 1 + coordinate(c, row, col, side);
                    }
                }
            }
        }
        int[] y = IntStream.range(0, n).toArray();
        return new ImageSet("coordinates", x, y, channels, side, side, names(n));
    }

    /** A unique positive code of pixel (c, row, col): {@link #coordinates} stores {@code 1 + coordinate}. */
    static int coordinate(int c, int row, int col, int side) {
        return (c * side + row) * side + col;
    }

    /** Class names "c0", "c1", ... */
    static List<String> names(int classes) {
        return IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
    }
}
