package sglp.llm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sglp.io.DType;
import sglp.io.InputFiles;
import sglp.io.Safetensors;
import sglp.io.Tensor;

/**
 * Reads LLaMA checkpoints in the Hugging Face folder layout: {@code config.json}, and the weights either in one
 * {@code model.safetensors} or in shards {@code model-0000N-of-0000M.safetensors} listed by
 * {@code model.safetensors.index.json} (its {@code weight_map} maps every key to its shard file). {@link HfExport}
 * writes the same layout.
 *
 * <p>Loading is strict: every parameter the configuration implies must be present once, with its exact shape and a
 * float type (F32, F16 or BF16, converted to float32), and nothing else may be; the index must agree with the
 * shards. Names, shapes and types are checked from the safetensors headers before any weight is allocated, and
 * weights with NaN or infinite values are refused. Two kinds of keys are skipped as Hugging Face does: rotary {@code inv_freq} buffers, and
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
     * Loads a model from a folder onto the default device.
     *
     * @param dir the folder
     * @return the model; the caller closes it
     */
    public static LlamaModel load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a model from a folder, one shard at a time.
     *
     * @param dir the folder
     * @param device where the weights go
     * @return the model; the caller closes it
     * @throws IllegalArgumentException if a file is missing, the configuration is invalid, or the weights do not fit
     *     it (listing the problems)
     * @throws UncheckedIOException if a file cannot be read or is not a valid safetensors file
     */
    public static LlamaModel load(Path dir, Device device) {
        checkFolder(dir, false);
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        Map<String, List<String>> shards = shards(dir);
        checkHeaders(dir, config, shards);
        LlamaModel model;
        try {
            model = LlamaModel.zeros(config, device);
            model.configFile(dir.resolve(CONFIG));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
        try {
            for (String shard : shards.keySet()) {
                for (Map.Entry<String, Tensor> e : read(dir.resolve(shard)).entrySet()) {
                    if (!skipped(e.getKey(), config)) {
                        model.set(e.getKey(), finite(e.getValue().toFloats(), e.getKey(), dir.resolve(shard)));
                    }
                }
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Refuses weights with NaN or infinite values, which would make every number computed from them NaN. */
    private static float[] finite(float[] values, String key, Path file) {
        int count = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(file + ": key '" + key + "': expected finite weights, found " + count
                    + " NaN or infinite values (the first, " + values[first] + ", at element " + first + ")");
        }
        return values;
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
            Map<String, TensorHeader> tensors = header(dir.resolve(shard.getKey()));
            for (Map.Entry<String, TensorHeader> e : tensors.entrySet()) {
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

    private static String problem(String key, TensorHeader t, long[] expected, Map.Entry<String, List<String>> shard,
            LlamaConfig config) {
        String found = t.dtype() + " " + Arrays.toString(t.shape());
        if (shard.getValue() != null && !shard.getValue().contains(key)) {
            return "key '" + key + "' in " + shard.getKey() + ": not mapped to this shard by " + INDEX;
        }
        if (expected == null) {
            return "unexpected key '" + key + "' (" + found + ") in " + shard.getKey() + ": a LLaMA with "
                    + config.numLayers() + " layers and tied embeddings " + config.tieWordEmbeddings()
                    + " has no such parameter";
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

    /** The type and shape of one tensor, as a safetensors header lists it. */
    private record TensorHeader(DType dtype, long[] shape) {
    }

    /**
     * The tensors a safetensors file lists, from its header alone; the header is first validated by
     * {@link Safetensors#readMetadata} (offsets, sizes, types), whose errors name the file.
     */
    private static Map<String, TensorHeader> header(Path file) {
        Map<String, TensorHeader> out = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Safetensors.readMetadata(file);
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(length, 0);
            ByteBuffer json = ByteBuffer.allocate(Math.toIntExact(length.getLong(0)));
            while (json.hasRemaining() && channel.read(json, 8 + json.position()) >= 0) {
                // positioned reads until full (readMetadata checked that the header fits in the file)
            }
            JsonObject o = JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (!e.getKey().equals("__metadata__")) {
                    JsonObject t = e.getValue().getAsJsonObject();
                    long[] shape = t.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong)
                            .toArray();
                    out.put(e.getKey(), new TensorHeader(DType.fromSafetensorsName(t.get("dtype").getAsString())
                            .orElseThrow(), shape));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Map<String, Tensor> read(Path file) {
        try {
            return Safetensors.read(file).tensors().asMap();
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
