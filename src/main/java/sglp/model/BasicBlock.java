package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** A residual basic block {@code conv1, bn1, conv2, bn2} with an identity, option-A or option-B shortcut. */
final class BasicBlock extends UnitBlock {
    private final ConvBn first;
    private final ConvBn second;
    private final ConvBn projection;

    BasicBlock(Unit unit) {
        super(unit);
        String p = unit.name() + ".";
        first = new ConvBn(this, p + "conv1", p + "bn1", unit.outChannels(), 3, unit.stride(), false);
        second = new ConvBn(this, p + "conv2", p + "bn2", unit.outChannels(), 3, 1, false);
        projection = unit.hasProjection()
                ? new ConvBn(this, p + "downsample.0", p + "downsample.1", unit.outChannels(), 1, unit.stride(), false)
                : null;
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        NDArray y = second.apply(ps, Activation.relu(first.apply(ps, x, mode)), mode);
        return Activation.relu(y.add(shortcut(ps, x, mode)));
    }

    private NDArray shortcut(ParameterStore ps, NDArray x, ForwardMode mode) {
        if (projection != null) {
            return projection.apply(ps, x, mode);
        }
        if (unit.stride() == 1 && unit.inChannels() == unit.outChannels()) {
            return x;
        }
        NDArray sub = x.get(":, :, ::" + unit.stride() + ", ::" + unit.stride());
        long pad = (unit.outChannels() - unit.inChannels()) / 2;
        Shape s = sub.getShape();
        NDArray zeros = sub.getManager().zeros(new Shape(s.get(0), pad, s.get(2), s.get(3)), sub.getDataType());
        return NDArrays.concat(new NDList(zeros, sub, zeros), 1);
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        second.initialize(manager, dataType, first.initialize(manager, dataType, input));
        if (projection != null) {
            projection.initialize(manager, dataType, input);
        }
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        first.putParameters(out);
        second.putParameters(out);
        if (projection != null) {
            projection.putParameters(out);
        }
    }
}
