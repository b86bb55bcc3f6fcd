package sglp.io;

import java.util.Arrays;
import java.util.Optional;

/**
 * Element types of tensors, with their names in the NumPy ({@code .npy}) and safetensors formats.
 *
 * <p>All multi-byte types are stored little-endian. {@link #BF16} has no NumPy equivalent.
 */
public enum DType {
    /** IEEE 754 half precision. */
    F16(2, "<f2", "F16"),
    /** bfloat16: the upper half of a float32. No NumPy descr. */
    BF16(2, null, "BF16"),
    /** IEEE 754 single precision. */
    F32(4, "<f4", "F32"),
    /** IEEE 754 double precision. */
    F64(8, "<f8", "F64"),
    /** Signed 8-bit integer. */
    I8(1, "|i1", "I8"),
    /** Unsigned 8-bit integer. */
    U8(1, "|u1", "U8"),
    /** Signed 16-bit integer. */
    I16(2, "<i2", "I16"),
    /** Signed 32-bit integer. */
    I32(4, "<i4", "I32"),
    /** Signed 64-bit integer. */
    I64(8, "<i8", "I64"),
    /** Boolean, one byte per element, 0 or 1. */
    BOOL(1, "|b1", "BOOL");

    private final int bytes;
    private final String npyDescr;
    private final String safetensorsName;

    DType(int bytes, String npyDescr, String safetensorsName) {
        this.bytes = bytes;
        this.npyDescr = npyDescr;
        this.safetensorsName = safetensorsName;
    }

    /** @return the size of one element in bytes */
    public int bytes() {
        return bytes;
    }

    /** @return whether this is a floating-point type (F16, BF16, F32, F64) */
    public boolean isFloating() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** @return the NumPy array-protocol type string, such as {@code "<f4"}; empty for {@link #BF16} */
    public Optional<String> npyDescr() {
        return Optional.ofNullable(npyDescr);
    }

    /** @return the safetensors dtype name, such as {@code "F32"} */
    public String safetensorsName() {
        return safetensorsName;
    }

    /**
     * Looks up a type by its NumPy descr, exactly as NumPy writes it ({@code "<f4"}, {@code "|u1"}, ...).
     *
     * @param descr the descr
     * @return the type, or empty when the descr is not one of {@link #npyDescrs()}
     */
    public static Optional<DType> fromNpyDescr(String descr) {
        return Arrays.stream(values()).filter(t -> descr.equals(t.npyDescr)).findFirst();
    }

    /**
     * Looks up a type by its safetensors name ({@code "F32"}, {@code "BF16"}, ...).
     *
     * @param name the name
     * @return the type, or empty when the name is unknown
     */
    public static Optional<DType> fromSafetensorsName(String name) {
        return Arrays.stream(values()).filter(t -> t.safetensorsName.equals(name)).findFirst();
    }

    /** @return the NumPy descrs this package reads and writes, for error messages */
    public static String npyDescrs() {
        return Arrays.toString(Arrays.stream(values()).filter(t -> t.npyDescr != null).map(t -> t.npyDescr).toArray());
    }

    /** @return the safetensors names this package reads and writes, for error messages */
    public static String safetensorsNames() {
        return Arrays.toString(Arrays.stream(values()).map(t -> t.safetensorsName).toArray());
    }
}
