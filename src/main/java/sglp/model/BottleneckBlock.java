package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** A residual bottleneck block {@code conv1..3, bn1..3}, stride on the 3x3 convolution, projection when reshaping. */
final class BottleneckBlock extends UnitBlock {
    private final ConvBn reduce;
    private final ConvBn spatial;
    private final ConvBn expand;
    private final ConvBn projection;

    BottleneckBlock(Unit unit) {
        super(unit);
        String p = unit.name() + ".";
        int mid = unit.midChannels();
        reduce = new ConvBn(this, p + "conv1", p + "bn1", mid, 1, 1, false);
        spatial = new ConvBn(this, p + "conv2", p + "bn2", mid, 3, unit.stride(), false);
        expand = new ConvBn(this, p + "conv3", p + "bn3", unit.outChannels(), 1, 1, false);
        projection = unit.hasProjection()
                ? new ConvBn(this, p + "downsample.0", p + "downsample.1", unit.outChannels(), 1, unit.stride(), false)
                : null;
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        NDArray y = Activation.relu(reduce.apply(ps, x, mode));
        y = Activation.relu(spatial.apply(ps, y, mode));
        y = expand.apply(ps, y, mode);
        NDArray identity = projection != null ? projection.apply(ps, x, mode) : x;
        return Activation.relu(y.add(identity));
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        Shape s = reduce.initialize(manager, dataType, input);
        expand.initialize(manager, dataType, spatial.initialize(manager, dataType, s));
        if (projection != null) {
            projection.initialize(manager, dataType, input);
        }
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        reduce.putParameters(out);
        spatial.putParameters(out);
        expand.putParameters(out);
        if (projection != null) {
            projection.putParameters(out);
        }
    }
}
