package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    private static final List<String> FIXTURE_KEYS =
            List.of("f32", "i64", "f16", "f64_scalar", "u8", "i8", "i16", "i32", "flags", "empty");

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTypeAndShapeStoredAndDeflated() throws IOException {
        StateDict all = TestTensors.everything(false);
        Npz.write(dir.resolve("stored.npz"), all);
        Npz.writeCompressed(dir.resolve("deflated.npz"), all);
        assertEquals(all, Npz.read(dir.resolve("stored.npz")));
        assertEquals(all, Npz.read(dir.resolve("deflated.npz")));
        assertTrue(Files.size(dir.resolve("deflated.npz")) < Files.size(dir.resolve("stored.npz")));
        try (ZipFile zip = new ZipFile(dir.resolve("stored.npz").toFile())) {
            assertEquals(ZipEntry.STORED, zip.getEntry("f32_3.npy").getMethod());
        }
        try (ZipFile zip = new ZipFile(dir.resolve("deflated.npz").toFile())) {
            assertEquals(ZipEntry.DEFLATED, zip.getEntry("f32_3.npy").getMethod());
        }
    }

    @Test
    void keepsKeyOrderAndWritesReproducibly() throws IOException {
        StateDict d = new StateDict().put("z", TestTensors.sample(DType.F32, 2)).put("layer.10", TestTensors.sample(
                DType.I64, 1)).put("a", TestTensors.sample(DType.U8));
        Npz.write(dir.resolve("one.npz"), d);
        Npz.write(dir.resolve("two.npz"), d);
        assertEquals(List.of("z", "layer.10", "a"), Npz.read(dir.resolve("one.npz")).keys());
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.npz")), Files.readAllBytes(dir.resolve("two.npz")));
    }

    @Test
    void readsNumpySavezAndSavezCompressed() throws IOException {
        for (String name : List.of("savez.npz", "savez_compressed.npz")) {
            StateDict d = Npz.read(Fixtures.path(name));
            assertEquals(FIXTURE_KEYS, d.keys(), name);
            Tensor f32 = d.get("f32");
            assertEquals(DType.F32, f32.dtype());
            assertArrayEquals(new long[] {2, 3}, f32.shape());
            assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6.25f}, f32.toFloats());
            assertArrayEquals(new long[] {1, -2, 3_000_000_000L}, d.get("i64").toLongs());
            Tensor f16 = d.get("f16");
            assertEquals(DType.F16, f16.dtype());
            assertArrayEquals(new float[] {1, 65504, 5.9604645e-8f, Float.POSITIVE_INFINITY, -0.0f}, f16.toFloats());
            assertArrayEquals(new long[0], d.get("f64_scalar").shape());
            assertArrayEquals(new double[] {3.25}, d.get("f64_scalar").toDoubles());
            assertArrayEquals(new long[] {0, 255}, d.get("u8").toLongs());
            assertArrayEquals(new long[] {-128, 127}, d.get("i8").toLongs());
            assertArrayEquals(new long[] {-32768, 32767}, d.get("i16").toLongs());
            assertEquals(Tensor.ofInts(new long[] {2, 1}, new int[] {-7, 2_000_000_000}), d.get("i32"));
            assertEquals(DType.BOOL, d.get("flags").dtype());
            assertArrayEquals(new long[] {1, 0, 1}, d.get("flags").toLongs());
            assertEquals(Tensor.ofFloats(new long[] {0, 3}, new float[0]), d.get("empty"));
        }
    }

    @Test
    void theReaderHandsOverOneArrayAtATimeInADirectBuffer() throws IOException {
        StateDict all = TestTensors.everything(false);
        Npz.write(dir.resolve("stored.npz"), all);
        Npz.writeCompressed(dir.resolve("deflated.npz"), all);
        for (String name : List.of("stored.npz", "deflated.npz")) {
            List<String> seen = new ArrayList<>();
            try (Npz.Reader reader = Npz.Reader.open(dir.resolve(name))) {
                assertEquals(all.keys(), reader.keys(), "the keys are known before any array is read");
                reader.forEach(a -> {
                    assertTrue(a.data().isDirect(), a.key());
                    assertEquals(ByteOrder.LITTLE_ENDIAN, a.data().order());
                    Tensor expected = all.get(a.key());
                    assertEquals(expected.dtype(), a.dtype());
                    assertArrayEquals(expected.shape(), a.shape());
                    assertEquals(expected.data(), a.data(), a.key());
                    assertEquals(dir.resolve(name) + ": entry '" + a.key() + ".npy'", a.source());
                    seen.add(a.key());
                });
            }
            assertEquals(all.keys(), seen);
        }
    }

    @Test
    void writesNpyEntriesByteForByteLikeNumpy() throws IOException {
        StateDict d = Npz.read(Fixtures.path("savez.npz"));
        try (ZipFile zip = new ZipFile(Fixtures.path("savez.npz").toFile())) {
            for (String key : FIXTURE_KEYS) {
                ByteArrayOutputStream ours = new ByteArrayOutputStream();
                Npy.write(ours, d.get(key));
                assertArrayEquals(zip.getInputStream(zip.getEntry(key + ".npy")).readAllBytes(), ours.toByteArray(),
                        key);
            }
        }
    }

    @Test
    void rejectsTruncatedArchivesSayingWhere() throws IOException {
        for (String name : List.of("savez.npz", "savez_compressed.npz")) {
            byte[] whole = Files.readAllBytes(Fixtures.path(name));
            for (int length = 0; length < whole.length; length += 97) {
                Malformed.assertRejected(Malformed.cut(dir, "cut.npz", whole, length), Npz::read,
                        "at byte " + length + ": expected a zip archive", "truncated");
            }
            Malformed.assertRejected(Malformed.cut(dir, "cut.npz", whole, whole.length - 1), Npz::read,
                    "at byte " + (whole.length - 1));
        }
    }

    @Test
    void rejectsTruncatedAndCorruptEntries() throws IOException {
        byte[] npy = npy(Tensor.ofFloats(new long[] {10, 4}, new float[40]));
        Path truncated = zip("truncated.npz", "fc.weight.npy", Arrays.copyOf(npy, 200));
        Malformed.assertRejected(truncated, Npz::read, "truncated.npz: entry 'fc.weight.npy' at byte 128: "
                + "expected 160 data bytes for shape [10, 4] <f4, found 72 (file truncated?)");
        Path notNpy = zip("text.npz", "x.npy", "not an array".getBytes());
        Malformed.assertRejected(notNpy, Npz::read, "entry 'x.npy' at byte 0", "not a .npy file?");

        Path good = dir.resolve("good.npz");
        Npz.write(good, new StateDict().put("x", Tensor.ofFloats(new long[] {10, 4}, new float[40])));
        byte[] bytes = Files.readAllBytes(good);
        bytes[200] ^= 1;  // a data byte of the stored entry
        Malformed.assertRejected(Files.write(dir.resolve("flipped.npz"), bytes), Npz::read,
                "entry 'x.npy' at byte 0: expected CRC-32", "(file corrupt?)");
        bytes[0] = 'X';  // the signature of the entry's local header
        Malformed.assertRejected(Files.write(dir.resolve("local.npz"), bytes), Npz::read, "entry 'x.npy' at byte 0",
                "LOC header");
    }

    private static byte[] npy(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }

    private Path zip(String name, String entry, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return file;
    }
}
