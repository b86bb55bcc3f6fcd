package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors layout, as specified by Hugging Face: bytes 0-7 hold N, the header length, as a little-endian
 * unsigned 64-bit integer; bytes 8 to 8+N hold a UTF-8 JSON object mapping each tensor name to {@code {"dtype":
 * "F32", "shape": [..], "data_offsets": [begin, end]}} (offsets relative to byte 8+N), plus an optional
 * {@code "__metadata__"} object of string values; the data buffer follows, each tensor little-endian, row-major.
 */
class SafetensorsTest {
    private static final String FIXTURE_HEADER = "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"hand made\"},"
            + "\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[4,16]},"
            + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]},"
            + "\"e\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[24,24]}}";

    @TempDir
    Path dir;

    /** The fixture: bf16 [1, -2]; f16 [[1, 65504, 2^-24], [inf, NaN, -inf]]; int64 scalar -3; empty f32. */
    private static byte[] fixtureData() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits : new int[] {0x3F80, 0xC000, 0x3C00, 0x7BFF, 0x0001, 0x7C00, 0x7E00, 0xFC00}) {
            b.putShort((short) bits);
        }
        return b.putLong(-3).array();
    }

    @Test
    void readsAHandMadeFileByTheSpec() throws IOException {
        Path file = file("fixture.safetensors", FIXTURE_HEADER, fixtureData());
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(List.of("w", "h", "n", "e"), c.tensors().keys());
        assertEquals(Map.of("format", "pt", "note", "hand made"), c.metadata());
        assertEquals(c.metadata(), Safetensors.readMetadata(file));
        Tensor w = c.tensors().get("w");
        assertEquals(DType.BF16, w.dtype());
        assertArrayEquals(new float[] {1, -2}, w.toFloats());
        Tensor h = c.tensors().get("h");
        assertArrayEquals(new long[] {2, 3}, h.shape());
        float[] hf = h.toFloats();
        assertArrayEquals(new float[] {1, 65504, 5.9604645e-8f, Float.POSITIVE_INFINITY}, Arrays.copyOf(hf, 4));
        assertTrue(Float.isNaN(hf[4]));
        assertEquals(Float.NEGATIVE_INFINITY, hf[5]);
        assertEquals(Tensor.ofLongs(new long[0], new long[] {-3}), c.tensors().get("n"));
        assertEquals(Tensor.ofFloats(new long[] {0, 5}, new float[0]), c.tensors().get("e"));
        assertEquals(c.tensors(), StateDict.read(file));
    }

    @Test
    void roundTripsEveryTypeAndShapeWithMetadata() throws IOException {
        StateDict all = TestTensors.everything(true);
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, all, Map.of("format", "pt", "quote", "\"<a&b>\""));
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(all, c.tensors());
        assertEquals(Map.of("format", "pt", "quote", "\"<a&b>\""), c.metadata());
    }

    @Test
    void writesAPaddedHeaderWithContiguousOffsets() throws IOException {
        Path file = dir.resolve("small.safetensors");
        StateDict d = new StateDict().put("b", Tensor.ofFloats(new long[] {2}, new float[] {1, 2}))
                .put("a", Tensor.ofLongs(new long[] {}, new long[] {7}))
                .put("c", Tensor.of(DType.U8, new long[] {1}, new byte[] {9}));
        Safetensors.write(file, d);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 17, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"c\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[16,17]}}", header.stripTrailing());
        assertEquals(7L, b.getLong((int) (8 + n)));
        assertEquals(1f, b.getFloat((int) (8 + n + 8)));
        assertEquals(d, Safetensors.read(file).tensors());
        assertEquals(Map.of(), Safetensors.readMetadata(file));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("m.safetensors"),
                new StateDict().put("__metadata__", d.get("a"))));
    }

    @Test
    void rejectsTruncatedFilesSayingWhere() throws IOException {
        byte[] whole = Files.readAllBytes(file("whole.safetensors", FIXTURE_HEADER, fixtureData()));
        int n = FIXTURE_HEADER.length();
        Malformed.assertRejected(Malformed.cut(dir, "c5.safetensors", whole, 5), Safetensors::read,
                "at byte 0: expected an 8-byte header length, found 5 bytes (file truncated?)");
        Malformed.assertRejected(Malformed.cut(dir, "c40.safetensors", whole, 40), Safetensors::read,
                "at byte 0: header length " + n + " goes beyond the end of the file: expected at least " + (8 + n)
                + " bytes, found 40 (file truncated?)");
        Malformed.assertRejected(Malformed.cut(dir, "c9.safetensors", whole, whole.length - 9), Safetensors::read,
                "c9.safetensors: tensor 'h' at byte " + (8 + n + 4) + ": expected data_offsets [begin, end] with "
                + "begin <= end <= 15 (the size of the data buffer), found [4, 16] (file truncated?)");
        for (int length = 0; length < whole.length; length += 7) {
            Malformed.assertRejected(Malformed.cut(dir, "cut.safetensors", whole, length), Safetensors::read,
                    "truncated");
        }
        Malformed.assertRejected(Malformed.cut(dir, "cut.safetensors", whole, whole.length - 1),
                Safetensors::readMetadata, "tensor 'n'", "truncated");
    }

    @Test
    void rejectsHeaderLengthsBeyondTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(file("ok.safetensors", FIXTURE_HEADER, fixtureData()));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 5000);
        Malformed.assertRejected(Files.write(dir.resolve("long.safetensors"), bytes), Safetensors::read,
                "at byte 0: header length 5000 goes beyond the end of the file");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        Malformed.assertRejected(Files.write(dir.resolve("huge.safetensors"), bytes), Safetensors::read,
                "at byte 0: expected a header length of at most 100000000 bytes, found 18446744073709551615");
    }

    @Test
    void rejectsBadOffsets() throws IOException {
        byte[] data = new byte[16];
        String overlap = "{\"a\":" + f32(2, 0, 8) + ",\"b\":" + f32(2, 4, 12) + "}";
        assertBad("overlap.safetensors", overlap, data, "tensor 'b' at byte " + (8 + overlap.length() + 4)
                + ": expected data not shared with other tensors, found data_offsets [4, 12] overlapping tensor 'a' "
                + "at [0, 8]");
        String range = "{\"a\":" + f32(4, 8, 24) + "}";
        assertBad("range.safetensors", range, data, "tensor 'a' at byte " + (8 + range.length() + 8)
                + ": expected data_offsets [begin, end] with begin <= end <= 16");
        assertBad("reversed.safetensors", "{\"a\":" + f32(0, 8, 4) + "}", data, "found [8, 4]");
        String size = "{\"a\":" + f32(3, 0, 8) + "}";
        assertBad("size.safetensors", size, data, "tensor 'a' at byte " + (8 + size.length())
                + ": expected 12 data bytes for shape [3] F32, found data_offsets [0, 8] spanning 8");
        assertBad("three.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,9]}}",
                data, "tensor 'a' at byte 8", "\"data_offsets\" as [begin, end]");
        assertBad("fraction.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}",
                data, "\"shape\" as a list of non-negative integers");
    }

    @Test
    void nullMetadataIsNoMetadataAsInTheReferenceReader() throws IOException {
        Path file = file("null.safetensors", "{\"__metadata__\":null,\"a\":" + f32(2, 0, 8) + "}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2).array());
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(Map.of(), c.metadata());
        assertEquals(Map.of(), Safetensors.readMetadata(file));
        assertEquals(List.of("a"), c.tensors().keys());
        assertArrayEquals(new float[] {1.5f, -2}, c.tensors().get("a").toFloats());
    }

    @Test
    void rejectsBadDtypesMetadataAndJson() throws IOException {
        byte[] data = new byte[8];
        assertBad("dtype.safetensors", "{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", data,
                "tensor 'a' at byte 8: expected a dtype in [F16, BF16, F32", "found \"F33\"");
        assertBad("nodtype.safetensors", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", data, "found null");
        assertBad("meta.safetensors", "{\"__metadata__\":{\"epoch\":3}}", data,
                "at byte 8: expected \"__metadata__\" to map strings to strings, found {\"epoch\":3}");
        assertBad("metalist.safetensors", "{\"__metadata__\":[]}", data,
                "at byte 8: expected \"__metadata__\" to map strings to strings, found []");
        assertBad("json.safetensors", "{\"a\": nope}", data, "at byte 8: malformed JSON header");
        assertBad("trailing.safetensors", "{} {}", data, "at byte 8: malformed JSON header");
        assertBad("array.safetensors", "[1, 2]", data, "at byte 8: malformed JSON header: expected a JSON object");
        assertBad("entry.safetensors", "{\"a\": 3}", data, "tensor 'a' at byte 8: expected {\"dtype\"");
    }

    @Test
    void streamsATensorInWholeElementChunksThatReassembleIt() throws IOException {
        StateDict all = TestTensors.everything(true);
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, all, Map.of());
        try (Safetensors.Reader r = Safetensors.open(file)) {
            assertEquals(all.keys(), r.tensors().stream().map(Safetensors.TensorInfo::name).toList());
            for (Safetensors.TensorInfo t : r.tensors()) {
                byte[] expected = all.get(t.name()).rawData();
                assertEquals(expected.length, t.bytes(), t.name());
                byte[] got = new byte[expected.length];
                long[] next = {0};
                r.stream(t.name(), ByteBuffer.allocateDirect(3 * t.dtype().bytes() + 1), (chunk, first) -> {
                    assertEquals(next[0], first, t.name());
                    assertTrue(chunk.remaining() % t.dtype().bytes() == 0 && chunk.remaining() > 0, t.name());
                    next[0] += chunk.remaining() / t.dtype().bytes();
                    chunk.get(got, (int) (first * t.dtype().bytes()), chunk.remaining());
                });
                assertEquals(t.size(), next[0], t.name());
                assertArrayEquals(expected, got, t.name());
                assertEquals(all.get(t.name()), r.read(t.name()));
            }
            assertEquals("no tensor named 'zz'", assertThrows(IllegalArgumentException.class,
                    () -> r.read("zz")).getMessage().replace(file + ": ", "").replaceAll(";.*", ""));
        }
    }

    @Test
    void aTensorBeyondTheHeapLimitIsListedAndStreamedButNotReadWhole() throws IOException {
        long rows = 600_000_000L;  // 600M x 1 x F32 = 2.4 GB: a sparse file, no disk used for the zeros
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + rows + ",1],\"data_offsets\":[0,"
                + 4 * rows + "]}}";
        Path file = file("big.safetensors", header, new byte[0]);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(8 + header.length() + 4 * rows);
        }
        try (Safetensors.Reader r = Safetensors.open(file)) {
            assertEquals(4 * rows, r.tensors().get(0).bytes());
            String m = assertThrows(TensorFormatException.class, () -> r.read("big")).getMessage();
            assertTrue(m.contains("tensor 'big'") && m.contains("unsupported tensor: shape [600000000, 1] F32 needs "
                    + "more than the 2147483639 bytes one tensor can hold"), m);
            long[] seen = {0};
            IOException stop = assertThrows(IOException.class, () -> r.stream("big", ByteBuffer.allocateDirect(1 << 20),
                    (chunk, first) -> {
                        seen[0] += chunk.remaining();
                        if (first > 0) {
                            throw new IOException("enough");
                        }
                    }));
            assertEquals("enough", stop.getMessage());
            assertEquals(2 << 20, seen[0]);
        }
    }

    @Test
    void aStreamedWriteMatchesTheHeapWriteAndRefusesAWrongByteCountLeavingNothing() throws IOException {
        StateDict all = TestTensors.everything(true);
        List<Safetensors.Streamed> streamed = new java.util.ArrayList<>();
        all.forEach(e -> streamed.add(Safetensors.Streamed.of(e.getKey(), e.getValue().dtype(), e.getValue().shape(),
                out -> out.write(e.getValue().rawData()))));
        Safetensors.write(dir.resolve("heap.safetensors"), all, Map.of("format", "pt"));
        Safetensors.write(dir.resolve("streamed.safetensors"), streamed, Map.of("format", "pt"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("heap.safetensors")),
                Files.readAllBytes(dir.resolve("streamed.safetensors")));
        List<Safetensors.Streamed> short1 = List.of(Safetensors.Streamed.of("w", DType.F32, new long[] {2, 2},
                out -> out.write(new byte[12])));
        String m = assertThrows(IllegalStateException.class,
                () -> Safetensors.write(dir.resolve("bad.safetensors"), short1, Map.of())).getMessage();
        assertEquals(dir.resolve("bad.safetensors") + ": tensor 'w' (F32 [2, 2]): expected 16 data bytes from its "
                + "source, found 12", m);
        assertTrue(Files.notExists(dir.resolve("bad.safetensors")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    private static String f32(long size, long begin, long end) {
        return "{\"dtype\":\"F32\",\"shape\":[" + size + "],\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private void assertBad(String name, String header, byte[] data, String... fragments) throws IOException {
        Path file = file(name, header, data);
        Malformed.assertRejected(file, Safetensors::read, fragments);
    }

    /** A file with this header, unpadded, and data buffer. */
    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(dir.resolve(name), b.array());
    }
}
