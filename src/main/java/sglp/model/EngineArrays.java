package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Writing host values into engine arrays. */
public final class EngineArrays {
    private static final NDIndex ALL = new NDIndex("...");

    private EngineArrays() {
    }

    /**
     * Writes values into an array in place: the array (a parameter's, say) stays the same object on the same device,
     * and its gradient flag is kept.
     *
     * <p>The write is an indexed assignment into a detached view of the array (it shares the storage; autograd, which
     * refuses in-place writes to a parameter while it records, does not see it). DJL 0.35's
     * {@code NDArray.set(float[])} would do the same, but makes PyTorch print a deprecation warning
     * ({@code AutoNonVariableTypeMode}) into every command's output.
     *
     * @param target the array, of any floating type (the values are rounded to it)
     * @param values its new values in row-major order
     * @throws IllegalArgumentException if the number of values differs from the array's size
     */
    public static void assign(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("expected " + target.size() + " values for shape " + target.getShape()
                    + ", found " + values.length);
        }
        try (NDArray v = target.getManager().create(values, target.getShape())) {
            assign(target, 0, v);
        }
    }

    /**
     * An array in another floating type, recorded by autograd so that gradients flow through it. DJL 0.35's
     * {@code toType} runs under PyTorch's {@code NoGradGuard}: a gradient stops there (training a float16 model
     * through it fails with "element 0 of tensors does not require grad"). Widening here is type promotion (adding a
     * zero of the wider type), narrowing an indexed copy into a new array; both are differentiable.
     *
     * @param x the array; unchanged
     * @param type the type, float16, float32 or float64
     * @return {@code x} itself when it has the type already, else a new array in x's manager
     */
    public static NDArray cast(NDArray x, DataType type) {
        DataType from = x.getDataType();
        if (from == type) {
            return x;
        }
        NDManager m = x.getManager();
        if (type.getNumOfBytes() > from.getNumOfBytes()) {
            try (NDArray zero = m.zeros(new Shape(1), type)) {
                return x.add(zero);
            }
        }
        NDArray out = m.zeros(x.getShape(), type);
        out.set(ALL, x);
        return out;
    }

    /**
     * A copy of an array in a type that owns its storage. (DJL's {@code toType(type, true)} does not copy when the
     * type and device are already the array's: PyTorch's {@code to} returns the same storage; an array made from a
     * Java buffer would then leave the copy pointing into that buffer.) Gradients are not recorded.
     *
     * @param array the array; unchanged
     * @param type the type of the copy
     * @return a new array in the array's manager, on its device
     */
    public static NDArray copyAs(NDArray array, DataType type) {
        try (NDArray detached = array.stopGradient()) {
            return type == array.getDataType() ? detached.duplicate() : detached.toType(type, false);
        }
    }

    /**
     * Writes an engine array into a run of an array's elements in place, converting type and device in the engine:
     * elements {@code offset .. offset + values.size() - 1} of the target, counted in row-major order, take the
     * values, also in row-major order. Nothing passes through the JVM heap. Like {@link #assign(NDArray, float[])},
     * the write goes through a detached view, so it works on parameters while autograd records.
     *
     * @param target the array to write into
     * @param offset the first element written
     * @param values the values, any shape and floating type, on any device; unchanged
     * @throws IllegalArgumentException if the run does not lie inside the target
     */
    public static void assign(NDArray target, long offset, NDArray values) {
        long n = values.size();
        if (offset < 0 || offset + n > target.size()) {
            throw new IllegalArgumentException("elements " + offset + ".." + (offset + n - 1) + ": expected a run "
                    + "inside the " + target.size() + " elements of shape " + target.getShape());
        }
        NDManager scratch = target.getManager().newSubManager();
        try (scratch; NDArray storage = target.stopGradient(); NDArray flat = storage.reshape(-1)) {
            NDArray v = values.reshape(-1);
            v.attach(scratch);
            if (v.getDataType() != target.getDataType()) {
                v = v.toType(target.getDataType(), false);
                v.attach(scratch);
            }
            if (!v.getDevice().equals(target.getDevice())) {
                v = v.toDevice(target.getDevice(), false);
                v.attach(scratch);
            }
            flat.set(offset == 0 && n == target.size() ? ALL : new NDIndex("{}:{}", offset, offset + n), v);
        }
    }
}
