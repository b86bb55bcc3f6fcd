package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** A 2x2 max-pool at stride 2; no parameters. */
final class PoolBlock extends UnitBlock {

    PoolBlock(Unit unit) {
        super(unit);
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        // no parameters
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        // no parameters
    }
}
