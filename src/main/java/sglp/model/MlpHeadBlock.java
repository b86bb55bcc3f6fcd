package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;

/** The CIFAR VGG classifier: {@code classifier.0}, ReLU, dropout, {@code classifier.3}, ReLU, dropout, {@code classifier.6}. */
final class MlpHeadBlock extends UnitBlock {
    private static final int[] INDICES = {0, 3, 6};
    private final List<Linear> linears;
    private final Dropout dropout;

    MlpHeadBlock(Unit unit) {
        super(unit);
        int[] widths = {Unit.MLP_HIDDEN, Unit.MLP_HIDDEN, unit.outChannels()};
        linears = List.of(0, 1, 2).stream()
                .map(i -> child(key(i), Linear.builder().setUnits(widths[i]).build()))
                .toList();
        dropout = child(unit.name() + ".dropout", Dropout.builder().optRate(0.5f).build());
    }

    private String key(int i) {
        return unit.name() + "." + INDICES[i];
    }

    @Override
    NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode) {
        NDArray y = x.reshape(x.getShape().get(0), -1);
        for (int i = 0; i < linears.size(); i++) {
            y = run(linears.get(i), ps, y);
            if (i < linears.size() - 1) {
                y = run(dropout, ps, Activation.relu(y), mode.dropout());
            }
        }
        return y;
    }

    @Override
    void initializeFor(NDManager manager, DataType dataType, Shape input) {
        Shape s = new Shape(input.get(0), unit.inChannels());
        for (Linear l : linears) {
            s = init(l, manager, dataType, s);
        }
        dropout.initialize(manager, dataType, s);
    }

    @Override
    void putParameters(Map<String, Parameter> out) {
        for (int i = 0; i < linears.size(); i++) {
            out.put(key(i) + ".weight", linears.get(i).getParameters().get("weight"));
            out.put(key(i) + ".bias", linears.get(i).getParameters().get("bias"));
        }
    }
}
