package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import sglp.io.StateDict;
import sglp.io.Tensor;

/**
 * Moves weights between a {@link Network} and PyTorch state dicts saved as {@code .npz} or {@code .safetensors}.
 *
 * <p>Loading is strict: every parameter of the network (BatchNorm running statistics included) must be present with
 * its exact shape, and the file may hold nothing else, apart from BatchNorm's {@code num_batches_tracked} counters,
 * which are ignored. A {@code module.} prefix (PyTorch DataParallel checkpoints) is stripped. Half precision and
 * float64 tensors are converted to float32.
 */
public final class Weights {
    private static final String DATA_PARALLEL = "module.";
    private static final int MAX_PROBLEMS = 8;

    private Weights() {
    }

    /**
     * The network's state dict: every parameter under its PyTorch key, as float32.
     *
     * @param net the network
     * @return the state dict, in the network's key order
     */
    public static StateDict stateDict(Network net) {
        StateDict sd = new StateDict();
        for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            sd.put(e.getKey(), Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
        }
        return sd;
    }

    /**
     * Saves the network's weights; the format follows the extension ({@code .npz} or {@code .safetensors}) and the
     * file is written atomically.
     *
     * @param net the network
     * @param file the file to write
     */
    public static void save(Network net, Path file) {
        try {
            stateDict(net).write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a network of an architecture and loads its weights from a file.
     *
     * @param architecture the architecture
     * @param file a PyTorch state dict as {@code .npz} or {@code .safetensors}
     * @return the network; the caller closes it
     */
    public static Network load(Architecture architecture, Path file) {
        StateDict sd;
        try {
            sd = StateDict.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights from " + file + ": " + e.getMessage(), e);
        }
        Network net = Network.create(architecture, 0);
        try {
            load(net, sd, file.getFileName().toString());
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * Loads a state dict into a network, strictly.
     *
     * @param net the network
     * @param sd the state dict
     * @param source where the state dict came from, for messages (a file name)
     * @throws IllegalArgumentException listing missing keys, unexpected keys and wrong shapes with expected and found
     */
    public static void load(Network net, StateDict sd, String source) {
        Map<String, Parameter> params = net.parameters();
        List<String> problems = new ArrayList<>();
        for (var e : sd) {
            String key = e.getKey().startsWith(DATA_PARALLEL) ? e.getKey().substring(DATA_PARALLEL.length())
                    : e.getKey();
            Parameter p = params.get(key);
            if (p == null) {
                if (!key.endsWith(".num_batches_tracked")) {
                    problems.add("unexpected key '" + e.getKey() + "' (shape " + Arrays.toString(e.getValue().shape())
                            + "): " + net.architecture().name() + " has no such parameter");
                }
                continue;
            }
            Shape expected = p.getArray().getShape();
            if (!Arrays.equals(expected.getShape(), e.getValue().shape())) {
                problems.add("key '" + key + "': expected shape " + Arrays.toString(expected.getShape()) + ", found "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (var e : params.entrySet()) {
            if (!sd.contains(e.getKey()) && !sd.contains(DATA_PARALLEL + e.getKey())) {
                problems.add("missing key '" + e.getKey() + "' (expected shape "
                        + Arrays.toString(e.getValue().getArray().getShape().getShape()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            String shown = String.join("\n  ", problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
            String more = problems.size() > MAX_PROBLEMS ? "\n  ... and " + (problems.size() - MAX_PROBLEMS) + " more" : "";
            throw new IllegalArgumentException(source + " does not fit " + net.architecture().name() + " ("
                    + problems.size() + " problems):\n  " + shown + more);
        }
        for (var e : sd) {
            String key = e.getKey().startsWith(DATA_PARALLEL) ? e.getKey().substring(DATA_PARALLEL.length())
                    : e.getKey();
            Parameter p = params.get(key);
            if (p != null) {
                p.getArray().set(e.getValue().toFloats());
            }
        }
    }
}
