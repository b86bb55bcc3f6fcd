package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** The stem: {@code conv1, bn1}, ReLU, and for ImageNet layouts a 3x3 max-pool at stride 2. */
final class StemBlock extends UnitBlock {
    private final ConvBn convBn;
    private final boolean imagenet;

    StemBlock(Unit unit) {
        super(unit);
        imagenet = unit.kind() == UnitKind.IMAGENET_STEM;
        convBn = new ConvBn(this, "conv1", "bn1", unit.outChannels(), imagenet ? 7 : 3, unit.stride(), false);
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        NDArray y = Activation.relu(convBn.apply(ps, x, mode));
        return imagenet ? Pool.maxPool2d(y, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false) : y;
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
