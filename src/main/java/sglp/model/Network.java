package sglp.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link Architecture} with weights on a DJL engine: the network that is trained, probed, scored and pruned.
 *
 * <p>Parameters are addressed by their PyTorch state-dict keys ({@code layer1.0.conv1.weight},
 * {@code layer1.0.bn1.running_mean}, ...). A network owns its NDManager: close it when done.
 */
public final class Network implements AutoCloseable {
    private final Architecture architecture;
    private final NDManager manager;
    private final UnitStack stack;
    private final Map<String, Parameter> parameters;
    private final Map<String, List<String>> keysByUnit;
    private final Map<String, long[]> weightShapes;

    private Network(Architecture architecture, Device device) {
        this.architecture = architecture;
        this.manager = NDManager.newBaseManager(device);
        this.stack = new UnitStack(architecture);
        stack.initialize(manager, DataType.FLOAT32,
                new Shape(1, architecture.inputChannels(), architecture.inputSize(), architecture.inputSize()));
        Map<String, Parameter> all = new LinkedHashMap<>();
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        for (UnitBlock b : stack.blocks()) {
            Map<String, Parameter> own = new LinkedHashMap<>();
            b.putParameters(own);
            all.putAll(own);
            byUnit.put(b.unit.name(), List.copyOf(own.keySet()));
        }
        this.parameters = Collections.unmodifiableMap(all);
        this.keysByUnit = Collections.unmodifiableMap(byUnit);
        this.weightShapes = new LinkedHashMap<>();
        for (var e : all.entrySet()) {
            String layer = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            if (e.getKey().endsWith(".weight")) {
                weightShapes.put(layer, e.getValue().getArray().getShape().getShape());
            }
        }
    }

    /**
     * Creates a network with seeded random weights on the default device (a GPU when the engine has one).
     *
     * @param architecture the architecture
     * @param seed the seed of the initial weights
     * @return the network
     */
    public static Network create(Architecture architecture, long seed) {
        return create(architecture, seed, ai.djl.engine.Engine.getInstance().defaultDevice());
    }

    /**
     * Creates a network with seeded random weights on a device.
     *
     * @param architecture the architecture
     * @param seed the seed of the initial weights
     * @param device where the weights live
     * @return the network
     */
    public static Network create(Architecture architecture, long seed, Device device) {
        Network net = new Network(architecture, device);
        net.reinitialize(net.keysByUnit.keySet(), seed);
        return net;
    }

    /** @return the architecture */
    public Architecture architecture() {
        return architecture;
    }

    /** @return the manager that owns the weights */
    public NDManager manager() {
        return manager;
    }

    /** @return the device of the weights */
    public Device device() {
        return manager.getDevice();
    }

    /** @return the DJL block of the whole network */
    public Block block() {
        return stack;
    }

    /** @return every parameter under its PyTorch key, BatchNorm running statistics included, in state-dict order */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * The keys of one unit's parameters.
     *
     * @param unitName the unit
     * @return its parameter keys in state-dict order (empty for a pool)
     */
    public List<String> unitKeys(String unitName) {
        List<String> keys = keysByUnit.get(unitName);
        if (keys == null) {
            architecture.unit(unitName);
        }
        return keys;
    }

    /** @return the parameters that training updates (everything but BatchNorm running statistics) */
    public List<Parameter> trainableParameters() {
        return parameters.values().stream().filter(Parameter::requiresGradient).toList();
    }

    /**
     * Sets the gradients of some parameters to zero in place, before a backward pass. (DJL's
     * {@code GradientCollector.zeroGradients()} walks every array of the engine and leaves new gradient handles in
     * the parameters' manager; this touches only the given parameters.)
     *
     * @param parameters the parameters
     * @param scope owns the gradient handles taken here; close it after the step
     */
    public static void zeroGradients(Collection<Parameter> parameters, NDManager scope) {
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            g.attach(scope);
            g.set(new NDIndex("..."), 0);
        }
    }

    /**
     * Runs the whole network.
     *
     * @param x a batch of images, N x C x H x W
     * @param training whether BatchNorm uses batch statistics (and updates its running statistics) and dropout is on
     *     ({@link ForwardMode#TRAINING}), or neither ({@link ForwardMode#INFERENCE})
     * @return the logits, N x classes
     */
    public NDArray forward(NDArray x, boolean training) {
        return forward(x, ForwardMode.of(training), Set.of(), null);
    }

    /**
     * Runs the network with some prunable layers bypassed, as if they were removed, showing each unit's output.
     *
     * @param x a batch of images, N x C x H x W
     * @param training whether BatchNorm uses batch statistics and dropout is on ({@link ForwardMode#TRAINING}), or
     *     neither ({@link ForwardMode#INFERENCE})
     * @param removed names of prunable layers to skip
     * @param tap receives each unit's output under its index in {@link #unitNames()}, or null
     * @return the logits, N x classes
     */
    public NDArray forward(NDArray x, boolean training, Set<String> removed, ActivationTap tap) {
        return forward(x, ForwardMode.of(training), removed, tap);
    }

    /**
     * Runs the network with some prunable layers bypassed, as if they were removed, showing each unit's output.
     *
     * @param x a batch of images, N x C x H x W
     * @param mode what BatchNorm and dropout do; {@link ForwardMode#SCORING} for deterministic training-mode passes
     * @param removed names of prunable layers to skip
     * @param tap receives each unit's output under its index in {@link #unitNames()}, or null
     * @return the logits, N x classes
     */
    public NDArray forward(NDArray x, ForwardMode mode, Set<String> removed, ActivationTap tap) {
        for (String r : removed) {
            if (!architecture.unit(r).prunable()) {
                throw new IllegalArgumentException("cannot bypass fixed unit " + r + " of " + architecture.name());
            }
        }
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray y = x;
        int index = -1;
        for (UnitBlock b : stack.blocks()) {
            index++;
            if (removed.contains(b.unit.name())) {
                continue;
            }
            y = b.apply(ps, y, mode);
            if (tap != null) {
                tap.accept(index, y);
            }
        }
        return y;
    }

    /**
     * Sets the weights of some units to seeded random values; a unit's values depend only on the seed and its keys.
     *
     * @param unitNames the units
     * @param seed the seed
     */
    public void reinitialize(Collection<String> unitNames, long seed) {
        for (String u : unitNames) {
            for (String key : unitKeys(u)) {
                String layer = key.substring(0, key.lastIndexOf('.'));
                Parameter p = parameters.get(key);
                long[] shape = weightShapes.getOrDefault(layer, p.getArray().getShape().getShape());
                SeededInit.apply(key, p, seed, shape);
            }
        }
    }

    /**
     * Copies the weights of some units from another network that has them (same names and shapes).
     *
     * @param source the network to copy from
     * @param unitNames the units to copy
     */
    public void copyWeights(Network source, Collection<String> unitNames) {
        for (String u : unitNames) {
            for (String key : unitKeys(u)) {
                Parameter from = source.parameters.get(key);
                if (from == null) {
                    throw new IllegalArgumentException("network " + source.architecture.name() + " has no parameter "
                            + key + " to copy into " + architecture.name());
                }
                set(key, from.getArray());
            }
        }
    }

    /**
     * Overwrites one parameter's values in place.
     *
     * @param key the PyTorch key
     * @param values an array of the same shape (any device, any float type)
     */
    public void set(String key, NDArray values) {
        Parameter p = parameters.get(key);
        if (p == null) {
            throw new IllegalArgumentException(architecture.name() + " has no parameter '" + key + "'");
        }
        Shape expected = p.getArray().getShape();
        if (!expected.equals(values.getShape())) {
            throw new IllegalArgumentException("parameter " + key + " of " + architecture.name() + ": expected shape "
                    + expected + ", found " + values.getShape());
        }
        EngineArrays.assign(p.getArray(), values.toType(DataType.FLOAT32, false).toFloatArray());
    }

    /**
     * A copy of this network with its own weights (same values), on the same device.
     *
     * @return the copy
     */
    public Network copy() {
        Network c = new Network(architecture, device());
        c.copyWeights(this, keysByUnit.keySet());
        return c;
    }

    /** @return the names of all units that have parameters or not, in forward order */
    public List<String> unitNames() {
        return new ArrayList<>(keysByUnit.keySet());
    }

    /**
     * Runs the network on a batch and returns the logits in Java.
     *
     * @param x the batch
     * @return the logits as N x classes floats
     */
    public float[][] predict(NDArray x) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = x.getDevice().equals(device()) ? x : x.toDevice(device(), false);
            NDArray logits = forward(input, false);
            logits.attach(scope);
            long n = logits.getShape().get(0);
            float[] flat = logits.toFloatArray();
            float[][] out = new float[(int) n][];
            int c = flat.length / (int) n;
            for (int i = 0; i < n; i++) {
                out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "Network[" + architecture.name() + ", " + architecture.params() + " params, " + device() + "]";
    }
}
