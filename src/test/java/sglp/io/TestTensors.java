package sglp.io;

import java.util.Arrays;
import java.util.Random;

/** Shared test data: deterministic tensors of every type and some shapes worth testing. */
final class TestTensors {
    /** Shapes including a scalar, empty tensors and several ranks. */
    static final long[][] SHAPES = {{}, {0}, {3}, {2, 3, 4}, {2, 0, 5}, {1, 1, 1, 7}};

    private TestTensors() {
    }

    /** @return a tensor of small values (quarters in [-25, 25], truncated for integer types) */
    static Tensor sample(DType dtype, long... shape) {
        Random random = new Random(31L * dtype.ordinal() + Arrays.hashCode(shape));
        double[] values = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextInt(201) - 100) / 4.0;
        }
        return Tensor.ofDoubles(shape, values).as(dtype);
    }

    /** @return one tensor of every type for each of {@link #SHAPES}, keyed {@code <dtype>_<index of shape>} */
    static StateDict everything(boolean withBf16) {
        StateDict dict = new StateDict();
        for (DType dtype : DType.values()) {
            if (dtype == DType.BF16 && !withBf16) {
                continue;
            }
            for (int s = 0; s < SHAPES.length; s++) {
                dict.put(dtype.name().toLowerCase() + "_" + s, sample(dtype, SHAPES[s]));
            }
        }
        return dict;
    }
}
