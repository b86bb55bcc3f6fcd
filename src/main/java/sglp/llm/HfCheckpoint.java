package sglp.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sglp.io.DType;
import sglp.io.Halfs;
import sglp.io.InputFiles;
import sglp.io.Safetensors;
import sglp.model.EngineArrays;

/**
 * Reads LLaMA checkpoints in the Hugging Face folder layout: {@code config.json}, and the weights either in one
 * {@code model.safetensors} or in shards {@code model-0000N-of-0000M.safetensors} listed by
 * {@code model.safetensors.index.json} (its {@code weight_map} maps every key to its shard file). {@link HfExport}
 * writes the same layout.
 *
 * <p>Loading is strict: every parameter the configuration implies must be present once, with its exact shape and a
 * float type (F32, F16 or BF16, converted to the compute type of the {@link LlmRuntime}: F32 and F16 by the engine,
 * BF16 widened to float32 on the way, since the engine binding has no bfloat16), and nothing
 * else may be; the index must agree with the shards. Names, shapes and types are checked from the safetensors
 * headers before any weight is allocated, and weights with NaN or infinite values are refused.
 *
 * <p>Loading streams: each tensor is read from its shard in chunks of {@value #CHUNK_BYTES} bytes into one direct
 * buffer and copied straight into the engine array of its parameter on the target device, so that no tensor and no
 * shard is ever held in the JVM heap, tensors of any size load (8B's 2.1 GB float32 embedding too), and the peak
 * host memory while loading is the model's own size in its compute type plus three chunks (a chunk, a bfloat16 chunk
 * widened to float32, and its engine copy; on a GPU, only these chunks).
 *
 * <p>Two kinds of keys are skipped as Hugging Face does: rotary {@code inv_freq} buffers, and
 * {@code lm_head.weight} when the embeddings are tied. Problems are collected and reported together, each naming
 * the key, the shard file, and the expected and found shape or type.
 */
public final class HfCheckpoint {
    /** The configuration file. */
    public static final String CONFIG = "config.json";
    /** The weights in one file. */
    public static final String SINGLE = "model.safetensors";
    /** The index of sharded weights. */
    public static final String INDEX = "model.safetensors.index.json";
    /** The tokenizer. */
    public static final String TOKENIZER = "tokenizer.json";
    /** Files that travel with the weights when a folder is exported, when present. */
    public static final List<String> COMPANION_FILES = List.of(TOKENIZER, "tokenizer_config.json",
            "special_tokens_map.json", "tokenizer.model", "generation_config.json");
    private static final Set<DType> FLOAT_TYPES = Set.of(DType.F32, DType.F16, DType.BF16);
    private static final int MAX_PROBLEMS = 8;
    /** The bytes read from a shard at a time while loading. */
    public static final int CHUNK_BYTES = 16 << 20;

    private HfCheckpoint() {
    }

    /**
     * Checks that a folder has the files of a Hugging Face model.
     *
     * @param dir the folder
     * @param withTokenizer whether {@code tokenizer.json} is required too
     * @throws IllegalArgumentException naming every missing file
     */
    public static void checkFolder(Path dir, boolean withTokenizer) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": expected a Hugging Face model folder, found "
                    + (Files.exists(dir) ? "a file" : "nothing"));
        }
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            missing.add(CONFIG);
        }
        if (!Files.isRegularFile(dir.resolve(SINGLE)) && !Files.isRegularFile(dir.resolve(INDEX))) {
            missing.add(SINGLE + " (or " + INDEX + " with its shards)");
        }
        if (withTokenizer && !Files.isRegularFile(dir.resolve(TOKENIZER))) {
            missing.add(TOKENIZER);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(dir + ": missing " + String.join(", ", missing));
        }
    }

    /**
     * Opens the tokenizer of a model folder and checks that every id it can produce has a row in the model's
     * embedding: its largest id (of the vocabulary and the added tokens) must be below {@code config.json}'s
     * {@code vocab_size}. Open a folder's tokenizer through here rather than {@link TextTokenizer#open}, so that a
     * tokenizer that does not fit its model is refused before the weights are read.
     *
     * @param dir the model folder, with {@code config.json} and {@code tokenizer.json}
     * @return the tokenizer; the caller closes it
     * @throws IllegalArgumentException if a file is missing or invalid, or an id is at or beyond {@code vocab_size}
     *     (naming the id, its token and both files)
     */
    public static TextTokenizer openTokenizer(Path dir) {
        checkFolder(dir, true);
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        TextTokenizer tokenizer = TextTokenizer.open(dir.resolve(TOKENIZER));
        try {
            TextTokenizer.TokenId largest = tokenizer.largestId();
            if (largest.id() >= config.vocabSize()) {
                throw new IllegalArgumentException(tokenizer.file() + ": token id " + largest.id() + " ('"
                        + largest.token() + "') is at or beyond vocab_size " + config.vocabSize() + " of "
                        + dir.resolve(CONFIG) + "; expected every id of the tokenizer below vocab_size (the model's "
                        + "embedding has rows 0.." + (config.vocabSize() - 1) + "): the tokenizer belongs to "
                        + "another model");
            }
            return tokenizer;
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * Loads a model from a folder onto the engine's default device in that device's default type
     * ({@link LlmRuntime#auto()}: a GPU in bfloat16 if there is one, else the CPU in float32).
     *
     * @param dir the folder
     * @return the model; the caller closes it
     */
    public static LlamaModel load(Path dir) {
        return load(dir, LlmRuntime.auto());
    }

    /**
     * Loads a model from a folder onto a device in that device's default type ({@link LlmRuntime#defaultDType}).
     *
     * @param dir the folder
     * @param device where the weights go
     * @return the model; the caller closes it
     */
    public static LlamaModel load(Path dir, Device device) {
        return load(dir, new LlmRuntime(device, LlmRuntime.defaultDType(device)));
    }

    /**
     * Loads a model from a folder, tensor by tensor, onto a device in a compute type.
     *
     * @param dir the folder
     * @param runtime the device and the compute type the weights are converted to
     * @return the model, which remembers the checkpoint's type ({@link LlamaModel#sourceType()}); the caller closes
     *     it
     * @throws IllegalArgumentException if a file is missing, the configuration is invalid, the weights do not fit
     *     it (listing the problems) or the device's memory, or a weight is NaN or infinite
     * @throws UncheckedIOException if a file cannot be read or is not a valid safetensors file
     */
    public static LlamaModel load(Path dir, LlmRuntime runtime) {
        return load(dir, runtime, null);
    }

    /**
     * Loads only some decoder layers of a folder, renumbered {@code 0..} in order, as {@link LlamaModel#withoutLayers}
     * would make them from the whole model, but without ever holding the others: how a pruned model is written in
     * the memory of one model ({@code sglp llm prune}). The checkpoint is checked whole first, as by {@link #load}.
     *
     * @param dir the folder
     * @param runtime the device and compute type
     * @param kept the indices of the decoder layers to keep, ascending, each in {@code 0..L-1}
     * @return the smaller model; the caller closes it
     * @throws IllegalArgumentException as {@link #load(Path, LlmRuntime)}, or if an index is out of range or
     *     repeated
     */
    public static LlamaModel loadLayers(Path dir, LlmRuntime runtime, List<Integer> kept) {
        return load(dir, runtime, List.copyOf(kept));
    }

    private static LlamaModel load(Path dir, LlmRuntime runtime, List<Integer> kept) {
        checkFolder(dir, false);
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        Map<String, List<String>> shards = shards(dir);
        checkHeaders(dir, config, shards);
        Map<Integer, Integer> renumbered = new HashMap<>();
        if (kept != null) {
            for (int l : kept) {
                if (l < 0 || l >= config.numLayers() || renumbered.put(l, renumbered.size()) != null
                        || renumbered.size() > 1 && l < kept.get(renumbered.size() - 2)) {
                    throw new IllegalArgumentException("kept layers: expected ascending distinct indices in 0.."
                            + (config.numLayers() - 1) + " (the layers of " + dir.resolve(CONFIG) + "), found " + kept);
                }
            }
        }
        LlamaModel model;
        try {
            model = LlamaModel.uninitialised(kept == null ? config : config.withNumLayers(kept.size()), runtime);
            model.configFile(dir.resolve(CONFIG));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer widened = ByteBuffer.allocateDirect(2 * CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Set<DType> types = new HashSet<>();
            for (String shard : shards.keySet()) {
                Path file = dir.resolve(shard);
                try (Safetensors.Reader reader = Safetensors.open(file)) {
                    for (Safetensors.TensorInfo t : reader.tensors()) {
                        String key = kept == null ? t.name() : renamed(t.name(), renumbered);
                        if (key != null && !skipped(t.name(), config)) {
                            types.add(t.dtype());
                            copy(reader, t, model.parameters().get(key).getArray(), buffer, widened);
                        }
                    }
                }
            }
            model.sourceType(types.size() == 1 ? types.iterator().next() : null);
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A key with its layer renumbered, the key itself outside the layers, or null for a layer not kept. */
    private static String renamed(String key, Map<Integer, Integer> renumbered) {
        String prefix = "model.layers.";
        if (!key.startsWith(prefix)) {
            return key;
        }
        int dot = key.indexOf('.', prefix.length());
        Integer to = renumbered.get(Integer.parseInt(key.substring(prefix.length(), dot)));
        return to == null ? null : prefix + to + key.substring(dot);
    }

    /**
     * Copies one tensor of a file into an engine array chunk by chunk, refusing NaN and infinite values (which
     * would make every number computed from them NaN) with their count and the first one. A chunk is checked by the
     * engine as one reduction, max |x|, which is finite exactly when every value is; only a chunk that fails is
     * examined value by value.
     *
     * @param widened a direct buffer of twice the chunk size, for bfloat16 values widened to float32
     */
    private static void copy(Safetensors.Reader reader, Safetensors.TensorInfo t, NDArray target, ByteBuffer buffer,
            ByteBuffer widened) throws IOException {
        DataType type = djlType(t.dtype());
        long[] bad = {0, -1};
        float[] first = {0};
        try (NDManager scratch = target.getManager().newSubManager()) {
            reader.stream(t.name(), buffer, (chunk, from) -> {
                try (NDManager scope = scratch.newSubManager()) {
                    long n = chunk.remaining() / t.dtype().bytes();
                    ByteBuffer data = chunk;
                    if (t.dtype() == DType.BF16) {
                        widened.clear();
                        Halfs.bf16ToFloats(chunk, widened);
                        data = widened.flip();
                    }
                    NDArray part = scope.create(data, new Shape(n), type);
                    if (Float.isFinite(part.abs().max().toType(DataType.FLOAT32, false).getFloat())) {
                        if (bad[0] == 0) {
                            EngineArrays.assign(target, from, part);
                        }
                        return;
                    }
                    NDArray nonFinite = part.isNaN().logicalOr(part.isInfinite());
                    if (bad[0] == 0) {
                        long at = nonFinite.toType(DataType.INT32, false).argMax().getLong();
                        bad[1] = from + at;
                        first[0] = part.get(at).toType(DataType.FLOAT32, false).getFloat();
                    }
                    bad[0] += nonFinite.countNonzero().getLong();
                }
            });
        }
        if (bad[0] > 0) {
            throw new IllegalArgumentException(reader.file() + ": key '" + t.name() + "': expected finite weights, "
                    + "found " + bad[0] + " NaN or infinite values (the first, " + first[0] + ", at element " + bad[1]
                    + ")");
        }
    }

    /**
     * The engine type in which a checkpoint type is handled (F32, F16 or BF16; checked from the headers before):
     * BF16 values are widened to float32, since the engine binding has no bfloat16 ({@link LlmRuntime}).
     */
    static DataType djlType(DType type) {
        return switch (type) {
            case F32, BF16 -> DataType.FLOAT32;
            case F16 -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("expected F32, F16 or BF16 weights, found " + type);
        };
    }

    private static boolean skipped(String key, LlamaConfig config) {
        return key.endsWith(".rotary_emb.inv_freq") || config.tieWordEmbeddings() && key.equals(LlamaModel.LM_HEAD);
    }

    /**
     * Checks every shard's tensor names, shapes and types against the configuration from the safetensors headers
     * alone, before any weight is allocated or read, so that a configuration that does not fit its weights (such as
     * an absurd {@code vocab_size}) is refused with the keys and shapes rather than by an allocation.
     */
    private static void checkHeaders(Path dir, LlamaConfig config, Map<String, List<String>> shards) {
        Map<String, long[]> shapes = LlamaModel.shapes(config);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, List<String>> shard : shards.entrySet()) {
            Map<String, Safetensors.TensorInfo> tensors = header(dir.resolve(shard.getKey()));
            for (Map.Entry<String, Safetensors.TensorInfo> e : tensors.entrySet()) {
                String key = e.getKey();
                if (skipped(key, config)) {
                    continue;
                }
                String problem = problem(key, e.getValue(), shapes.get(key), shard, config);
                if (problem != null) {
                    problems.add(problem);
                }
                seen.add(key);
            }
            if (shard.getValue() != null) {
                for (String key : shard.getValue()) {
                    if (seen.add(key) && !tensors.containsKey(key)) {
                        problems.add("key '" + key + "': " + INDEX + " maps it to " + shard.getKey()
                                + ", which does not hold it");
                    }
                }
            }
        }
        String where = shards.containsKey(SINGLE) ? SINGLE : INDEX;
        shapes.forEach((key, shape) -> {
            if (!seen.contains(key)) {
                problems.add("missing key '" + key + "' (expected shape " + Arrays.toString(shape) + ") in "
                        + where);
            }
        });
        if (!problems.isEmpty()) {
            String shown = String.join("\n  ", problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
            String more = problems.size() > MAX_PROBLEMS
                    ? "\n  ... and " + (problems.size() - MAX_PROBLEMS) + " more" : "";
            throw new IllegalArgumentException(dir + ": the weights do not fit " + CONFIG + " ("
                    + config.numLayers() + " layers, hidden " + config.hiddenSize() + ", vocab_size "
                    + config.vocabSize() + "), " + problems.size() + " problems:\n  " + shown + more);
        }
    }

    private static String problem(String key, Safetensors.TensorInfo t, long[] expected,
            Map.Entry<String, List<String>> shard, LlamaConfig config) {
        String found = t.dtype() + " " + Arrays.toString(t.shape());
        if (shard.getValue() != null && !shard.getValue().contains(key)) {
            return "key '" + key + "' in " + shard.getKey() + ": not mapped to this shard by " + INDEX;
        }
        if (expected == null) {
            return "unexpected key '" + key + "' (" + found + ") in " + shard.getKey() + ": a "
                    + config.family().modelType() + " model with " + config.numLayers() + " layers, tied embeddings "
                    + config.tieWordEmbeddings() + " and biases on " + (config.biasedModules().isEmpty() ? "nothing"
                    : config.biasedModules()) + " has no such parameter";
        }
        if (!Arrays.equals(expected, t.shape())) {
            return "key '" + key + "' in " + shard.getKey() + ": expected shape " + Arrays.toString(expected)
                    + ", found " + found;
        }
        if (!FLOAT_TYPES.contains(t.dtype())) {
            return "key '" + key + "' in " + shard.getKey() + ": expected dtype F32, F16 or BF16, found " + found;
        }
        return null;
    }

    /**
     * The tensors a safetensors file lists, from its header alone, validated by {@link Safetensors#open} (offsets,
     * sizes, types), whose errors name the file.
     */
    private static Map<String, Safetensors.TensorInfo> header(Path file) {
        Map<String, Safetensors.TensorInfo> out = new LinkedHashMap<>();
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            reader.tensors().forEach(t -> out.put(t.name(), t));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The files a model folder's model is read from: {@code config.json}, the tokenizer files present, the index and
     * every weight file.
     *
     * @param dir the folder
     * @return the files, in that order
     * @throws IllegalArgumentException if the index is malformed or names a missing shard
     */
    public static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(CONFIG));
        COMPANION_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).forEach(files::add);
        if (Files.isRegularFile(dir.resolve(INDEX))) {
            files.add(dir.resolve(INDEX));
        }
        shards(dir).keySet().forEach(name -> files.add(dir.resolve(name)));
        return files;
    }

    /**
     * The weight files of a folder with the keys the index assigns to each (null for a single file).
     *
     * @throws IllegalArgumentException if the index is malformed or names a missing shard
     */
    private static Map<String, List<String>> shards(Path dir) {
        Map<String, List<String>> shards = new LinkedHashMap<>();
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            shards.put(SINGLE, null);
            return shards;
        }
        JsonElement map;
        try {
            JsonElement json = JsonParser.parseString(InputFiles.readText(index, "a safetensors index JSON"));
            map = json.isJsonObject() ? json.getAsJsonObject().get("weight_map") : null;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(index + ": not valid JSON: " + e.getMessage(), e);
        }
        if (map == null || !map.isJsonObject()) {
            throw new IllegalArgumentException(index + ": field 'weight_map': expected an object mapping keys to "
                    + "shard files, found " + map);
        }
        for (Map.Entry<String, JsonElement> e : ((JsonObject) map).entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(index + ": field 'weight_map', key '" + e.getKey()
                        + "': expected a shard file name, found " + v);
            }
            shards.computeIfAbsent(v.getAsString(), f -> new ArrayList<>()).add(e.getKey());
        }
        Path base = dir.toAbsolutePath().normalize();
        for (Map.Entry<String, List<String>> s : shards.entrySet()) {
            Path shard = base.resolve(s.getKey()).normalize();
            if (!base.equals(shard.getParent()) || !Files.isRegularFile(shard)) {
                throw new IllegalArgumentException(index + ": weight_map names shard " + s.getKey() + " (for "
                        + s.getValue().size() + " keys, such as '" + s.getValue().get(0) + "'), which is missing "
                        + "from " + dir);
            }
        }
        return shards;
    }
}
