package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** A VGG unit {@code features.N} (3x3 convolution with bias), {@code features.N+1} (BatchNorm), ReLU. */
final class ConvBlock extends UnitBlock {
    private final ConvBn convBn;

    ConvBlock(Unit unit) {
        super(unit);
        String prefix = unit.name().substring(0, unit.name().lastIndexOf('.') + 1);
        int index = Integer.parseInt(unit.name().substring(prefix.length()));
        convBn = new ConvBn(this, unit.name(), prefix + (index + 1), unit.outChannels(), 3, 1, true);
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        return Activation.relu(convBn.apply(ps, x, mode));
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        convBn.initialize(manager, dataType, input);
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        convBn.putParameters(out);
    }
}
