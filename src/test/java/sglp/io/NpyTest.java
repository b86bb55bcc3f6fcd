package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTypeAndShape() throws IOException {
        for (var e : TestTensors.everything(false)) {
            Path file = dir.resolve(e.getKey() + ".npy");
            Npy.write(file, e.getValue());
            assertEquals(e.getValue(), Npy.read(file), e.getKey());
            assertEquals(0, (Files.size(file) - e.getValue().data().remaining()) % 64, "data aligned to 64 bytes");
        }
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.ofFloats(new long[] {3}, new float[] {1, 2, 3}));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(128 + 12, bytes.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(bytes, 10));
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60) + "\n", header);
    }

    @Test
    void writesVersion2WhenTheHeaderIsBig() throws IOException {
        long[] shape = new long[25_000];
        Arrays.fill(shape, 1);
        Tensor t = Tensor.ofLongs(shape, new long[] {42});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        byte[] bytes = out.toByteArray();
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 8) % 64);
        assertEquals(t, Npy.read(new ByteArrayInputStream(bytes), "big"));
    }

    @Test
    void readsVersions2And3AndScalarsFromNumpy() throws IOException {
        Tensor v2 = Npy.read(Fixtures.path("v2.npy"));
        assertArrayEquals(new long[] {2, 3}, v2.shape());
        assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6.25f}, v2.toFloats());
        Tensor v3 = Npy.read(Fixtures.path("v3.npy"));
        assertEquals(DType.I64, v3.dtype());
        assertArrayEquals(new long[] {1, -2, 3_000_000_000L}, v3.toLongs());
        Tensor scalar = Npy.read(Fixtures.path("scalar.npy"));
        assertArrayEquals(new long[0], scalar.shape());
        assertArrayEquals(new double[] {3.25}, scalar.toDoubles());
    }

    @Test
    void rejectsBigEndianAndFortranOrder() {
        Malformed.assertRejected(Fixtures.path("bigendian.npy"), Npy::read, "at byte 10", "big-endian '>f4'",
                "expected a little-endian dtype such as '<f4'");
        Malformed.assertRejected(Fixtures.path("fortran.npy"), Npy::read, "at byte 10",
                "expected 'fortran_order': False, found true");
    }

    @Test
    void parsesHeadersInOtherFormatting() throws IOException {
        assertEquals(Tensor.ofLongs(new long[] {2}, new long[] {5, 6}),
                parse("{\"shape\":(2L,),\"fortran_order\":False,\"descr\":\"<i8\"}", 5, 6));
        assertEquals(Tensor.ofLongs(new long[] {1, 2}, new long[] {5, 6}),
                parse("{ 'descr' : '<i8' ,\t'fortran_order' : False , 'shape' : [ 1 , 2 ] }\n", 5, 6));
        assertEquals(Tensor.ofLongs(new long[] {}, new long[] {5}),
                parse("{'descr': '<i8', 'fortran_order': False, 'shape': ()}", 5));
    }

    @Test
    void rejectsMalformedHeaders() {
        assertBadHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2,)", "at byte 64",
                "expected ',' or '}', found the end of the header");
        assertBadHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2;)}", "at byte 62", "expected ',' or ')', found ';)}'");
        assertBadHeader("{'descr': '<i8', 'shape': (2,)}", "at byte 10", "expected a header dict with keys");
        assertBadHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", "expected a dtype in [<f2",
                "found '<c8'");
        assertBadHeader("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,)}",
                "structured dtypes are not supported");
        assertBadHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2, -1)}", "'shape', found [2, -1]");
        assertBadHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (99999999999999999999,)}",
                "expected an integer");
    }

    @Test
    void rejectsOtherFilesAndVersions() throws IOException {
        Malformed.assertRejected(Files.writeString(dir.resolve("text.npy"), "hello world, not numpy"), Npy::read,
                "at byte 0", "found 68 65 6c 6c 6f 20 (not a .npy file?)");
        byte[] v9 = npy("{'descr': '<i8', 'fortran_order': False, 'shape': ()}", 5);
        v9[6] = 9;
        Malformed.assertRejected(Files.write(dir.resolve("v9.npy"), v9), Npy::read, "at byte 6",
                "expected .npy format version 1.0, 2.0 or 3.0, found 9.0");
    }

    @Test
    void rejectsTruncatedFilesSayingWhere() throws IOException {
        Path file = dir.resolve("whole.npy");
        Npy.write(file, TestTensors.sample(DType.F32, 10, 4));
        byte[] whole = Files.readAllBytes(file);
        assertEquals(128 + 160, whole.length);
        Malformed.assertRejected(Malformed.cut(dir, "t0.npy", whole, 0), Npy::read, "at byte 0", "found 0");
        Malformed.assertRejected(Malformed.cut(dir, "t7.npy", whole, 7), Npy::read, "at byte 0", "found 7");
        Malformed.assertRejected(Malformed.cut(dir, "t9.npy", whole, 9), Npy::read, "at byte 8",
                "expected 2 bytes of header length, found 1");
        Malformed.assertRejected(Malformed.cut(dir, "t50.npy", whole, 50), Npy::read, "at byte 10",
                "expected a header of 118 bytes, found 40 (file truncated?)");
        Malformed.assertRejected(Malformed.cut(dir, "t200.npy", whole, 200), Npy::read,
                "t200.npy at byte 128: expected 160 data bytes for shape [10, 4] <f4, found 72 (file truncated?)");
        for (int length = 0; length < whole.length; length += 13) {
            Malformed.assertRejected(Malformed.cut(dir, "cut.npy", whole, length), Npy::read, "truncated");
        }
    }

    @Test
    void refusesBfloat16() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(dir.resolve("b.npy"), TestTensors.sample(DType.BF16, 2)));
        assertTrue(e.getMessage().contains("BF16 has no .npy dtype"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("b.npy")));
    }

    private void assertBadHeader(String header, String... fragments) {
        try {
            Path file = Files.write(dir.resolve("bad.npy"), npy(header));
            Malformed.assertRejected(file, Npy::read, fragments);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Tensor parse(String header, long... values) throws IOException {
        return Npy.read(new ByteArrayInputStream(npy(header, values)), "test");
    }

    /** A version 1.0 file with this header (unpadded) followed by int64 values. */
    private static byte[] npy(String header, long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(Tensor.ofLongs(new long[] {values.length}, values).rawData());
        return out.toByteArray();
    }
}
