package sglp.llm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import sglp.io.Tensor;
import sglp.model.ActivationTap;
import sglp.model.EngineArrays;

/**
 * A LLaMA decoder on a DJL engine: token embedding, decoder layers (RMSNorm, grouped-query self-attention with
 * rotary positions and a causal mask, RMSNorm, SwiGLU MLP, each inside a residual), final RMSNorm and LM head.
 *
 * <p>Parameters are DJL {@link Parameter}s in the model's compute type ({@link #dtype()}: float32 or float16, see
 * {@link LlmRuntime}) on its device, that record gradients, keyed by their Hugging Face names
 * ({@code model.embed_tokens.weight}, {@code model.layers.3.self_attn.q_proj.weight}, ..., {@code model.norm.weight},
 * {@code lm_head.weight}; with
 * attention or MLP biases also {@code ...q_proj.bias} and so on); with {@code tie_word_embeddings} there is no
 * {@code lm_head.weight} and the head reuses the embedding. The forward pass is written directly in NDArray
 * operations and follows Hugging Face's mixed precision: the residual stream, projections and logits are in the
 * compute type, while RMSNorm statistics and the attention softmax are taken in float32. Its results live in the
 * manager of the token ids. A model owns its NDManager: close it when done.
 */
public final class LlamaModel implements AutoCloseable {
    /** Key of the token embedding. */
    public static final String EMBED = "model.embed_tokens.weight";
    /** Key of the final norm. */
    public static final String NORM = "model.norm.weight";
    /** Key of the LM head (absent when the embeddings are tied). */
    public static final String LM_HEAD = "lm_head.weight";
    private static final float MASKED = -1e30f;
    private static final double INIT_STD = 0.02;

    private final LlamaConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, Parameter> parameters;
    private Map<String, Lora.Adapter> adapters = Map.of();
    /** Where the configuration came from, for messages: a config.json, or null for a model built in memory. */
    private Path configFile;
    /** The type of the weights the model was read from, or null for a model built in memory. */
    private sglp.io.DType sourceType;

    /** Makes the array of one parameter: its key, its shape, the model's manager and compute type. */
    @FunctionalInterface
    private interface ArrayMaker {
        NDArray make(String key, NDManager manager, Shape shape, DataType dtype);
    }

    private LlamaModel(LlamaConfig config, Device device, DataType dtype, ArrayMaker arrays) {
        this.config = config;
        this.dtype = new LlmRuntime(device, dtype).dtype();
        this.manager = NDManager.newBaseManager(device);
        Map<String, Parameter> all = new LinkedHashMap<>();
        try {
            shapes(config).forEach((key, shape) -> {
                Parameter p = Parameter.builder().setName(key).setType(key.endsWith(".bias") ? Parameter.Type.BIAS
                        : shape.length == 1 ? Parameter.Type.GAMMA : Parameter.Type.WEIGHT)
                        .optShape(new Shape(shape)).optInitializer((m, s, t) -> arrays.make(key, m, s, t)).build();
                p.initialize(manager, dtype);
                all.put(key, p);
            });
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.parameters = Collections.unmodifiableMap(all);
    }

    /**
     * Creates a model with seeded random weights on the default device: norms 1, every matrix normal with standard
     * deviation 0.02 (Hugging Face's {@code initializer_range}); each parameter's values depend only on the seed
     * and its key.
     *
     * @param config the configuration
     * @param seed the seed
     * @return the model
     */
    public static LlamaModel create(LlamaConfig config, long seed) {
        return create(config, seed, Engine.getInstance().defaultDevice());
    }

    /**
     * Creates a model with seeded random weights on a device (see {@link #create(LlamaConfig, long)}).
     *
     * @param config the configuration
     * @param seed the seed
     * @param device where the weights live
     * @return the model
     */
    public static LlamaModel create(LlamaConfig config, long seed, Device device) {
        return create(config, seed, new LlmRuntime(device, DataType.FLOAT32));
    }

    /**
     * Creates a model with seeded random weights (see {@link #create(LlamaConfig, long)}; biases are 0) on a
     * device in a compute type: the float32 values, rounded to the type.
     *
     * @param config the configuration
     * @param seed the seed
     * @param runtime the device and compute type
     * @return the model
     * @throws IllegalArgumentException if the weights cannot be held ({@link #checkFitsInMemory(LlamaConfig)})
     */
    public static LlamaModel create(LlamaConfig config, long seed, LlmRuntime runtime) {
        checkFitsInMemory(config);
        return new LlamaModel(config, runtime.device(), runtime.dtype(), (key, m, shape, type) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (shape.dimension() == 1 && !key.endsWith(".bias")) {
                Arrays.fill(values, 1f);
            } else if (!key.endsWith(".bias")) {
                SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ key.hashCode());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (rnd.nextGaussian() * INIT_STD);
                }
            }
            try (NDArray floats = m.create(values, shape)) {
                return EngineArrays.copyAs(floats, type);
            }
        });
    }

    /**
     * Creates a model whose weights are all zero, in float32, to be filled with {@link #set}.
     *
     * @param config the configuration
     * @param device where the weights live
     * @return the model
     */
    public static LlamaModel zeros(LlamaConfig config, Device device) {
        return zeros(config, new LlmRuntime(device, DataType.FLOAT32));
    }

    /**
     * Creates a model whose weights are all zero, to be filled with {@link #set}.
     *
     * @param config the configuration
     * @param runtime the device and compute type
     * @return the model
     * @throws IllegalArgumentException if the weights do not fit the device's memory
     */
    public static LlamaModel zeros(LlamaConfig config, LlmRuntime runtime) {
        checkFitsInMemory(config, runtime);
        return new LlamaModel(config, runtime.device(), runtime.dtype(), (key, m, shape, type) -> m.zeros(shape,
                type));
    }

    /**
     * Creates a model whose weights are allocated but not set, for a loader that writes every element
     * ({@link HfCheckpoint}); the memory is only touched as it is written.
     */
    static LlamaModel uninitialised(LlamaConfig config, LlmRuntime runtime) {
        checkFitsInMemory(config, runtime);
        return new LlamaModel(config, runtime.device(), runtime.dtype(), (key, m, shape, type) -> m.create(shape,
                type));
    }

    /**
     * A copy of this model in another compute type on the same device (weights converted by the engine).
     *
     * @param dtype float32 or float16
     * @return the copy; the caller closes it
     */
    public LlamaModel converted(DataType dtype) {
        LlamaModel copy = new LlamaModel(config, manager.getDevice(), dtype, (key, m, shape, type) -> {
            NDArray a = EngineArrays.copyAs(weight(key), type);
            a.attach(m);
            return a;
        });
        copy.configFile = configFile;
        copy.sourceType = sourceType;
        return copy;
    }

    /** @return the compute type of the weights and activations */
    public DataType dtype() {
        return dtype;
    }

    /** @return the device and compute type */
    public LlmRuntime runtime() {
        return new LlmRuntime(manager.getDevice(), dtype);
    }

    /**
     * The type of the checkpoint this model was read from, which an export keeps by default ({@link HfExport}).
     *
     * @return F32, F16 or BF16, or null for a model built in memory
     */
    public sglp.io.DType sourceType() {
        return sourceType;
    }

    /** Records the type of the weights the model was read from ({@link HfCheckpoint}). */
    void sourceType(sglp.io.DType type) {
        this.sourceType = type;
    }

    /**
     * Where this model's configuration was read from, for messages.
     *
     * @return the {@code config.json} it was loaded with (a pruned model keeps its original's), or a description
     *     of a model built in memory
     */
    public String configSource() {
        return configFile != null ? configFile.toString() : "the configuration of a model built in memory";
    }

    /** Records the config.json this model was loaded with ({@link HfCheckpoint}). */
    void configFile(Path file) {
        this.configFile = file;
    }

    /**
     * Refuses, before anything is allocated, a configuration whose float32 weights cannot be created from Java
     * values ({@link #create}): more bytes than this machine's physical memory, or one parameter larger than a Java
     * array or than the JVM's largest heap ({@code -Xmx}), through which every parameter passes when it is
     * initialised.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the bytes needed and the bytes available
     */
    public static void checkFitsInMemory(LlamaConfig config) {
        checkFitsInMemory(config, LlmRuntime.cpu());
        long largest = 0;
        String largestKey = null;
        for (Map.Entry<String, long[]> e : shapes(config).entrySet()) {
            long n = elements(e.getValue());
            if (n > largest) {
                largest = n;
                largestKey = e.getKey();
            }
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (largest > Integer.MAX_VALUE - 8 || 4 * largest > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the model (%s) has a parameter, %s, of "
                    + "%,d elements (%,d bytes as float32), more than a Java array holds (%,d elements) or the JVM's "
                    + "largest heap (%,d bytes, -Xmx); expected a configuration whose weights fit", describe(config),
                    largestKey, largest, 4 * largest, Integer.MAX_VALUE - 8, heap));
        }
    }

    private static String describe(LlamaConfig config) {
        return String.format(Locale.ROOT, "vocab_size %d, hidden_size %d, intermediate_size %d, %d layers",
                config.vocabSize(), config.hiddenSize(), config.intermediateSize(), config.numLayers());
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = n > Long.MAX_VALUE / 8 / Math.max(1, d) ? Long.MAX_VALUE / 8 : n * d;
        }
        return n;
    }

    /**
     * The bytes of a configuration's weights in a compute type.
     *
     * @param config the configuration
     * @param dtype the compute type
     * @return the number of parameters times the type's size
     */
    public static long weightBytes(LlamaConfig config, DataType dtype) {
        long parameters = 0;
        for (long[] shape : shapes(config).values()) {
            parameters = Math.min(Long.MAX_VALUE / 8, parameters + elements(shape));
        }
        return parameters * dtype.getNumOfBytes();
    }

    /**
     * Refuses, before anything is allocated, a configuration whose weights in the runtime's type cannot be held
     * on its device: more bytes than this machine's physical memory (CPU), or than the GPU's memory where the
     * engine reports it. Weights are loaded tensor by tensor into engine memory, so the JVM's heap does not limit
     * them.
     *
     * @param config the configuration
     * @param runtime the device and compute type
     * @throws IllegalArgumentException naming the bytes needed and the bytes available
     */
    public static void checkFitsInMemory(LlamaConfig config, LlmRuntime runtime) {
        long bytes = weightBytes(config, runtime.dtype());
        String type = LlmRuntime.torchName(runtime.dtype());
        if (runtime.device().isGpu()) {
            long gpu = gpuMemory(runtime.device());
            if (gpu > 0 && bytes > gpu) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the model (%s) needs %,d bytes for "
                        + "its %,d %s parameters, more than the %,d bytes of memory of %s; expected a configuration "
                        + "whose weights fit (or --dtype float16)", describe(config), bytes,
                        bytes / runtime.dtype().getNumOfBytes(), type, gpu, runtime.device()));
            }
            return;
        }
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        if (bytes > machine) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the model (%s) needs %,d bytes for its "
                    + "%,d %s parameters, more than the %,d bytes of memory of this machine; expected a "
                    + "configuration whose weights fit", describe(config), bytes,
                    bytes / runtime.dtype().getNumOfBytes(), type, machine));
        }
    }

    /** @return the total memory of a GPU in bytes, or 0 when the engine cannot tell */
    static long gpuMemory(Device device) {
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** Refuses token ids outside the embedding's rows, which the engine would report as its own index error. */
    private void checkTokenIds(NDArray ids) {
        if (ids.isEmpty()) {
            return;
        }
        NDArray longs = ids.toType(DataType.INT64, false);
        if (longs.min().getLong() >= 0 && longs.max().getLong() < config.vocabSize()) {
            return;
        }
        long[] all = longs.toLongArray();
        long width = ids.getShape().get(1);
        int at = 0;
        while (all[at] >= 0 && all[at] < config.vocabSize()) {
            at++;
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "token id %d at [%d, %d]: expected ids from 0 "
                + "to %d (vocab_size %d of the model's config.json), found one outside (a tokenizer with more tokens "
                + "than the model's vocabulary?)", all[at], at / width, at % width, config.vocabSize() - 1,
                config.vocabSize()));
    }

    /**
     * The parameters a configuration implies, in Hugging Face state-dict order.
     *
     * @param config the configuration
     * @return each key with its shape
     */
    public static Map<String, long[]> shapes(LlamaConfig config) {
        long h = config.hiddenSize();
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long m = config.intermediateSize();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(EMBED, new long[] {config.vocabSize(), h});
        for (int l = 0; l < config.numLayers(); l++) {
            s.put(key(l, "self_attn.q_proj"), new long[] {q, h});
            s.put(key(l, "self_attn.k_proj"), new long[] {kv, h});
            s.put(key(l, "self_attn.v_proj"), new long[] {kv, h});
            s.put(key(l, "self_attn.o_proj"), new long[] {h, q});
            s.put(key(l, "mlp.gate_proj"), new long[] {m, h});
            s.put(key(l, "mlp.up_proj"), new long[] {m, h});
            s.put(key(l, "mlp.down_proj"), new long[] {h, m});
            s.put(key(l, "input_layernorm"), new long[] {h});
            s.put(key(l, "post_attention_layernorm"), new long[] {h});
            for (String module : config.biasedModules()) {
                s.put(biasKey(l, module), new long[] {s.get(key(l, module))[0]});
            }
        }
        s.put(NORM, new long[] {h});
        if (!config.tieWordEmbeddings()) {
            s.put(LM_HEAD, new long[] {config.vocabSize(), h});
        }
        return s;
    }

    /**
     * The key of a decoder layer's weight.
     *
     * @param layer the layer index
     * @param module the module inside the layer, such as {@code "self_attn.q_proj"} or {@code "input_layernorm"}
     * @return the key, such as {@code "model.layers.3.self_attn.q_proj.weight"}
     */
    public static String key(int layer, String module) {
        return "model.layers." + layer + "." + module + ".weight";
    }

    /**
     * The key of a decoder layer's bias.
     *
     * @param layer the layer index
     * @param module the projection, such as {@code "self_attn.q_proj"}
     * @return the key, such as {@code "model.layers.3.self_attn.q_proj.bias"}
     */
    public static String biasKey(int layer, String module) {
        return "model.layers." + layer + "." + module + ".bias";
    }

    /** @return the configuration */
    public LlamaConfig config() {
        return config;
    }

    /** @return the manager that owns the weights */
    public NDManager manager() {
        return manager;
    }

    /** @return every parameter under its Hugging Face key, in state-dict order; all of them record gradients */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** @return the names of the decoder layers, {@code layers.0} to {@code layers.L-1}, in forward order */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            names.add("layers." + l);
        }
        return names;
    }

    /**
     * Overwrites one parameter's values in place.
     *
     * @param key the Hugging Face key
     * @param values the values in row-major order
     * @throws IllegalArgumentException if there is no such parameter or the number of values differs from its size
     */
    public void set(String key, float[] values) {
        NDArray a = parameter(key).getArray();
        if (a.size() != values.length) {
            throw new IllegalArgumentException("parameter " + key + ": expected " + a.size() + " values for shape "
                    + a.getShape() + ", found " + values.length);
        }
        EngineArrays.assign(a, values);
    }

    /**
     * Overwrites one parameter's values in place from an engine array, converted to the compute type by the
     * engine (nothing passes through the JVM heap).
     *
     * @param key the Hugging Face key
     * @param values an array of the parameter's shape, any floating type, on any device
     * @throws IllegalArgumentException if there is no such parameter or the shape differs
     */
    public void set(String key, NDArray values) {
        NDArray a = parameter(key).getArray();
        if (!a.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("parameter " + key + ": expected shape " + a.getShape() + ", found "
                    + values.getShape());
        }
        EngineArrays.assign(a, 0, values);
    }

    /**
     * One parameter's values as a float32 tensor, copied into the heap (at most {@link Tensor#MAX_BYTES}).
     *
     * @param key the Hugging Face key
     * @return a copy of its values
     */
    public Tensor tensor(String key) {
        NDArray a = parameter(key).getArray();
        try (NDArray floats = a.toType(DataType.FLOAT32, true)) {
            return Tensor.ofFloats(a.getShape().getShape(), floats.toFloatArray());
        }
    }

    private Parameter parameter(String key) {
        Parameter p = parameters.get(key);
        if (p == null) {
            throw new IllegalArgumentException("the model (" + config.numLayers() + " layers, tied embeddings "
                    + config.tieWordEmbeddings() + ") has no parameter '" + key + "'");
        }
        return p;
    }

    private NDArray weight(String key) {
        return parameters.get(key).getArray();
    }

    /**
     * Runs the whole model.
     *
     * @param ids token ids, batch x tokens, int64 (or int32)
     * @return the logits, batch x tokens x vocabulary
     */
    public NDArray forward(NDArray ids) {
        return forward(ids, null, Set.of(), null);
    }

    /**
     * Runs the model with some decoder layers bypassed, as if removed, showing each layer's output.
     *
     * <p>Positions count from 0 in every row; a padding mask therefore suits right padding.
     *
     * @param ids token ids, batch x tokens, int64 (or int32)
     * @param attentionMask 1 for real tokens and 0 for padding, batch x tokens; padded keys are never attended to.
     *     Null means no padding
     * @param removed indices of decoder layers to skip
     * @param tap receives each decoder layer's output (batch x tokens x hidden) under the layer's number, or null
     * @return the logits, batch x tokens x vocabulary
     * @throws IllegalArgumentException if an index is out of range or the shapes do not fit
     */
    public NDArray forward(NDArray ids, NDArray attentionMask, Set<Integer> removed, ActivationTap tap) {
        for (int r : removed) {
            if (r < 0 || r >= config.numLayers()) {
                throw new IllegalArgumentException("removed layer " + r + ": expected an index in 0.."
                        + (config.numLayers() - 1) + ", found " + r);
            }
        }
        if (ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("token ids: expected shape (batch, tokens), found " + ids.getShape());
        }
        checkTokenIds(ids);
        int t = Math.toIntExact(ids.getShape().get(1));
        if (config.slidingWindow() > 0 && t > config.slidingWindow()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "token ids: expected at most %d tokens per "
                    + "sequence (the sliding_window of %s; beyond it sliding-window attention, which this decoder "
                    + "does not implement, differs from full attention), found %d", config.slidingWindow(),
                    configSource(), t));
        }
        NDManager m = ids.getManager();
        NDArray mask = causalMask(m, ids.getShape().get(0), t, attentionMask);
        float[][] rope = Rope.tables(config, t);
        NDArray cos = m.create(rope[0], new Shape(t, config.headDim())).toType(dtype, false);
        NDArray sin = m.create(rope[1], new Shape(t, config.headDim())).toType(dtype, false);
        NDArray h = Embedding.embedding(ids.toType(DataType.INT64, false), weight(EMBED), SparseFormat.DENSE)
                .singletonOrThrow();
        for (int l = 0; l < config.numLayers(); l++) {
            if (removed.contains(l)) {
                continue;
            }
            h = h.add(attention(l, rmsNorm(h, key(l, "input_layernorm")), cos, sin, mask));
            h = h.add(mlp(l, rmsNorm(h, key(l, "post_attention_layernorm"))));
            if (tap != null) {
                tap.accept(l, h);
            }
        }
        h = rmsNorm(h, NORM);
        return linear(h, config.tieWordEmbeddings() ? EMBED : LM_HEAD);
    }

    private NDArray causalMask(NDManager m, long batch, int t, NDArray attentionMask) {
        float[] causal = new float[t * t];
        for (int i = 0; i < t; i++) {
            Arrays.fill(causal, i * t + i + 1, (i + 1) * t, MASKED);
        }
        NDArray mask = m.create(causal, new Shape(1, 1, t, t));
        if (attentionMask == null) {
            return mask;
        }
        if (!attentionMask.getShape().equals(new Shape(batch, t))) {
            throw new IllegalArgumentException("attention mask: expected shape " + new Shape(batch, t) + ", found "
                    + attentionMask.getShape());
        }
        NDArray padded = attentionMask.toType(DataType.FLOAT32, false).neg().add(1).mul(MASKED);
        return mask.add(padded.reshape(batch, 1, 1, t));
    }

    /** RMSNorm with its statistics in float32, as Hugging Face's: weight * (x / rms(x)) in the compute type. */
    private NDArray rmsNorm(NDArray x, String key) {
        NDArray f = EngineArrays.cast(x, DataType.FLOAT32);
        NDArray meanSquare = f.square().mean(new int[] {-1}, true);
        return EngineArrays.cast(f.div(meanSquare.add(scalar(f, config.rmsNormEps())).sqrt()), dtype)
                .mul(weight(key));
    }

    /**
     * A float32 scalar in PyTorch's own memory, in x's manager. Use it instead of a Java number in an operation on
     * the gradient path: DJL's {@code div(Number)} (and mul, pow, ...) wraps the number in a tensor over a Java
     * direct buffer and closes it at once, but autograd keeps that tensor for the backward pass (divide's backward
     * divides by it), so a garbage collection between forward and backward frees the buffer and the backward reads
     * freed memory: NaN gradients at random.
     */
    private static NDArray scalar(NDArray x, double value) {
        return x.getManager().full(new Shape(), (float) value);
    }

    /**
     * x W^T (+ b). A LoRA adapter computes its update in its own type (float32) from x converted to it, and adds
     * it converted back to the compute type, as PEFT does.
     */
    private NDArray linear(NDArray x, String key) {
        Parameter bias = parameters.get(key.substring(0, key.length() - ".weight".length()) + ".bias");
        NDArray y = (bias == null ? Linear.linear(x, weight(key)) : Linear.linear(x, weight(key), bias.getArray()))
                .singletonOrThrow();
        Lora.Adapter a = adapters.get(key);
        if (a == null) {
            return y;
        }
        NDArray down = a.down().getArray();
        NDArray low = Linear.linear(Linear.linear(EngineArrays.cast(x, down.getDataType()), down).singletonOrThrow(),
                a.up().getArray()).singletonOrThrow();
        return y.add(EngineArrays.cast(low.mul(scalar(low, a.scale())), dtype));
    }

    /**
     * Makes the projections of the given keys add a low-rank update to their output ({@link Lora}); an empty map
     * removes them all.
     *
     * @param byKey adapters under the keys of the weights they adapt
     */
    void useAdapters(Map<String, Lora.Adapter> byKey) {
        adapters = Map.copyOf(byKey);
    }

    private NDArray attention(int l, NDArray x, NDArray cos, NDArray sin, NDArray mask) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int d = config.headDim();
        NDArray q = rotate(heads(linear(x, key(l, "self_attn.q_proj")), heads), cos, sin);
        NDArray k = rotate(heads(linear(x, key(l, "self_attn.k_proj")), kvHeads), cos, sin);
        NDArray v = heads(linear(x, key(l, "self_attn.v_proj")), kvHeads);
        if (kvHeads < heads) {
            k = k.repeat(1, heads / kvHeads);  // query head i reads key/value head i / (heads / kvHeads)
            v = v.repeat(1, heads / kvHeads);
        }
        NDArray scores = EngineArrays.cast(q.matMul(k.transpose(0, 1, 3, 2)), DataType.FLOAT32);
        NDArray weights = EngineArrays.cast(scores.div(scalar(scores, Math.sqrt(d))).add(mask).softmax(-1), dtype);
        NDArray out = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
        return linear(out, key(l, "self_attn.o_proj"));
    }

    /** batch x tokens x (n * d) to batch x n x tokens x d. */
    private NDArray heads(NDArray x, int n) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), n, config.headDim()).transpose(0, 2, 1, 3);
    }

    /** x cos + rotate_half(x) sin for x of batch x heads x tokens x d, where rotate_half(x1, x2) = (-x2, x1) over the two halves of the head. */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    private NDArray mlp(int l, NDArray x) {
        NDArray gate = linear(x, key(l, "mlp.gate_proj"));
        NDArray silu = gate.mul(Activation.sigmoid(gate));
        return linear(silu.mul(linear(x, key(l, "mlp.up_proj"))), key(l, "mlp.down_proj"));
    }

    /**
     * A physically smaller copy: the given decoder layers are gone, the others keep their weights and are
     * renumbered {@code 0..L'-1} in order, in the keys and in the configuration.
     *
     * @param removed indices of the layers to remove
     * @return the pruned model, on the same device; the caller closes it
     * @throws IllegalArgumentException if an index is out of range
     */
    public LlamaModel withoutLayers(Set<Integer> removed) {
        List<Integer> kept = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            if (!removed.contains(l)) {
                kept.add(l);
            }
        }
        if (kept.size() + removed.size() != config.numLayers()) {
            throw new IllegalArgumentException("removed layers: expected indices in 0.." + (config.numLayers() - 1)
                    + ", found " + new TreeSet<>(removed));
        }
        LlamaModel pruned = new LlamaModel(config.withNumLayers(kept.size()), manager.getDevice(), dtype,
                (key, m, shape, type) -> {
                    String from = key;
                    if (key.startsWith("model.layers.")) {
                        int dot = key.indexOf('.', "model.layers.".length());
                        int layer = Integer.parseInt(key.substring("model.layers.".length(), dot));
                        from = "model.layers." + kept.get(layer) + key.substring(dot);
                    }
                    NDArray a = EngineArrays.copyAs(weight(from), type);  // an engine-side copy
                    a.attach(m);
                    return a;
                });
        pruned.configFile = configFile;
        pruned.sourceType = sourceType;
        return pruned;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "LlamaModel[" + config.numLayers() + " layers, hidden " + config.hiddenSize() + ", vocab "
                + config.vocabSize() + ", " + runtime().describe() + "]";
    }
}
