package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** Global average pooling and one linear layer, named after the unit ({@code fc} or {@code linear}). */
final class LinearHeadBlock extends UnitBlock {
    private final Linear linear;

    LinearHeadBlock(Unit unit) {
        super(unit);
        linear = child(unit.name(), Linear.builder().setUnits(unit.outChannels()).build());
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        return run(linear, ps, Pool.globalAvgPool2d(x));
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        init(linear, manager, dataType, new Shape(input.get(0), input.get(1)));
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        out.put(unit.name() + ".weight", linear.getParameters().get("weight"));
        out.put(unit.name() + ".bias", linear.getParameters().get("bias"));
    }
}
