package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void namesAndSizes() {
        assertEquals(Optional.of("<f4"), DType.F32.npyDescr());
        assertEquals(Optional.of("<f2"), DType.F16.npyDescr());
        assertEquals(Optional.of("<i8"), DType.I64.npyDescr());
        assertEquals(Optional.of("|u1"), DType.U8.npyDescr());
        assertEquals(Optional.of("|b1"), DType.BOOL.npyDescr());
        assertEquals(Optional.empty(), DType.BF16.npyDescr());
        assertEquals("BF16", DType.BF16.safetensorsName());
        assertEquals("I64", DType.I64.safetensorsName());
        assertEquals(2, DType.BF16.bytes());
        assertEquals(8, DType.F64.bytes());
        assertEquals(1, DType.BOOL.bytes());
        assertTrue(DType.BF16.isFloating());
        assertFalse(DType.U8.isFloating());
    }

    @Test
    void lookupsInvertNames() {
        for (DType t : DType.values()) {
            assertEquals(Optional.of(t), DType.fromSafetensorsName(t.safetensorsName()));
            t.npyDescr().ifPresent(d -> assertEquals(Optional.of(t), DType.fromNpyDescr(d)));
        }
        assertEquals(Optional.empty(), DType.fromNpyDescr(">f4"));
        assertEquals(Optional.empty(), DType.fromNpyDescr("<c8"));
        assertEquals(Optional.empty(), DType.fromSafetensorsName("F33"));
        assertEquals(Optional.empty(), DType.fromSafetensorsName("f32"));
    }
}
