package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sglp.io.InputFiles;
import sglp.io.StateDict;
import sglp.io.Tensor;

/**
 * Moves weights between a {@link Network} and PyTorch state dicts saved as {@code .npz} or {@code .safetensors}.
 *
 * <p>Loading is strict: every parameter of the network (BatchNorm running statistics included) must be present with
 * its exact shape, and the file may hold nothing else, apart from BatchNorm's {@code num_batches_tracked} counters,
 * which are ignored.
 *
 * <p>Wrapper prefixes are stripped: when every key starts with the same dotted prefix, such as {@code module.}
 * (DataParallel, DistributedDataParallel, possibly repeated), {@code _orig_mod.} ({@code torch.compile}),
 * {@code model.} (Lightning) or {@code backbone.}, {@code net.}, {@code network.}, or any combination, the keys are
 * matched with as much of that common prefix removed as makes the most of them parameters of the network (none
 * removed when that fits best). When the keys still do not fit, the error says which prefix all keys share, if any.
 *
 * <p>Values: half precision, bfloat16 and float64 tensors are converted to float32; integer and boolean tensors are
 * refused for parameters (no silent cast: an integer tensor where a weight belongs is a wrong file, as in the LLaMA
 * loader), naming the key and the dtype; NaN and infinite values are refused, naming the key and the first index.
 */
public final class Weights {
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
            throw InputFiles.unchecked("cannot write weights to " + file, e);
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
            throw InputFiles.unchecked("cannot read weights from " + file, e);
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
     * Loads a state dict into a network, strictly. Nothing is loaded unless everything fits.
     *
     * @param net the network
     * @param sd the state dict
     * @param source where the state dict came from, for messages (a file name)
     * @throws IllegalArgumentException listing missing keys, unexpected keys, wrong shapes with expected and found
     *     and integer dtypes, and saying which prefix all keys share, if any; or naming the first NaN or infinite
     *     value's key and index
     */
    public static void load(Network net, StateDict sd, String source) {
        Map<String, Parameter> params = net.parameters();
        String shared = commonPrefix(sd.keys());
        String stripped = bestStrip(shared, sd.keys(), params.keySet());
        List<String> problems = new ArrayList<>();
        Map<String, Tensor> byKey = new LinkedHashMap<>();
        for (var e : sd) {
            String key = e.getKey().substring(stripped.length());
            Parameter p = params.get(key);
            if (p == null) {
                if (!key.endsWith(".num_batches_tracked")) {
                    problems.add("unexpected key '" + e.getKey() + "' (shape " + Arrays.toString(e.getValue().shape())
                            + "): " + net.architecture().name() + " has no such parameter");
                }
                continue;
            }
            Shape expected = p.getArray().getShape();
            if (!e.getValue().dtype().isFloating()) {
                problems.add("key '" + e.getKey() + "': expected a floating-point tensor (F16, BF16, F32 or F64), "
                        + "found " + e.getValue().dtype());
            } else if (!Arrays.equals(expected.getShape(), e.getValue().shape())) {
                problems.add("key '" + e.getKey() + "': expected shape " + Arrays.toString(expected.getShape())
                        + ", found " + Arrays.toString(e.getValue().shape()));
            }
            byKey.put(key, e.getValue());
        }
        for (var e : params.entrySet()) {
            if (!byKey.containsKey(e.getKey())) {
                problems.add("missing key '" + stripped + e.getKey() + "' (expected shape "
                        + Arrays.toString(e.getValue().getArray().getShape().getShape()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            String shown = String.join("\n  ", problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
            String more = problems.size() > MAX_PROBLEMS ? "\n  ... and " + (problems.size() - MAX_PROBLEMS) + " more" : "";
            throw new IllegalArgumentException(source + " does not fit " + net.architecture().name() + " ("
                    + problems.size() + " problems; " + prefixNote(shared, stripped) + "):\n  " + shown + more);
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (var e : byKey.entrySet()) {
            float[] v = e.getValue().toFloats();
            Inputs.checkFinite(v, e.getValue().shape(), source + ": key '" + stripped + e.getKey() + "'");
            values.put(e.getKey(), v);
        }
        values.forEach((key, v) -> EngineArrays.assign(params.get(key).getArray(), v));
    }

    /** The longest prefix of whole dotted segments that every key starts with and that leaves each key a name. */
    private static String commonPrefix(List<String> keys) {
        if (keys.isEmpty()) {
            return "";
        }
        String prefix = keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1);
        for (String k : keys) {
            while (!prefix.isEmpty() && !(k.startsWith(prefix) && k.length() > prefix.length())) {
                prefix = prefix.substring(0, prefix.lastIndexOf('.', prefix.length() - 2) + 1);
            }
        }
        return prefix;
    }

    /**
     * The part of the shared prefix to remove: the shortest one (none first) under which the most keys are the
     * network's parameters.
     */
    private static String bestStrip(String shared, List<String> keys, Set<String> parameters) {
        String best = "";
        long bestMatches = -1;
        for (int end = 0; end >= 0; end = end == shared.length() ? -1 : shared.indexOf('.', end) + 1) {
            String strip = shared.substring(0, end);
            long matches = keys.stream().filter(k -> parameters.contains(k.substring(strip.length()))).count();
            if (matches > bestMatches) {
                best = strip;
                bestMatches = matches;
            }
        }
        return best;
    }

    /** What the error message says about the keys' common prefix. */
    private static String prefixNote(String shared, String stripped) {
        if (shared.isEmpty()) {
            return "no prefix is common to all keys";
        }
        if (stripped.isEmpty()) {
            return "every key starts with '" + shared + "', and removing it does not make them fit either";
        }
        return "every key starts with '" + shared + "'; '" + stripped + "' was removed before matching, and removing "
                + "more or less does not make them fit either";
    }
}
