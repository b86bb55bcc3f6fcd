package sglp.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An ordered map from names to tensors, such as a PyTorch state dict or the activations of a network's layers.
 *
 * <p>Insertion order is kept and is meaningful (for activation files it is the layer order); replacing a tensor
 * keeps its position. Files are read and written by extension: {@code .npz}, {@code .safetensors}, or {@code .npy}
 * (one tensor, keyed by the file name without extension).
 */
public final class StateDict implements Iterable<Map.Entry<String, Tensor>> {
    private static final String EXTENSIONS = ".npz, .safetensors or .npy";

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** Creates an empty state dict. */
    public StateDict() {
    }

    /**
     * Creates a state dict holding the entries of a map, in its iteration order.
     *
     * @param tensors the tensors by name
     * @return the state dict
     */
    public static StateDict of(Map<String, Tensor> tensors) {
        StateDict dict = new StateDict();
        tensors.forEach(dict::put);
        return dict;
    }

    /**
     * Adds or replaces a tensor.
     *
     * @param name the name
     * @param tensor the tensor
     * @return this state dict
     */
    public StateDict put(String name, Tensor tensor) {
        tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
        return this;
    }

    /**
     * Returns a tensor by name.
     *
     * @param name the name
     * @return the tensor
     * @throws IllegalArgumentException if there is none; the message lists some of the names there are
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            List<String> keys = keys();
            String some = keys.stream().limit(8).map(k -> "'" + k + "'").collect(Collectors.joining(", "));
            throw new IllegalArgumentException("no tensor named '" + name + "'; the " + keys.size() + " names are "
                    + (keys.isEmpty() ? "none" : some + (keys.size() > 8 ? ", ..." : "")));
        }
        return t;
    }

    /**
     * @param name the name
     * @return whether a tensor has this name
     */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** @return the names in order; an unmodifiable copy */
    public List<String> keys() {
        return List.copyOf(tensors.keySet());
    }

    /** @return the number of tensors */
    public int size() {
        return tensors.size();
    }

    /** @return an unmodifiable view of the tensors by name, in order */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** @return the entries in order; removing through the iterator is not supported */
    @Override
    public Iterator<Map.Entry<String, Tensor>> iterator() {
        return asMap().entrySet().iterator();
    }

    /**
     * Reads a file, choosing the format by extension.
     *
     * @param file an {@code .npz}, {@code .safetensors} or {@code .npy} file
     * @return its tensors in file order
     * @throws IllegalArgumentException if the file is missing or a folder, or the extension is none of these
     * @throws TensorFormatException if the file is malformed
     * @throws IOException if reading fails
     */
    public static StateDict read(Path file) throws IOException {
        InputFiles.requireFile(file, "an .npz, .safetensors or .npy file");
        return switch (extension(file)) {
            case "npz" -> Npz.read(file);
            case "safetensors" -> Safetensors.read(file).tensors();
            default -> new StateDict().put(stem(file), Npy.read(file));
        };
    }

    /**
     * Writes the tensors to a file, atomically, choosing the format by extension: {@code .npz} (stored entries),
     * {@code .safetensors}, or {@code .npy} (exactly one tensor; its name is not stored).
     *
     * @param file the file
     * @throws IllegalArgumentException if the extension is none of these, if an {@code .npy} would need other than
     *     one tensor, or if a bfloat16 tensor goes to a NumPy format
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        switch (extension(file)) {
            case "npz" -> Npz.write(file, this);
            case "safetensors" -> Safetensors.write(file, this);
            default -> {
                if (size() != 1) {
                    throw new IllegalArgumentException(file + ": an .npy file holds exactly one tensor, found "
                            + size() + " " + keys());
                }
                Npy.write(file, tensors.values().iterator().next());
            }
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!name.contains(".") || !List.of("npz", "safetensors", "npy").contains(ext)) {
            throw new IllegalArgumentException(file + ": expected a file name ending in " + EXTENSIONS
                    + ", found '" + name + "'");
        }
        return ext;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** State dicts are equal when they hold equal tensors under the same names in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict d && List.copyOf(tensors.entrySet()).equals(List.copyOf(d.tensors.entrySet()));
    }

    @Override
    public int hashCode() {
        return List.copyOf(tensors.entrySet()).hashCode();
    }

    /** @return the names with dtype and shape, such as {@code StateDict{fc.weight=Tensor[F32, [10, 4]]}} */
    @Override
    public String toString() {
        return "StateDict" + tensors;
    }
}
