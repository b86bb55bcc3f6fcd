package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** A convolution followed by BatchNorm, with the PyTorch keys of both. */
final class ConvBn {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final String convKey;
    private final String bnKey;

    ConvBn(UnitBlock owner, String convKey, String bnKey, int filters, int kernel, int stride, boolean bias) {
        this.convKey = convKey;
        this.bnKey = bnKey;
        this.conv = owner.child(convKey, Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .optBias(bias)
                .build());
        this.bn = owner.child(bnKey, BatchNorm.builder().build());
    }

    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        return UnitBlock.run(bn, ps, UnitBlock.run(conv, ps, x), mode.batchStatistics());
    }

    Shape initialize(NDManager manager, DataType dataType, Shape input) {
        return UnitBlock.init(bn, manager, dataType, UnitBlock.init(conv, manager, dataType, input));
    }

    void putParameters(Map<String, Parameter> out) {
        out.put(convKey + ".weight", conv.getParameters().get("weight"));
        if (conv.getParameters().contains("bias")) {
            out.put(convKey + ".bias", conv.getParameters().get("bias"));
        }
        out.put(bnKey + ".weight", bn.getParameters().get("gamma"));
        out.put(bnKey + ".bias", bn.getParameters().get("beta"));
        out.put(bnKey + ".running_mean", bn.getParameters().get("runningMean"));
        out.put(bnKey + ".running_var", bn.getParameters().get("runningVar"));
    }
}
