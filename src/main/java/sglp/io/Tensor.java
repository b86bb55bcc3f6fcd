package sglp.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable n-dimensional array: an element type, a shape and the elements as little-endian bytes in row-major
 * (C) order.
 *
 * <p>The elements live in one {@code byte[]}, so one tensor holds at most {@link #MAX_BYTES} bytes (about 2 GiB);
 * larger tensors are rejected with a clear error. A 0-d tensor (shape {@code []}) holds one element; a shape with a
 * zero dimension holds none.
 */
public final class Tensor {
    /** The largest number of data bytes one tensor can hold (the practical limit of a Java array). */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private Tensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Creates a tensor from raw little-endian bytes.
     *
     * @param dtype the element type
     * @param shape the dimensions, each at least 0
     * @param data the elements, {@code size * dtype.bytes()} little-endian bytes in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or the byte count does not match it
     */
    public static Tensor of(DType dtype, long[] shape, byte[] data) {
        return wrap(dtype, shape, data.clone());
    }

    /** {@link #of} without the copy, for the readers of this package, which hand over an array no one else holds. */
    static Tensor wrap(DType dtype, long[] shape, byte[] data) {
        long n = byteCount(dtype, shape);
        if (data.length != n) {
            throw new IllegalArgumentException("expected " + n + " bytes for shape " + Arrays.toString(shape) + " "
                    + dtype + ", found " + data.length);
        }
        return new Tensor(dtype, shape.clone(), data);
    }

    /**
     * Creates a float32 tensor.
     *
     * @param shape the dimensions
     * @param data the elements in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or its size differs from {@code data.length}
     */
    public static Tensor ofFloats(long[] shape, float[] data) {
        ByteBuffer b = allocate(DType.F32, shape, data.length);
        b.asFloatBuffer().put(data);
        return new Tensor(DType.F32, shape.clone(), b.array());
    }

    /**
     * Creates a float64 tensor.
     *
     * @param shape the dimensions
     * @param data the elements in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or its size differs from {@code data.length}
     */
    public static Tensor ofDoubles(long[] shape, double[] data) {
        ByteBuffer b = allocate(DType.F64, shape, data.length);
        b.asDoubleBuffer().put(data);
        return new Tensor(DType.F64, shape.clone(), b.array());
    }

    /**
     * Creates an int64 tensor.
     *
     * @param shape the dimensions
     * @param data the elements in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or its size differs from {@code data.length}
     */
    public static Tensor ofLongs(long[] shape, long[] data) {
        ByteBuffer b = allocate(DType.I64, shape, data.length);
        b.asLongBuffer().put(data);
        return new Tensor(DType.I64, shape.clone(), b.array());
    }

    /**
     * Creates an int32 tensor.
     *
     * @param shape the dimensions
     * @param data the elements in row-major order; copied
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or its size differs from {@code data.length}
     */
    public static Tensor ofInts(long[] shape, int[] data) {
        ByteBuffer b = allocate(DType.I32, shape, data.length);
        b.asIntBuffer().put(data);
        return new Tensor(DType.I32, shape.clone(), b.array());
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements, the product of the dimensions (1 for a scalar) */
    public long size() {
        return data.length / dtype.bytes();
    }

    /** @return a read-only little-endian view of the element bytes, positioned at 0 */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The element bytes themselves, for the writers of this package; never modified. */
    byte[] rawData() {
        return data;
    }

    /**
     * Returns the elements as floats. Float16 and bfloat16 convert exactly; float64 and int64 round to nearest;
     * booleans give 0 and 1.
     *
     * @return the elements in row-major order
     */
    public float[] toFloats() {
        float[] out = new float[(int) size()];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = floatAt(b, i);
        }
        return out;
    }

    /**
     * Returns the elements as doubles: exact for every type except int64 values beyond 2^53, which round.
     *
     * @return the elements in row-major order
     */
    public double[] toDoubles() {
        double[] out = new double[(int) size()];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = doubleAt(b, i);
        }
        return out;
    }

    /**
     * Returns the elements of an integer or boolean tensor as longs (uint8 is read as unsigned).
     *
     * @return the elements in row-major order
     * @throws IllegalStateException if the type is floating point; use {@code as(DType.I64)} to truncate
     */
    public long[] toLongs() {
        if (dtype.isFloating()) {
            throw new IllegalStateException("toLongs() needs an integer or boolean tensor, found " + this
                    + "; use as(DType.I64) to truncate toward zero");
        }
        long[] out = new long[(int) size()];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = longAt(b, i);
        }
        return out;
    }

    /**
     * Returns the same elements with another shape. One dimension may be {@code -1}: it is inferred.
     *
     * @param newShape the new dimensions
     * @return a tensor of the new shape sharing nothing mutable with this one
     * @throws IllegalArgumentException if the new shape does not hold exactly {@link #size()} elements
     */
    public Tensor reshape(long... newShape) {
        long[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && inferred < 0) {
                inferred = i;
            } else {
                known *= s[i] < 0 ? -1 : s[i];
            }
        }
        if (inferred >= 0 && known > 0 && size() % known == 0) {
            s[inferred] = size() / known;
        }
        if (Arrays.stream(s).anyMatch(d -> d < 0) || byteCount(dtype, s) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + this + " (" + size() + " elements) to "
                    + Arrays.toString(newShape));
        }
        return new Tensor(dtype, s, data);
    }

    /**
     * Converts the elements to another type, like NumPy's {@code astype}. Float targets round to nearest, ties to
     * even (float16 and bfloat16 via float32; overflow gives infinity). Integer targets truncate floats toward
     * zero and wrap integers to the target width. Boolean targets map non-zero to 1.
     *
     * @param target the new element type
     * @return this tensor when the type is already {@code target}, else a converted copy
     */
    public Tensor as(DType target) {
        if (target == dtype) {
            return this;
        }
        int n = (int) size();
        ByteBuffer in = data();
        ByteBuffer out = allocate(target, shape, n);
        for (int i = 0; i < n; i++) {
            switch (target) {
                case F16 -> out.putShort(Halfs.floatToF16(floatAt(in, i)));
                case BF16 -> out.putShort(Halfs.floatToBf16(floatAt(in, i)));
                case F32 -> out.putFloat(floatAt(in, i));
                case F64 -> out.putDouble(doubleAt(in, i));
                case BOOL -> out.put((byte) ((dtype.isFloating() ? doubleAt(in, i) != 0 : longAt(in, i) != 0) ? 1 : 0));
                default -> putInteger(out, target, dtype.isFloating() ? (long) doubleAt(in, i) : longAt(in, i));
            }
        }
        return new Tensor(target, shape.clone(), out.array());
    }

    private static void putInteger(ByteBuffer out, DType target, long v) {
        switch (target) {
            case I8, U8 -> out.put((byte) v);
            case I16 -> out.putShort((short) v);
            case I32 -> out.putInt((int) v);
            case I64 -> out.putLong(v);
            default -> throw new AssertionError(target);
        }
    }

    private float floatAt(ByteBuffer b, int i) {
        return dtype == DType.I64 ? (float) longAt(b, i) : (float) doubleAt(b, i);
    }

    private double doubleAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case F16 -> Halfs.f16ToFloat(b.getShort(2 * i));
            case BF16 -> Halfs.bf16ToFloat(b.getShort(2 * i));
            case F32 -> b.getFloat(4 * i);
            case F64 -> b.getDouble(8 * i);
            default -> longAt(b, i);
        };
    }

    private long longAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case I8 -> b.get(i);
            case U8 -> b.get(i) & 0xff;
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            case I16 -> b.getShort(2 * i);
            case I32 -> b.getInt(4 * i);
            case I64 -> b.getLong(8 * i);
            default -> throw new AssertionError(dtype);
        };
    }

    /**
     * Checks a shape and returns the number of data bytes it needs.
     *
     * @throws IllegalArgumentException if a dimension is negative or the tensor would exceed {@link #MAX_BYTES}
     */
    static long byteCount(DType dtype, long[] shape) {
        return byteCount(dtype, shape, MAX_BYTES);
    }

    /**
     * Checks a shape and returns the number of data bytes it needs, up to a limit.
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @param limit the largest byte count accepted, such as {@link #MAX_BYTES} for a tensor held in the heap or
     *     {@code Long.MAX_VALUE} for one streamed from a file
     * @return the byte count
     * @throws IllegalArgumentException if a dimension is negative or the tensor would exceed the limit
     */
    static long byteCount(DType dtype, long[] shape, long limit) {
        if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("dimensions must be >= 0, found shape " + Arrays.toString(shape));
        }
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long n = dtype.bytes();
        boolean over = false;
        for (long d : shape) {
            over |= n > limit / d;
            n = over ? n : n * d;
        }
        if (over || n > limit) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " " + dtype + " needs more than "
                    + "the " + limit + " bytes one tensor can hold");
        }
        return n;
    }

    private static ByteBuffer allocate(DType dtype, long[] shape, int found) {
        long expected = byteCount(dtype, shape) / dtype.bytes();
        if (expected != found) {
            throw new IllegalArgumentException("expected " + expected + " elements for shape "
                    + Arrays.toString(shape) + ", found " + found);
        }
        return ByteBuffer.allocate(found * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Tensors are equal when their types, shapes and element bytes are equal (so NaNs with equal bits match). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    /** @return {@code "Tensor[F32, [2, 3]]"} */
    @Override
    public String toString() {
        return "Tensor[" + dtype + ", " + Arrays.toString(shape) + "]";
    }
}
