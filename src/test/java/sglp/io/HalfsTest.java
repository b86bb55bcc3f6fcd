package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfsTest {

    @Test
    void decodesKnownF16Patterns() {
        assertEquals(1.0f, Halfs.f16ToFloat((short) 0x3C00));
        assertEquals(-2.0f, Halfs.f16ToFloat((short) 0xC000));
        assertEquals(65504f, Halfs.f16ToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Halfs.f16ToFloat((short) 0x0001));  // smallest subnormal, 5.96e-8
        assertEquals(5.960464477539063e-8, Halfs.f16ToFloat((short) 0x0001), 1e-20);
        assertEquals(0x3ffp-24f, Halfs.f16ToFloat((short) 0x03FF));  // largest subnormal
        assertEquals(0x1p-14f, Halfs.f16ToFloat((short) 0x0400));  // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, Halfs.f16ToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Halfs.f16ToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Halfs.f16ToFloat((short) 0x7E00)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Halfs.f16ToFloat((short) 0x8000)));
    }

    @Test
    void decodesKnownBf16Patterns() {
        assertEquals(1.0f, Halfs.bf16ToFloat((short) 0x3F80));
        assertEquals(-2.0f, Halfs.bf16ToFloat((short) 0xC000));
        assertEquals(Float.POSITIVE_INFINITY, Halfs.bf16ToFloat((short) 0x7F80));
        assertTrue(Float.isNaN(Halfs.bf16ToFloat((short) 0x7FC0)));
        assertEquals(0x1.fep127f, Halfs.bf16ToFloat((short) 0x7F7F));
    }

    @Test
    void encodesF16RoundingToNearestEven() {
        assertEquals(0x3C00, Halfs.floatToF16(1.0f));
        assertEquals(0x7BFF, Halfs.floatToF16(65504f));
        assertEquals(0x7BFF, Halfs.floatToF16(65519.99f));
        assertEquals(0x7C00, Halfs.floatToF16(65520f));  // halfway to 65536: ties to even overflow to infinity
        assertEquals((short) 0xFC00, Halfs.floatToF16(-1e9f));
        assertEquals(0x0001, Halfs.floatToF16(0x1p-24f));
        assertEquals(0x0000, Halfs.floatToF16(0x1p-25f));  // halfway between 0 and the smallest subnormal: to 0
        assertEquals(0x0001, Halfs.floatToF16(0x1.8p-25f));
        assertEquals(0x0002, Halfs.floatToF16(0x1.8p-24f));  // 1.5 steps: ties to even 2
        assertEquals(0x0400, Halfs.floatToF16(0x1.ffcp-15f));  // largest subnormal + half step rounds to normal
        assertEquals(0x3C00, Halfs.floatToF16(1 + 0x1p-11f));  // tie: stays even
        assertEquals(0x3C02, Halfs.floatToF16(1 + 0x3p-11f));  // tie: up to even
        assertEquals((short) 0x8000, Halfs.floatToF16(-0.0f));
        assertEquals((short) 0x8000, Halfs.floatToF16(-1e-30f));
        assertEquals(0x7C00, Halfs.floatToF16(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Halfs.f16ToFloat(Halfs.floatToF16(Float.NaN))));
    }

    @Test
    void encodesBf16RoundingToNearestEven() {
        assertEquals(0x3F80, Halfs.floatToBf16(1.0f));
        assertEquals(0x3F80, Halfs.floatToBf16(1 + 0x1p-8f));  // tie: stays even
        assertEquals(0x3F82, Halfs.floatToBf16(1 + 0x3p-8f));  // tie: up to even
        assertEquals(0x3F81, Halfs.floatToBf16(1 + 0x1.2p-8f));
        assertEquals((short) 0xC000, Halfs.floatToBf16(-2.0f));
        assertEquals(0x7F80, Halfs.floatToBf16(Float.MAX_VALUE));
        assertTrue(Float.isNaN(Halfs.bf16ToFloat(Halfs.floatToBf16(Float.NaN))));
        assertTrue(Float.isNaN(Halfs.bf16ToFloat(Halfs.floatToBf16(Float.intBitsToFloat(0x7F800001)))));
    }

    @Test
    void everyBitPatternRoundTrips() {
        for (int i = 0; i < 0x10000; i++) {
            short h = (short) i;
            String bits = Integer.toHexString(i);
            float f16 = Halfs.f16ToFloat(h);
            float bf16 = Halfs.bf16ToFloat(h);
            if (!Float.isNaN(f16)) {
                assertEquals(h, Halfs.floatToF16(f16), () -> "f16 " + bits);
            }
            if (!Float.isNaN(bf16)) {
                assertEquals(h, Halfs.floatToBf16(bf16), () -> "bf16 " + bits);
            }
        }
    }

    @Test
    void encodingPicksTheNearestValueAndTheEvenOneOnTies() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Math.scalb(random.nextFloat() * 2 - 1, random.nextInt(44) - 28);  // subnormal to overflow
            assertNearest(f, Halfs.floatToF16(f), Halfs::f16ToFloat);
            float b = Math.scalb(random.nextFloat() * 2 - 1, random.nextInt(250) - 125);
            assertNearest(b, Halfs.floatToBf16(b), Halfs::bf16ToFloat);
        }
    }

    private interface Decoder {
        float decode(short bits);
    }

    /** No adjacent 16-bit value is nearer to {@code f} than the chosen one; on a tie the chosen one is even. */
    private static void assertNearest(float f, short bits, Decoder decoder) {
        float rounded = decoder.decode(bits);
        if (Float.isInfinite(rounded)) {
            return;  // overflow is checked on known patterns
        }
        double error = Math.abs((double) f - rounded);
        for (int step : new int[] {-1, 1}) {
            float neighbour = decoder.decode((short) (bits + step));
            if (Float.isFinite(neighbour)) {
                double other = Math.abs((double) f - neighbour);
                assertTrue(error < other || error == other && (bits & 1) == 0,
                        () -> f + " rounded to " + rounded + ", but " + neighbour + " is at least as near");
            }
        }
    }

    @Test
    void bulkConversionsMatchTheOneValueOnes() {
        float[] values = {1f, -2.5f, Float.NaN, Float.POSITIVE_INFINITY, 1.00390625f, 1.01171875f, 3e38f, -0f, 1e-40f};
        java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(4 * values.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            floats.putFloat(v);
        }
        java.nio.ByteBuffer halves = java.nio.ByteBuffer.allocateDirect(2 * values.length);
        Halfs.floatsToBf16(floats.flip(), halves);
        assertEquals(2 * values.length, halves.position());
        java.nio.ByteBuffer back = java.nio.ByteBuffer.allocate(4 * values.length);
        Halfs.bf16ToFloats(halves.flip(), back);
        back.flip().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            short bf = Halfs.floatToBf16(values[i]);
            assertEquals(bf, halves.order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(2 * i), "value " + i);
            assertEquals(Float.floatToRawIntBits(Halfs.bf16ToFloat(bf)), Float.floatToRawIntBits(back.getFloat()),
                    "value " + i);
        }
    }
}
