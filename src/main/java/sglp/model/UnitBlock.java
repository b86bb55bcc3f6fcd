package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The DJL block of one {@link Unit}. Subclasses compute the unit and name their parameters with the PyTorch state-dict
 * keys of the public layouts, so that weights move between this library and PyTorch by name.
 */
abstract class UnitBlock extends AbstractBlock {
    final Unit unit;

    UnitBlock(Unit unit) {
        this.unit = unit;
    }

    /**
     * Creates the block of a unit.
     *
     * @param unit the unit
     * @return its block
     */
    static UnitBlock of(Unit unit) {
        return switch (unit.kind()) {
            case CIFAR_STEM, IMAGENET_STEM -> new StemBlock(unit);
            case BASIC -> new BasicBlock(unit);
            case BOTTLENECK -> new BottleneckBlock(unit);
            case CONV -> new ConvBlock(unit);
            case POOL -> new PoolBlock(unit);
            case LINEAR_HEAD -> new LinearHeadBlock(unit);
            case MLP_HEAD -> new MlpHeadBlock(unit);
        };
    }

    /** Registers a child block; gives {@link ConvBn} and subclasses access to the protected registration. */
    final <B extends Block> B child(String name, B block) {
        return addChildBlock(name, block);
    }

    /**
     * Puts this unit's parameters (BatchNorm running statistics included) under their PyTorch keys, in the order
     * PyTorch's state dict lists them.
     *
     * @param out the map to fill
     */
    abstract void putParameters(Map<String, Parameter> out);

    /**
     * Computes the unit.
     *
     * @param ps the parameter store
     * @param x the unit's input
     * @param mode what BatchNorm and dropout do
     * @return the unit's output
     */
    abstract NDArray apply(ParameterStore ps, NDArray x, ForwardMode mode);

    /**
     * Initializes the children given the unit's input shape.
     *
     * @param manager the manager that owns the parameters
     * @param dataType the parameters' type
     * @param input the input shape
     */
    abstract void initializeFor(NDManager manager, DataType dataType, Shape input);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), ForwardMode.of(training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initializeFor(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        boolean head = unit.kind() == UnitKind.LINEAR_HEAD || unit.kind() == UnitKind.MLP_HEAD;
        Shape out = head ? new Shape(batch, unit.outChannels())
                : new Shape(batch, unit.outChannels(), unit.outSize(), unit.outSize());
        return new Shape[] {out};
    }

    /**
     * Runs a child block on one array.
     *
     * @param training DJL's flag: {@link ForwardMode#batchStatistics()} for BatchNorm, {@link ForwardMode#dropout()}
     *     for dropout
     */
    static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Runs a child block that computes the same in every mode (a convolution, a linear layer) on one array. */
    static NDArray run(Block block, ParameterStore ps, NDArray x) {
        return run(block, ps, x, false);
    }

    /** Initializes a child block on one input shape and returns its output shape. */
    static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }
}
