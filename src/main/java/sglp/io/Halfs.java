package sglp.io;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

/**
 * Bit-exact conversions between float32 and the 16-bit formats IEEE half (f16) and bfloat16, one value at a time and
 * in bulk between buffers (for engines without a bfloat16 type: DJL 0.35.1's PyTorch binding has none).
 */
public final class Halfs {
    /** Values converted per pass of the bulk conversions (through two heap arrays of this length). */
    private static final int BULK = 1 << 14;

    private Halfs() {
    }

    /** @return the float of an f16 bit pattern; exact, NaN payloads kept */
    static float f16ToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float magnitude = Math.scalb((float) mant, -24);
            return sign == 0 ? magnitude : -magnitude;
        }
        int floatExp = exp == 0x1f ? 0xff : exp - 15 + 127;
        return Float.intBitsToFloat(sign | floatExp << 23 | mant << 13);
    }

    /** @return the f16 bit pattern nearest to {@code f}, ties to even; overflow gives infinity, NaN stays NaN */
    public static short floatToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant == 0 ? 0 : 0x200 | mant >>> 13));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e >= 1) {
            return (short) (sign | roundShift(e << 10 | mant >>> 13, mant, 13));
        }
        int shift = 14 - e;  // the full 24-bit significand counted in units of 2^-24, the f16 subnormal step
        if (shift > 25) {
            return (short) sign;
        }
        int significand = mant | 0x800000;
        return (short) (sign | roundShift(significand >>> shift, significand, shift));
    }

    /**
     * Widens bfloat16 values to float32 (exact): each little-endian bfloat16 of {@code in}, from its position to its
     * limit, becomes a little-endian float32 in {@code out}, from its position.
     *
     * @param in bfloat16 bytes, an even number; its position moves to its limit
     * @param out room for twice as many bytes; its position moves past them
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static void bf16ToFloats(ByteBuffer in, ByteBuffer out) {
        ShortBuffer src = in.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        IntBuffer dst = out.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new BufferOverflowException();
        }
        short[] halves = new short[Math.min(n, BULK)];
        int[] words = new int[halves.length];
        for (int done = 0; done < n; done += halves.length) {
            int count = Math.min(halves.length, n - done);
            src.get(halves, 0, count);
            for (int i = 0; i < count; i++) {
                words[i] = halves[i] << 16;
            }
            dst.put(words, 0, count);
        }
        in.position(in.position() + 2 * n);
        out.position(out.position() + 4 * n);
    }

    /**
     * Rounds float32 values to bfloat16, to nearest with ties to even ({@link #floatToBf16}): each little-endian
     * float32 of {@code in} becomes a little-endian bfloat16 in {@code out}.
     *
     * @param in float32 bytes, a multiple of 4; its position moves to its limit
     * @param out room for half as many bytes; its position moves past them
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static void floatsToBf16(ByteBuffer in, ByteBuffer out) {
        IntBuffer src = in.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        ShortBuffer dst = out.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new BufferOverflowException();
        }
        int[] words = new int[Math.min(n, BULK)];
        short[] halves = new short[words.length];
        for (int done = 0; done < n; done += words.length) {
            int count = Math.min(words.length, n - done);
            src.get(words, 0, count);
            for (int i = 0; i < count; i++) {
                halves[i] = bf16Bits(words[i]);
            }
            dst.put(halves, 0, count);
        }
        in.position(in.position() + 4 * n);
        out.position(out.position() + 2 * n);
    }

    /** @return the float of a bfloat16 bit pattern; exact */
    static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** @return the bfloat16 bit pattern nearest to {@code f}, ties to even; NaN stays a (quiet) NaN */
    static short floatToBf16(float f) {
        return bf16Bits(Float.floatToRawIntBits(f));
    }

    /**
     * {@link #floatToBf16} of a float's bits without branches but one: adding 0x7fff plus the kept part's lowest bit
     * carries into the kept 16 bits exactly when the dropped 16 bits are above half, or at half with the kept part
     * odd (to nearest, ties to even; the largest finite values round to infinity as they should).
     */
    private static short bf16Bits(int bits) {
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) (bits >>> 16 | 0x40);  // NaN stays a (quiet) NaN
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Rounds {@code truncated} (= {@code full >>> shift}) to nearest, ties to even, using the dropped bits. */
    private static int roundShift(int truncated, int full, int shift) {
        int dropped = full & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return dropped > half || dropped == half && (truncated & 1) == 1 ? truncated + 1 : truncated;
    }
}
