package sglp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factoriesKeepValuesAndShape() {
        Tensor t = Tensor.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3, 4.5f});
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new long[] {2, 2}, t.shape());
        assertEquals(4, t.size());
        assertEquals(2, t.rank());
        assertArrayEquals(new float[] {1, 2, 3, 4.5f}, t.toFloats());
        assertArrayEquals(new double[] {1, 2, 3, 4.5}, t.toDoubles());
        assertArrayEquals(new long[] {-5, 1L << 40}, Tensor.ofLongs(new long[] {2}, new long[] {-5, 1L << 40}).toLongs());
        assertArrayEquals(new long[] {7}, Tensor.ofInts(new long[] {1}, new int[] {7}).toLongs());
        assertArrayEquals(new double[] {0.1}, Tensor.ofDoubles(new long[] {}, new double[] {0.1}).toDoubles());
    }

    @Test
    void isImmutable() {
        long[] shape = {3};
        float[] data = {1, 2, 3};
        Tensor t = Tensor.ofFloats(shape, data);
        shape[0] = 99;
        data[0] = 99;
        t.shape()[0] = 42;
        assertArrayEquals(new long[] {3}, t.shape());
        assertArrayEquals(new float[] {1, 2, 3}, t.toFloats());
        assertEquals(ByteOrder.LITTLE_ENDIAN, t.data().order());
        assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
    }

    @Test
    void rawBytesAreLittleEndian() {
        Tensor t = Tensor.of(DType.I16, new long[] {2}, new byte[] {1, 0, (byte) 0xff, (byte) 0xff});
        assertArrayEquals(new long[] {1, -1}, t.toLongs());
        assertEquals(0x3F800000, Tensor.ofFloats(new long[] {}, new float[] {1}).data().getInt());
        Tensor u8 = Tensor.of(DType.U8, new long[] {2}, new byte[] {(byte) 200, 1});
        assertArrayEquals(new long[] {200, 1}, u8.toLongs());
        assertArrayEquals(new float[] {200, 1}, u8.toFloats());
    }

    @Test
    void decodesHalfTypesExactly() {
        Tensor f16 = Tensor.of(DType.F16, new long[] {5}, shorts(0x3C00, 0x7BFF, 0x0001, 0x7C00, 0x7E00));
        float[] f = f16.toFloats();
        assertArrayEquals(new float[] {1, 65504, 5.9604645e-8f, Float.POSITIVE_INFINITY}, Arrays.copyOf(f, 4));
        assertTrue(Float.isNaN(f[4]));
        Tensor bf16 = Tensor.of(DType.BF16, new long[] {2}, shorts(0x3F80, 0xC000));
        assertArrayEquals(new float[] {1, -2}, bf16.toFloats());
        assertArrayEquals(new double[] {1, -2}, bf16.toDoubles());
    }

    @Test
    void shapeAndDataMismatchSaysExpectedAndFound() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {2, 3}, new float[5]));
        assertEquals("expected 6 elements for shape [2, 3], found 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.F32, new long[] {2}, new byte[7]));
        assertEquals("expected 8 bytes for shape [2] F32, found 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.ofLongs(new long[] {-1}, new long[0]));
        assertTrue(e.getMessage().contains("[-1]"), e.getMessage());
    }

    @Test
    void tooLargeForOneArrayIsRejectedBeforeAllocating() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofFloats(new long[] {1 << 20, 1 << 10}, new float[0]));
        assertTrue(e.getMessage().contains("[1048576, 1024] F32 needs more than the 2147483639 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {Long.MAX_VALUE, 4}, new float[0]));
        assertEquals(0, Tensor.ofFloats(new long[] {0, Long.MAX_VALUE}, new float[0]).size());
    }

    @Test
    void reshape() {
        Tensor t = TestTensors.sample(DType.F32, 2, 3, 4);
        Tensor r = t.reshape(6, -1);
        assertArrayEquals(new long[] {6, 4}, r.shape());
        assertArrayEquals(t.toFloats(), r.toFloats());
        assertArrayEquals(new long[] {}, Tensor.ofInts(new long[] {1, 1}, new int[] {3}).reshape().shape());
        var e = assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 5));
        assertEquals("cannot reshape Tensor[F32, [2, 3, 4]] (24 elements) to [5, 5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-2, -12));
    }

    @Test
    void toLongsRefusesFloatingTypes() {
        var e = assertThrows(IllegalStateException.class, () -> TestTensors.sample(DType.F16, 2).toLongs());
        assertTrue(e.getMessage().contains("found Tensor[F16, [2]]"), e.getMessage());
        assertArrayEquals(new long[] {1, 0}, Tensor.of(DType.BOOL, new long[] {2}, new byte[] {1, 0}).toLongs());
    }

    @Test
    void conversions() {
        Tensor f = Tensor.ofFloats(new long[] {5}, new float[] {1.5f, -2.7f, 0, 300, 65520});
        assertArrayEquals(new long[] {1, -2, 0, 300, 65520}, f.as(DType.I64).toLongs());
        assertArrayEquals(new long[] {1, -2, 0, 44, -16}, f.as(DType.I8).toLongs());  // wraps like numpy astype
        assertArrayEquals(new long[] {1, 254, 0, 44, 240}, f.as(DType.U8).toLongs());
        assertArrayEquals(new long[] {1, 1, 0, 1, 1}, f.as(DType.BOOL).toLongs());
        assertArrayEquals(new float[] {1.5f, -2.69921875f, 0, 300, Float.POSITIVE_INFINITY}, f.as(DType.F16).toFloats());
        assertArrayEquals(new float[] {1.5f, -2.703125f, 0, 300, 65536}, f.as(DType.BF16).toFloats());
        assertArrayEquals(shorts(0x3E00, 0xC166, 0x0000, 0x5CB0, 0x7C00), bytes(f.as(DType.F16)));
        assertArrayEquals(new double[] {1.5, -2.700000047683716, 0, 300, 65520}, f.as(DType.F64).toDoubles(), 1e-15);
        assertSame(f, f.as(DType.F32));
        Tensor big = Tensor.ofLongs(new long[] {1}, new long[] {(1L << 53) + 1});
        assertArrayEquals(new double[] {0x1p53}, big.as(DType.F64).toDoubles());
        assertArrayEquals(new float[] {0x1p53f}, big.as(DType.F32).toFloats());
        for (DType t : DType.values()) {
            Tensor s = TestTensors.sample(t, 3, 2);
            assertEquals(s, s.as(DType.F64).as(t), t.toString());  // small values survive a trip through f64
        }
    }

    @Test
    void valueSemantics() {
        Tensor a = TestTensors.sample(DType.I32, 2, 2);
        Tensor b = Tensor.ofInts(new long[] {2, 2}, Arrays.stream(a.toLongs()).mapToInt(x -> (int) x).toArray());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.reshape(4));
        assertNotEquals(a, a.as(DType.I64));
        assertEquals("Tensor[I32, [2, 2]]", a.toString());
        assertEquals("Tensor[F32, []]", Tensor.ofFloats(new long[0], new float[] {1}).toString());
    }

    static byte[] shorts(int... values) {
        byte[] out = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = (byte) values[i];
            out[2 * i + 1] = (byte) (values[i] >> 8);
        }
        return out;
    }

    private static byte[] bytes(Tensor t) {
        byte[] out = new byte[t.data().remaining()];
        t.data().get(out);
        return out;
    }
}
