package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import sglp.model.EngineArrays;

/**
 * LoRA fine-tuning (Hu et al. 2021) of a LLaMA decoder: every target projection {@code W} (out x in) of every
 * decoder layer gets a low-rank update, {@code W x + (alpha / r) B A x} with {@code A} (r x in) and {@code B}
 * (out x r); only {@code A} and {@code B} train, and afterwards they are merged into the weights,
 * {@code W <- W + (alpha / r) B A}, so the tuned model is a plain {@link LlamaModel} that {@link HfExport} writes
 * in the usual layout.
 *
 * <p>{@code A} starts uniform in {@code +-1/sqrt(in)} (the bound of PEFT's Kaiming-uniform initialisation with
 * {@code a = sqrt(5)}), drawn from the seed and the weight's key; {@code B} starts at zero, so the adapted model
 * begins exactly as the model. The model's own weights record no gradient while the adapters train.
 *
 * <pre>{@code
 * LoraResult r = Lora.builder().optRank(8).optTargets(List.of("q_proj", "v_proj"))
 *         .optTrainer(LlmTrainer.builder().optSteps(200).optLearningRate(1e-3).build()).build().tune(pruned, ids);
 * }</pre>
 */
public final class Lora {
    /** The projections of a decoder layer, by their Hugging Face module names, comma-separated. */
    public static final String PROJECTION_LIST = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj";
    /** The projections of a decoder layer, by their Hugging Face module names. */
    public static final List<String> PROJECTIONS = List.of(PROJECTION_LIST.split(","));
    /** The default rank r. */
    public static final int RANK = 8;
    /** The default alpha (the update is scaled by alpha / r). */
    public static final double ALPHA = 16;
    /** The default training steps of the adapters. */
    public static final int STEPS = 200;
    /** The default AdamW learning rate of the adapters. */
    public static final double LEARNING_RATE = 1e-3;

    private final int rank;
    private final double alpha;
    private final List<String> targets;
    private final long seed;
    private final LlmTrainer trainer;

    /**
     * One projection's adapter.
     *
     * @param down A, r x in
     * @param up B, out x r
     * @param scale alpha / r
     */
    record Adapter(Parameter down, Parameter up, double scale) {
    }

    private Lora(Builder b) {
        this.rank = b.rank;
        this.alpha = b.alpha;
        this.targets = b.targets;
        this.seed = b.seed;
        this.trainer = b.trainer;
    }

    /**
     * @return a builder with the defaults: rank {@value #RANK}, alpha {@value #ALPHA}, all seven projections, seed 0,
     *     {@value #STEPS} steps of the default {@link LlmTrainer} at rate {@value #LEARNING_RATE}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains adapters on a token stream and merges them into the model's weights.
     *
     * @param model the model; its target projections change, nothing else
     * @param ids the training token stream
     * @return what the tuning did
     * @throws IllegalArgumentException if the rank exceeds a target's smaller side
     * @throws CancellationException if the thread is interrupted; the model is then unchanged
     */
    public LoraResult tune(LlamaModel model, long[] ids) {
        Map<String, Parameter> weights = model.parameters();
        long base = weights.values().stream().mapToLong(p -> p.getArray().size()).sum();
        try (NDManager manager = model.manager().newSubManager()) {
            Map<String, Adapter> adapters = adapters(model, manager);
            List<Parameter> trainable = new ArrayList<>();
            adapters.values().forEach(a -> {
                trainable.add(a.down());
                trainable.add(a.up());
            });
            long count = trainable.stream().mapToLong(p -> p.getArray().size()).sum();
            LlmTrainer.Result training;
            model.useAdapters(adapters);
            weights.values().forEach(p -> p.getArray().setRequiresGradient(false));
            try {
                training = trainer.train(model, ids, trainable);
            } finally {
                model.useAdapters(Map.of());
                weights.values().forEach(p -> p.getArray().setRequiresGradient(true));
            }
            merge(model, adapters);
            return new LoraResult(rank, alpha, targets, count, base, training);
        }
    }

    /**
     * Folds adapters into the weights they adapt: {@code W <- W + scale B A}, in float32, one weight at a time; each
     * weight's two float32 temporaries are released before the next (left to the adapters' manager, those of
     * Llama-3.1-8B's 224 weights took 28 GB).
     *
     * @param model the model
     * @param adapters the adapters by the keys of their weights
     */
    static void merge(LlamaModel model, Map<String, Adapter> adapters) {
        adapters.forEach((key, a) -> {
            NDArray w = model.parameters().get(key).getArray();
            try (NDArray update = a.up().getArray().matMul(a.down().getArray());
                    NDArray weight = w.toType(DataType.FLOAT32, true)) {
                weight.addi(update.muli(a.scale()));
                model.set(key, weight);
            }
        });
    }

    /**
     * Fresh adapters for every target projection of every decoder layer.
     *
     * @param model the model
     * @param manager owns the adapters' arrays
     * @return the adapters by the keys of the weights they adapt, in layer order
     */
    Map<String, Adapter> adapters(LlamaModel model, NDManager manager) {
        Map<String, Adapter> out = new LinkedHashMap<>();
        for (int l = 0; l < model.config().numLayers(); l++) {
            for (String target : targets) {
                String key = LlamaModel.key(l, (PROJECTIONS.indexOf(target) < 4 ? "self_attn." : "mlp.") + target);
                Shape shape = model.parameters().get(key).getArray().getShape();
                long outDim = shape.get(0);
                long inDim = shape.get(1);
                if (rank > Math.min(outDim, inDim)) {
                    throw new IllegalArgumentException("LoRA rank: expected at most " + Math.min(outDim, inDim)
                            + " (the smaller side of " + key + ", " + shape + "), found " + rank);
                }
                Parameter down = parameter(manager, key + ".lora_A", new Shape(rank, inDim));
                Parameter up = parameter(manager, key + ".lora_B", new Shape(outDim, rank));
                float[] a = new float[Math.toIntExact(rank * inDim)];
                SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ key.hashCode());
                double bound = 1 / Math.sqrt(inDim);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
                EngineArrays.assign(down.getArray(), a);
                out.put(key, new Adapter(down, up, alpha / rank));
            }
        }
        return out;
    }

    private static Parameter parameter(NDManager manager, String name, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(Initializer.ZEROS).build();
        p.initialize(manager, DataType.FLOAT32);
        return p;
    }

    /** Options of a LoRA tuning. */
    public static final class Builder {
        private int rank = RANK;
        private double alpha = ALPHA;
        private List<String> targets = PROJECTIONS;
        private long seed;
        private LlmTrainer trainer = LlmTrainer.builder().optSteps(STEPS).optLearningRate(LEARNING_RATE).build();

        private Builder() {
        }

        /**
         * @param rank r, at least 1 and at most every target's smaller side
         * @return this builder
         */
        public Builder optRank(int rank) {
            if (rank < 1) {
                throw new IllegalArgumentException("LoRA rank: expected >= 1, found " + rank);
            }
            this.rank = rank;
            return this;
        }

        /**
         * @param alpha the scale's numerator, above 0 (the update is scaled by alpha / r)
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("LoRA alpha: expected > 0, found " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /**
         * @param targets projections to adapt, each one of {@link #PROJECTIONS}, at least one, no repeats
         * @return this builder
         */
        public Builder optTargets(List<String> targets) {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("LoRA targets: expected at least one of " + PROJECTIONS
                        + ", found none");
            }
            for (String t : targets) {
                if (!PROJECTIONS.contains(t)) {
                    throw new IllegalArgumentException("LoRA target '" + t + "': expected one of "
                            + String.join(",", PROJECTIONS));
                }
            }
            if (targets.stream().distinct().count() != targets.size()) {
                throw new IllegalArgumentException("LoRA targets: expected each at most once, found " + targets);
            }
            this.targets = List.copyOf(targets);
            return this;
        }

        /**
         * @param seed the seed of the adapters' initial values
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param trainer trains the adapters (steps, batch, rate, listener)
         * @return this builder
         */
        public Builder optTrainer(LlmTrainer trainer) {
            this.trainer = trainer;
            return this;
        }

        /** @return the tuner */
        public Lora build() {
            return new Lora(this);
        }
    }
}
