package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/** The whole network as one DJL block: its unit blocks run in order. */
final class UnitStack extends AbstractBlock {
    private final List<UnitBlock> blocks;

    UnitStack(Architecture architecture) {
        blocks = architecture.units().stream().map(UnitBlock::of).toList();
        for (UnitBlock b : blocks) {
            addChildBlock(b.unit.name(), b);
        }
    }

    List<UnitBlock> blocks() {
        return blocks;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (UnitBlock b : blocks) {
            x = b.apply(ps, x, ForwardMode.of(training));
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (UnitBlock b : blocks) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        for (UnitBlock b : blocks) {
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return new Shape[] {s};
    }
}
