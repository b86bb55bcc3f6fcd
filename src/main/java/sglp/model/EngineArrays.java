package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

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
     * @param target the array, float32
     * @param values its new values in row-major order
     * @throws IllegalArgumentException if the number of values differs from the array's size
     */
    public static void assign(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("expected " + target.size() + " values for shape " + target.getShape()
                    + ", found " + values.length);
        }
        try (NDArray v = target.getManager().create(values, target.getShape());
                NDArray storage = target.stopGradient()) {
            storage.set(ALL, v);
        }
    }
}
