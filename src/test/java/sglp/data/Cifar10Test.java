package sglp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 files in the official binary format, written by the tests (20 records per file). */
class Cifar10Test {
    private static final int RECORDS = 20;

    @TempDir Path dir;

    @Test
    void trainReadsTheFiveBatchesInOrder() throws IOException {
        TestData.writeCifarFolder(dir, RECORDS);
        ImageSet train = Cifar10.train(dir);
        assertEquals(5 * RECORDS, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertEquals("cifar10-train", train.name());
        for (int i = 0; i < train.size(); i++) {
            int file = 1 + i / RECORDS;
            int r = i % RECORDS;
            assertEquals(TestData.cifarLabel(file, r), train.labels()[i], "label of image " + i);
            float[] image = train.image(i);
            for (int p = 0; p < image.length; p++) {
                assertEquals(TestData.cifarByte(file, r, p) / 255f, image[p], "image " + i + " pixel " + p);
            }
        }
    }

    @Test
    void planesAreRedGreenBlueAndScaledToOne() throws IOException {
        byte[] record = new byte[Cifar10.RECORD_BYTES];
        record[0] = 7;
        Arrays.fill(record, 1, 1 + 1024, (byte) 255);          // red plane
        Arrays.fill(record, 1 + 1024, 1 + 2048, (byte) 0);     // green plane
        Arrays.fill(record, 1 + 2048, 1 + 3072, (byte) 51);    // blue plane
        record[1 + 32 + 5] = (byte) 128;                        // red, row 1, column 5
        Files.write(dir.resolve("test_batch.bin"), record);
        ImageSet test = Cifar10.test(dir);
        assertEquals(1, test.size());
        assertEquals(7, test.labels()[0]);
        assertEquals("horse", test.classes().get(7));
        float[] x = test.pixels();
        assertEquals(1f, x[0]);
        assertEquals(128 / 255f, x[32 + 5]);
        assertEquals(0f, x[1024 + 500]);
        assertEquals(0.2f, x[2048 + 1023]);
    }

    @Test
    void classNamesComeFromTheMetaFile() throws IOException {
        TestData.writeCifar(dir.resolve("test_batch.bin"), 0, RECORDS);
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
        assertEquals(names, Cifar10.test(dir).classes());
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.test(dir));
        assertEquals(dir.resolve("batches.meta.txt") + ": expected 10 class names, one per line, found 2: [a, b]",
                e.getMessage());
    }

    @Test
    void truncatedFileNamesFileAndByteOffset() throws IOException {
        TestData.writeCifarFolder(dir, RECORDS);
        Path third = dir.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(third);
        Files.write(third, Arrays.copyOf(bytes, bytes.length + 100));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.train(dir));
        assertEquals(third + ": truncated record at byte 61460: expected 3073 bytes per record, file ends after 100"
                + " bytes of it", e.getMessage());
    }

    @Test
    void badLabelNamesFileAndByteOffset() throws IOException {
        TestData.writeCifarFolder(dir, RECORDS);
        Path second = dir.resolve("data_batch_2.bin");
        byte[] bytes = Files.readAllBytes(second);
        bytes[3 * Cifar10.RECORD_BYTES] = 12;
        Files.write(second, bytes);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.train(dir));
        assertEquals(second + ": label at byte 9219 (record 3): expected 0..9, found 12", e.getMessage());
    }

    @Test
    void missingFileNamesFolderAndExpectedFiles() throws IOException {
        TestData.writeCifarFolder(dir, RECORDS);
        Files.delete(dir.resolve("data_batch_4.bin"));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.train(dir));
        assertTrue(e.getMessage().startsWith("CIFAR-10 file data_batch_4.bin not found in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin, data_batch_2.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertEquals(RECORDS, Cifar10.test(dir).size());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.test(dir));
        assertEquals(dir.resolve("test_batch.bin") + ": file is empty: expected records of 3073 bytes",
                e.getMessage());
    }
}
