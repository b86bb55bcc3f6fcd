package sglp.llm;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import sglp.io.InputFiles;

/**
 * The shape of a LLaMA decoder, as in a Hugging Face {@code config.json} ({@code LlamaForCausalLM}).
 *
 * <p>Fields that Hugging Face's {@code LlamaConfig} gives defaults to are optional here with the same defaults
 * ({@code num_key_value_heads} = {@code num_attention_heads}, {@code head_dim} = hidden / heads,
 * {@code rms_norm_eps} 1e-6, {@code rope_theta} 10000, {@code tie_word_embeddings} false,
 * {@code max_position_embeddings} 2048, bos 1, eos 2); the five sizes are required. Both the transformers 4 and
 * the transformers 5 spellings are read ({@code rope_theta}/{@code rope_scaling} or {@code rope_parameters},
 * {@code torch_dtype} or {@code dtype}) and must agree when both are present. Fields this reader does not know and
 * variants this decoder does not implement are refused rather than silently ignored (see {@link #fromJson}).
 *
 * @param hiddenSize width of the residual stream ({@code hidden_size})
 * @param intermediateSize width of the SwiGLU MLP ({@code intermediate_size})
 * @param numLayers number of decoder layers ({@code num_hidden_layers})
 * @param numHeads query heads ({@code num_attention_heads})
 * @param numKvHeads key/value heads, dividing {@code numHeads} ({@code num_key_value_heads})
 * @param headDim width of one head, even ({@code head_dim})
 * @param rmsNormEps epsilon of every RMSNorm ({@code rms_norm_eps})
 * @param ropeTheta base of the rotary frequencies ({@code rope_theta})
 * @param ropeScaling linear, dynamic or Llama-3 frequency scaling, or null for plain RoPE ({@code rope_scaling})
 * @param vocabSize vocabulary size ({@code vocab_size})
 * @param tieWordEmbeddings whether the LM head reuses the token embedding ({@code tie_word_embeddings})
 * @param maxPositionEmbeddings the longest context the model was trained for ({@code max_position_embeddings})
 * @param torchDtype the weights' type name, such as {@code "bfloat16"} ({@code torch_dtype} or {@code dtype})
 * @param bosTokenId the beginning-of-sequence token ({@code bos_token_id})
 * @param eosTokenIds the end-of-sequence tokens, one or more ({@code eos_token_id})
 * @param family the model family ({@code model_type}): LLaMA, Mistral or Qwen2, which differ only in their biases,
 *     sliding window and defaults
 * @param attentionBias whether the attention projections have biases: q, k, v and o for LLaMA
 *     ({@code attention_bias}), q, k and v for Qwen2 (always); never for Mistral
 * @param mlpBias whether the MLP projections have biases ({@code mlp_bias}, LLaMA only)
 * @param slidingWindow Mistral's and Qwen2's attention window in tokens ({@code sliding_window}), 0 for none; a
 *     window is only accepted as a limit: sequences longer than it are refused ({@link #contextLimit()}), since
 *     within it sliding-window attention is full attention
 */
public record LlamaConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKvHeads,
        int headDim, double rmsNormEps, double ropeTheta, RopeScaling ropeScaling, int vocabSize,
        boolean tieWordEmbeddings, int maxPositionEmbeddings, String torchDtype, int bosTokenId,
        List<Integer> eosTokenIds, Family family, boolean attentionBias, boolean mlpBias, int slidingWindow) {

    /** The model families this decoder implements, by their {@code model_type}. */
    public enum Family {
        /** {@code llama}: LLaMA 1-3.x, TinyLlama; optional biases ({@code attention_bias}, {@code mlp_bias}). */
        LLAMA("llama", "LlamaForCausalLM"),
        /** {@code mistral}: no biases; a sliding attention window, 4096 when config.json does not say. */
        MISTRAL("mistral", "MistralForCausalLM"),
        /** {@code qwen2} (Qwen2, Qwen2.5): biases on q, k and v; a sliding window only with use_sliding_window. */
        QWEN2("qwen2", "Qwen2ForCausalLM");

        private final String modelType;
        private final String architecture;

        Family(String modelType, String architecture) {
            this.modelType = modelType;
            this.architecture = architecture;
        }

        /** @return the {@code model_type} of config.json */
        public String modelType() {
            return modelType;
        }

        /** @return the {@code architectures} entry of config.json */
        public String architecture() {
            return architecture;
        }

        /** @return the family of a {@code model_type}, or null */
        static Family of(String modelType) {
            for (Family f : values()) {
                if (f.modelType.equals(modelType)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * A LLaMA configuration without biases or sliding window.
     *
     * @param hiddenSize width of the residual stream
     * @param intermediateSize width of the SwiGLU MLP
     * @param numLayers number of decoder layers
     * @param numHeads query heads
     * @param numKvHeads key/value heads
     * @param headDim width of one head
     * @param rmsNormEps epsilon of every RMSNorm
     * @param ropeTheta base of the rotary frequencies
     * @param ropeScaling frequency scaling, or null
     * @param vocabSize vocabulary size
     * @param tieWordEmbeddings whether the LM head reuses the token embedding
     * @param maxPositionEmbeddings the longest context the model was trained for
     * @param torchDtype the weights' type name
     * @param bosTokenId the beginning-of-sequence token
     * @param eosTokenIds the end-of-sequence tokens
     */
    public LlamaConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKvHeads,
            int headDim, double rmsNormEps, double ropeTheta, RopeScaling ropeScaling, int vocabSize,
            boolean tieWordEmbeddings, int maxPositionEmbeddings, String torchDtype, int bosTokenId,
            List<Integer> eosTokenIds) {
        this(hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim, rmsNormEps, ropeTheta,
                ropeScaling, vocabSize, tieWordEmbeddings, maxPositionEmbeddings, torchDtype, bosTokenId, eosTokenIds,
                Family.LLAMA, false, false, 0);
    }

    /**
     * Fields of config.json known not to change the forward pass, accepted and ignored: provenance
     * ({@code architectures}, {@code transformers_version}), training-only settings ({@code attention_dropout},
     * {@code initializer_range}, {@code use_cache}, {@code pretraining_tp}, whose slicing is mathematically the
     * same product), token ids of padding and the like, and the generation and output defaults that older
     * transformers versions wrote into every config. Fields starting with {@code _} are accepted too.
     */
    public static final Set<String> INERT_FIELDS = Set.of("architectures", "transformers_version", "use_cache",
            "initializer_range", "attention_dropout", "pad_token_id", "pretraining_tp", "output_attentions",
            "output_hidden_states", "return_dict", "torchscript", "use_bfloat16", "tf_legacy_loss",
            "chunk_size_feed_forward", "is_decoder", "is_encoder_decoder", "add_cross_attention",
            "cross_attention_hidden_size", "tie_encoder_decoder", "finetuning_task", "id2label", "label2id",
            "num_labels", "problem_type", "tokenizer_class", "prefix", "sep_token_id", "decoder_start_token_id",
            "task_specific_params", "max_length", "min_length", "do_sample", "early_stopping", "num_beams",
            "num_beam_groups", "diversity_penalty", "temperature", "top_k", "top_p", "typical_p",
            "repetition_penalty", "length_penalty", "no_repeat_ngram_size", "encoder_no_repeat_ngram_size",
            "bad_words_ids", "num_return_sequences", "output_scores", "return_dict_in_generate",
            "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
            "exponential_decay_length_penalty", "suppress_tokens", "begin_suppress_tokens", "gradient_checkpointing");

    /** Fields {@link #fromJson} interprets or checks for their neutral value. */
    private static final Set<String> READ_FIELDS = Set.of("hidden_size", "intermediate_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "rms_norm_eps", "rope_theta", "rope_scaling",
            "rope_parameters", "vocab_size", "tie_word_embeddings", "max_position_embeddings", "torch_dtype", "dtype",
            "bos_token_id", "eos_token_id", "model_type", "hidden_act", "attention_bias", "mlp_bias",
            "quantization_config", "pruned_heads", "partial_rotary_factor", "layer_types", "sliding_window",
            "use_sliding_window", "max_window_layers");

    /**
     * Rotary frequency scaling ({@code rope_scaling} in transformers 4, {@code rope_parameters} in transformers 5),
     * of one of the types this decoder implements; plain RoPE ({@code rope_type "default"}) is no scaling (null).
     *
     * <ul>
     * <li>{@link Type#LINEAR}: every inverse frequency is divided by {@code factor} (position interpolation).
     * <li>{@link Type#DYNAMIC}: Hugging Face's dynamic NTK scaling. It changes the frequencies only for sequences
     *     longer than {@code max_position_embeddings}; this project never runs such sequences (perplexity refuses
     *     longer windows, zero-shot scoring keeps the last {@code max_position_embeddings} tokens, see
     *     {@link Perplexity#checkWindow}), so here it computes exactly the default frequencies.
     * <li>{@link Type#LLAMA3}: low frequencies are divided by {@code factor}, high ones kept, and those between
     *     interpolated smoothly.
     * </ul>
     *
     * @param type the scaling rule
     * @param factor the division of (low) frequencies
     * @param lowFreqFactor llama3: wavelengths above {@code original / lowFreqFactor} count as low frequency; 0 for
     *     the other types
     * @param highFreqFactor llama3: wavelengths below {@code original / highFreqFactor} count as high frequency; 0
     *     for the other types
     * @param originalMaxPositionEmbeddings llama3: the context length of the unscaled model; 0 for the other types
     */
    public record RopeScaling(Type type, double factor, double lowFreqFactor, double highFreqFactor,
            int originalMaxPositionEmbeddings) {

        /** The implemented scaling rules, by their {@code rope_type} names. */
        public enum Type {
            /** {@code "linear"}: frequencies divided by the factor. */
            LINEAR("linear"),
            /** {@code "dynamic"}: dynamic NTK, the default frequencies within {@code max_position_embeddings}. */
            DYNAMIC("dynamic"),
            /** {@code "llama3"}: Llama 3.1's smooth interpolation. */
            LLAMA3("llama3");

            private final String ropeType;

            Type(String ropeType) {
                this.ropeType = ropeType;
            }

            /** @return the {@code rope_type} of config.json */
            public String ropeType() {
                return ropeType;
            }
        }

        /** Checks the factors. */
        public RopeScaling {
            Objects.requireNonNull(type, "type");
            if (type == Type.LLAMA3 && (!(factor > 0) || !(highFreqFactor > lowFreqFactor) || !(lowFreqFactor > 0)
                    || originalMaxPositionEmbeddings < 1)) {
                throw new IllegalArgumentException("rope_scaling: expected factor > 0, 0 < low_freq_factor < "
                        + "high_freq_factor and original_max_position_embeddings >= 1, found factor " + factor
                        + ", low " + lowFreqFactor + ", high " + highFreqFactor + ", original "
                        + originalMaxPositionEmbeddings);
            }
            if (type != Type.LLAMA3 && (!(factor > 0) || lowFreqFactor != 0 || highFreqFactor != 0
                    || originalMaxPositionEmbeddings != 0)) {
                throw new IllegalArgumentException("rope_scaling: expected rope_type '" + type.ropeType()
                        + "' with factor > 0 and no llama3 fields, found factor " + factor + ", low "
                        + lowFreqFactor + ", high " + highFreqFactor + ", original " + originalMaxPositionEmbeddings);
            }
        }

        /**
         * Llama-3 scaling.
         *
         * @param factor the division of low frequencies
         * @param lowFreqFactor wavelengths above {@code original / lowFreqFactor} count as low frequency
         * @param highFreqFactor wavelengths below {@code original / highFreqFactor} count as high frequency
         * @param originalMaxPositionEmbeddings the context length of the unscaled model
         */
        public RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
                int originalMaxPositionEmbeddings) {
            this(Type.LLAMA3, factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings);
        }

        /**
         * Linear scaling (position interpolation).
         *
         * @param factor the division of every frequency
         * @return the scaling
         */
        public static RopeScaling linear(double factor) {
            return new RopeScaling(Type.LINEAR, factor, 0, 0, 0);
        }

        /**
         * Dynamic NTK scaling; within {@code max_position_embeddings} the default frequencies.
         *
         * @param factor the factor of the NTK rule beyond {@code max_position_embeddings}
         * @return the scaling
         */
        public static RopeScaling dynamic(double factor) {
            return new RopeScaling(Type.DYNAMIC, factor, 0, 0, 0);
        }
    }

    /** Checks that the sizes fit together. */
    public LlamaConfig {
        Objects.requireNonNull(torchDtype, "torchDtype");
        eosTokenIds = List.copyOf(eosTokenIds);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_attention_heads", numHeads);
        positive("num_key_value_heads", numKvHeads);
        positive("vocab_size", vocabSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (numLayers < 0) {
            throw new IllegalArgumentException("num_hidden_layers: expected >= 0, found " + numLayers);
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_key_value_heads: expected a divisor of num_attention_heads ("
                    + numHeads + "), found " + numKvHeads);
        }
        if (headDim < 2 || headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim: expected an even number >= 2, found " + headDim);
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 1)) {
            throw new IllegalArgumentException("expected rms_norm_eps > 0 and rope_theta > 1, found " + rmsNormEps
                    + " and " + ropeTheta);
        }
        Objects.requireNonNull(family, "family");
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("sliding_window: expected >= 1 or none, found " + slidingWindow);
        }
        if (family == Family.LLAMA && slidingWindow != 0) {
            throw new IllegalArgumentException("sliding_window: expected none for model_type llama, found "
                    + slidingWindow);
        }
        if (family != Family.LLAMA && mlpBias) {
            throw new IllegalArgumentException("mlp_bias: expected false for model_type " + family.modelType()
                    + " (only llama has MLP biases), found true");
        }
        if (family == Family.MISTRAL && attentionBias || family == Family.QWEN2 && !attentionBias) {
            throw new IllegalArgumentException("attention biases: expected " + (family == Family.QWEN2)
                    + " for model_type " + family.modelType() + " (Qwen2 always has q/k/v biases, Mistral none), "
                    + "found " + attentionBias);
        }
    }

    /**
     * The longest sequence this configuration may run: {@code max_position_embeddings}, or the sliding window when
     * it is shorter (beyond the window, sliding-window attention, which this decoder does not implement, would
     * differ from full attention).
     *
     * @return the limit in tokens
     */
    public int contextLimit() {
        return slidingWindow > 0 ? Math.min(slidingWindow, maxPositionEmbeddings) : maxPositionEmbeddings;
    }

    /**
     * The modules of a decoder layer whose projections have a bias, by their Hugging Face names.
     *
     * @return such as {@code ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"]} for Qwen2; empty
     *     without biases
     */
    public List<String> biasedModules() {
        List<String> out = new ArrayList<>();
        if (attentionBias) {
            out.addAll(List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"));
            if (family == Family.LLAMA) {
                out.add("self_attn.o_proj");
            }
        }
        if (mlpBias) {
            out.addAll(List.of("mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"));
        }
        return out;
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": expected >= 1, found " + value);
        }
    }

    /**
     * A small decoder that trains on a CPU: 4 layers, width 64, 4 query heads sharing 2 key/value heads (GQA),
     * head width 16, MLP width 172, Llama-3 rope scaling, untied head.
     *
     * @param vocabSize the vocabulary size
     * @return the configuration
     */
    public static LlamaConfig tiny(int vocabSize) {
        return new LlamaConfig(64, 172, 4, 4, 2, 16, 1e-5, 10000, new RopeScaling(8, 1, 4, 64), vocabSize, false,
                256, "float32", 1, List.of(2));
    }

    /**
     * The shape of Llama 3.1 8B: 32 layers, width 4096, MLP 14336, 32 heads over 8 key/value heads, vocabulary
     * 128256, rope theta 500000 with Llama-3 scaling (factor 8, low 1, high 4, original 8192), bfloat16.
     *
     * @return the configuration
     */
    public static LlamaConfig llama31_8b() {
        return new LlamaConfig(4096, 14336, 32, 32, 8, 128, 1e-5, 500000, new RopeScaling(8, 1, 4, 8192), 128256,
                false, 131072, "bfloat16", 128000, List.of(128001));
    }

    /**
     * The same configuration with another number of decoder layers, as after layer pruning.
     *
     * @param layers the number of decoder layers
     * @return the configuration
     */
    public LlamaConfig withNumLayers(int layers) {
        return new LlamaConfig(hiddenSize, intermediateSize, layers, numHeads, numKvHeads, headDim, rmsNormEps,
                ropeTheta, ropeScaling, vocabSize, tieWordEmbeddings, maxPositionEmbeddings, torchDtype, bosTokenId,
                eosTokenIds, family, attentionBias, mlpBias, slidingWindow);
    }

    /**
     * The same shape as another family, with its biases and window.
     *
     * @param family the family
     * @param attentionBias see {@link #attentionBias()}
     * @param mlpBias see {@link #mlpBias()}
     * @param slidingWindow see {@link #slidingWindow()}
     * @return the configuration
     * @throws IllegalArgumentException if the family does not have such biases or window
     */
    public LlamaConfig withFamily(Family family, boolean attentionBias, boolean mlpBias, int slidingWindow) {
        return new LlamaConfig(hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim, rmsNormEps,
                ropeTheta, ropeScaling, vocabSize, tieWordEmbeddings, maxPositionEmbeddings, torchDtype, bosTokenId,
                eosTokenIds, family, attentionBias, mlpBias, slidingWindow);
    }

    /**
     * The same configuration with another weight type name.
     *
     * @param dtype a torch type name, such as {@code "bfloat16"}
     * @return the configuration
     */
    public LlamaConfig withTorchDtype(String dtype) {
        return new LlamaConfig(hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim, rmsNormEps,
                ropeTheta, ropeScaling, vocabSize, tieWordEmbeddings, maxPositionEmbeddings, dtype, bosTokenId,
                eosTokenIds, family, attentionBias, mlpBias, slidingWindow);
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws IllegalArgumentException naming the file and the field when a field is missing, of the wrong type,
     *     or describes a variant this decoder does not implement
     * @throws UncheckedIOException if the file cannot be read
     */
    public static LlamaConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": missing (expected a Hugging Face config.json)", e);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot read " + file, e);
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object, found " + json);
        }
        return fromJson(json.getAsJsonObject(), file.toString());
    }

    /**
     * Reads a configuration from the JSON object of a {@code config.json}, as transformers 4 or 5 writes it.
     *
     * <p>Fields with two spellings are read in both: {@code rope_theta} and {@code rope_scaling} (transformers 4;
     * the type as {@code rope_type} or the older {@code type}) or {@code rope_parameters} (transformers 5, which
     * holds {@code rope_theta} too), {@code torch_dtype} or {@code dtype}; when both spellings are present they
     * must agree. Every other field must be one this reader interprets or one of {@link #INERT_FIELDS} (or start
     * with {@code _}); a field it does not know may change the computation and is refused, and so is any variant
     * this decoder does not implement unless at its neutral value: {@code model_type} other than {@code llama},
     * {@code mistral} and {@code qwen2}, {@code hidden_act} other than {@code silu}, {@code attention_bias} true
     * for Mistral, {@code mlp_bias} true other than for LLaMA, {@code quantization_config}, for LLaMA a
     * {@code sliding_window} below {@code max_position_embeddings} unless {@code use_sliding_window} is false (for
     * Mistral and Qwen2 the window is kept as {@link #slidingWindow()}), {@code partial_rotary_factor} other than 1,
     * {@code layer_types} other
     * than all {@code full_attention}, non-empty {@code pruned_heads}, and rope types other than {@code default},
     * {@code linear}, {@code dynamic} and {@code llama3}.
     *
     * @param o the object
     * @param source where it came from, for messages (a file name)
     * @return the configuration
     * @throws IllegalArgumentException naming the source and the field when a field is missing or wrong, unknown,
     *     not implemented, or spelled twice with different values
     */
    public static LlamaConfig fromJson(JsonObject o, String source) {
        Fields f = new Fields(o, source);
        String modelType = f.string("model_type", "llama");
        Family family = Family.of(modelType);
        if (family == null) {
            throw new IllegalArgumentException(source + ": field 'model_type': expected \"llama\", \"mistral\" or "
                    + "\"qwen2\" (the families this decoder implements; Gemma, Phi and others are not supported), "
                    + "found \"" + modelType + "\"");
        }
        for (String key : o.keySet()) {
            if (!key.startsWith("_") && !READ_FIELDS.contains(key) && !INERT_FIELDS.contains(key)) {
                throw new IllegalArgumentException(source + ": field '" + key + "' (found " + abbreviate(o.get(key))
                        + ") is unknown to this LLaMA reader and may change the computation; expected only fields "
                        + "of " + family.architecture() + " that this decoder implements (remove the field if it "
                        + "does not change the forward pass)");
            }
        }
        f.expectIfPresent("hidden_act", "silu");
        boolean attentionBias = switch (family) {
            case LLAMA -> f.bool("attention_bias", false);
            case QWEN2 -> true;  // Qwen2's q, k and v always have biases, whatever attention_bias says
            case MISTRAL -> {
                f.expectIfPresent("attention_bias", false);
                yield false;
            }
        };
        boolean mlpBias = family == Family.LLAMA && f.bool("mlp_bias", false);
        if (family != Family.LLAMA) {
            f.expectIfPresent("mlp_bias", false);
        }
        f.neutral("quantization_config", e -> false, "no quantization (quantized weights are not supported)");
        f.neutral("pruned_heads", e -> e.isJsonObject() && e.getAsJsonObject().size() == 0,
                "{} (no pruned attention heads)");
        f.neutral("partial_rotary_factor", Fields::isOne, "1 (rotary embedding over the whole head)");
        f.neutral("layer_types", e -> e.isJsonArray() && e.getAsJsonArray().asList().stream()
                .allMatch(t -> t.isJsonPrimitive() && t.getAsString().equals("full_attention")),
                "only \"full_attention\" layers");
        int hidden = f.integer("hidden_size", null);
        int heads = f.integer("num_attention_heads", null);
        int maxPositions = f.integer("max_position_embeddings", switch (family) {
            case LLAMA -> 2048;
            case MISTRAL -> 131072;
            case QWEN2 -> 32768;
        });
        int slidingWindow = slidingWindow(f, family, maxPositions);
        RopeSpec v4 = RopeSpec.read(f, "rope_scaling", maxPositions);
        RopeSpec v5 = RopeSpec.read(f, "rope_parameters", maxPositions);
        if (v4 != null && v5 != null && !Objects.equals(v4.scaling, v5.scaling)) {
            throw disagree(source, "rope_scaling", o.get("rope_scaling"), "rope_parameters",
                    o.get("rope_parameters"));
        }
        RopeScaling ropeScaling = v5 != null ? v5.scaling : v4 != null ? v4.scaling : null;
        double theta = agreeing(source, o, f, "rope_theta", v4, v5);
        String dtype = f.string("torch_dtype", "float32");
        if (o.has("dtype") && !o.get("dtype").isJsonNull()) {
            String v5Dtype = f.string("dtype", null);
            if (o.has("torch_dtype") && !o.get("torch_dtype").isJsonNull() && !v5Dtype.equals(dtype)) {
                throw disagree(source, "torch_dtype", o.get("torch_dtype"), "dtype", o.get("dtype"));
            }
            dtype = v5Dtype;
        }
        String torchDtype = dtype;
        return f.wrap(() -> new LlamaConfig(hidden, f.integer("intermediate_size", null),
                f.integer("num_hidden_layers", null), heads,
                f.integer("num_key_value_heads", family == Family.MISTRAL ? 8 : heads),
                f.integer("head_dim", heads > 0 ? hidden / heads : 0), f.number("rms_norm_eps", 1e-6),
                theta, ropeScaling, f.integer("vocab_size", null),
                f.bool("tie_word_embeddings", false), maxPositions, torchDtype,
                f.integer("bos_token_id", 1), f.integers("eos_token_id", List.of(2)), family, attentionBias, mlpBias,
                slidingWindow));
    }

    /**
     * The sliding window of config.json as this decoder takes it. LLaMA: none, and a {@code sliding_window} below
     * {@code max_position_embeddings} is refused unless {@code use_sliding_window} is false. Mistral: the window
     * ({@code null} for none; 4096, Hugging Face's default, when the field is absent). Qwen2: the window when
     * {@code use_sliding_window} is true (its default is false), else none.
     */
    private static int slidingWindow(Fields f, Family family, int maxPositions) {
        JsonElement window = f.o.get("sliding_window");
        boolean absent = window == null;
        boolean use = f.bool("use_sliding_window", family != Family.QWEN2);
        if (absent && family == Family.MISTRAL) {
            return 4096;
        }
        if (absent || window.isJsonNull() || !use) {
            return 0;
        }
        int value = f.integer("sliding_window", null);
        if (family == Family.LLAMA) {
            if (value < maxPositions) {
                throw new IllegalArgumentException(f.source + ": field 'sliding_window': expected null, at least "
                        + "max_position_embeddings (" + maxPositions + ") or use_sliding_window false (this decoder "
                        + "attends to the whole context), found " + window);
            }
            return 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException(f.source + ": field 'sliding_window': expected a window of at least "
                    + "1 token or null, found " + window);
        }
        return value;
    }

    /** The rope theta of the top-level field and of either rope object, which must agree; 10000 if none. */
    private static double agreeing(String source, JsonObject o, Fields f, String field, RopeSpec v4, RopeSpec v5) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (o.has(field) && !o.get(field).isJsonNull()) {
            names.add(field);
            values.add(f.number(field, null));
        }
        for (RopeSpec spec : new RopeSpec[] {v4, v5}) {
            if (spec != null && spec.theta != null) {
                names.add(spec.field + "." + field);
                values.add(spec.theta);
            }
        }
        for (int i = 1; i < values.size(); i++) {
            if (!values.get(i).equals(values.get(0))) {
                throw disagree(source, names.get(0), new JsonPrimitive(values.get(0)), names.get(i),
                        new JsonPrimitive(values.get(i)));
            }
        }
        return values.isEmpty() ? 10000.0 : values.get(0);
    }

    private static IllegalArgumentException disagree(String source, String a, JsonElement va, String b,
            JsonElement vb) {
        return new IllegalArgumentException(source + ": fields '" + a + "' and '" + b + "' disagree: '" + a
                + "' is " + va + " and '" + b + "' is " + vb + "; expected the same value in both spellings "
                + "(transformers 4 and 5 name it differently), or only one of them");
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * One rotary object of config.json ({@code rope_scaling} or {@code rope_parameters}): its {@code rope_theta} if
     * it holds one, and the scaling it describes (null for {@code default}).
     */
    private record RopeSpec(String field, Double theta, RopeScaling scaling) {
        /** Fields a rotary object may hold besides its type. */
        private static final Set<String> KEYS = Set.of("rope_type", "type", "rope_theta", "factor",
                "low_freq_factor", "high_freq_factor", "original_max_position_embeddings", "partial_rotary_factor");

        /** @return the object's content, or null when the field is absent (a null value is plain RoPE) */
        static RopeSpec read(Fields f, String field, int maxPositions) {
            if (!f.o.has(field)) {
                return null;
            }
            if (f.o.get(field).isJsonNull()) {
                return new RopeSpec(field, null, null);
            }
            Fields r = new Fields(f.object(field), f.source + ": " + field);
            String type;
            if (r.o.has("rope_type") && r.o.has("type")) {
                type = r.string("rope_type", null);
                if (!type.equals(r.string("type", null))) {
                    throw disagree(f.source, field + ".rope_type", r.o.get("rope_type"), field + ".type",
                            r.o.get("type"));
                }
            } else {
                type = r.string(r.o.has("type") ? "type" : "rope_type",
                        field.equals("rope_parameters") ? "default" : null);
            }
            if (!List.of("default", "linear", "dynamic", "llama3").contains(type)) {
                throw new IllegalArgumentException(f.source + ": field '" + field + "': rope_type '" + type
                        + "' is not implemented by this decoder (expected default, linear, dynamic or llama3)");
            }
            for (String key : r.o.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(f.source + ": field '" + field + "." + key + "' (found "
                            + abbreviate(r.o.get(key)) + ") is unknown to this LLaMA reader and may change the "
                            + "computation; expected only " + new TreeSet<>(KEYS) + " in a '" + type + "' " + field);
                }
            }
            r.neutral("partial_rotary_factor", Fields::isOne, "1 (rotary embedding over the whole head)");
            Double theta = r.o.has("rope_theta") && !r.o.get("rope_theta").isJsonNull()
                    ? r.number("rope_theta", null) : null;
            RopeScaling scaling = switch (type) {
                case "linear" -> r.wrap(() -> RopeScaling.linear(r.number("factor", null)));
                case "dynamic" -> {
                    int original = r.integer("original_max_position_embeddings", maxPositions);
                    if (original < maxPositions) {
                        throw new IllegalArgumentException(f.source + ": field '" + field + "."
                                + "original_max_position_embeddings': expected at least max_position_embeddings ("
                                + maxPositions + ") with rope_type 'dynamic' (dynamic NTK scaling within "
                                + "max_position_embeddings is not implemented), found " + original);
                    }
                    yield r.wrap(() -> RopeScaling.dynamic(r.number("factor", null)));
                }
                case "llama3" -> r.wrap(() -> new RopeScaling(r.number("factor", null),
                        r.number("low_freq_factor", null), r.number("high_freq_factor", null),
                        r.integer("original_max_position_embeddings", null)));
                default -> null;
            };
            return new RopeSpec(field, theta, scaling);
        }
    }

    /**
     * This configuration as a Hugging Face {@code config.json} object ({@code LlamaForCausalLM}).
     *
     * @return the object
     */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add(family.architecture());
        o.add("architectures", arch);
        o.addProperty("model_type", family.modelType());
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("num_hidden_layers", numLayers);
        o.addProperty("num_attention_heads", numHeads);
        o.addProperty("num_key_value_heads", numKvHeads);
        o.addProperty("head_dim", headDim);
        o.addProperty("hidden_act", "silu");
        if (family == Family.LLAMA) {
            o.addProperty("attention_bias", attentionBias);
            o.addProperty("mlp_bias", mlpBias);
        }
        if (family == Family.QWEN2) {
            o.addProperty("use_sliding_window", slidingWindow > 0);
        }
        if (family != Family.LLAMA) {
            o.add("sliding_window", slidingWindow > 0 ? new JsonPrimitive(slidingWindow) : null);
        }
        o.add("rms_norm_eps", decimal(rmsNormEps));
        o.add("rope_theta", decimal(ropeTheta));
        if (ropeScaling == null) {
            o.add("rope_scaling", null);
        } else {
            JsonObject r = new JsonObject();
            r.addProperty("rope_type", ropeScaling.type().ropeType());
            r.add("factor", decimal(ropeScaling.factor()));
            if (ropeScaling.type() == RopeScaling.Type.LLAMA3) {
                r.add("low_freq_factor", decimal(ropeScaling.lowFreqFactor()));
                r.add("high_freq_factor", decimal(ropeScaling.highFreqFactor()));
                r.addProperty("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
            }
            o.add("rope_scaling", r);
        }
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("tie_word_embeddings", tieWordEmbeddings);
        o.addProperty("max_position_embeddings", maxPositionEmbeddings);
        o.addProperty("torch_dtype", torchDtype);
        o.addProperty("bos_token_id", bosTokenId);
        if (eosTokenIds.size() == 1) {
            o.addProperty("eos_token_id", eosTokenIds.get(0));
        } else {
            JsonArray eos = new JsonArray();
            eosTokenIds.forEach(eos::add);
            o.add("eos_token_id", eos);
        }
        return o;
    }

    /** @return this configuration as the pretty-printed text of a Hugging Face {@code config.json} */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJsonObject()) + "\n";
    }

    private static JsonPrimitive decimal(double x) {
        return new JsonPrimitive(new BigDecimal(Double.toString(x)));
    }

    /** Typed access to the fields of one JSON object, with messages naming the source and the field. */
    private record Fields(JsonObject o, String source) {

        <T> T wrap(Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(source) ? e
                        : new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
        }

        private JsonElement get(String field, Object fallback, String expected) {
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                if (fallback == null) {
                    throw new IllegalArgumentException(source + ": missing field '" + field + "' (expected "
                            + expected + ")");
                }
                return null;
            }
            return e;
        }

        private IllegalArgumentException wrongType(String field, String expected, JsonElement found) {
            return new IllegalArgumentException(source + ": field '" + field + "': expected " + expected
                    + ", found " + found);
        }

        int integer(String field, Integer fallback) {
            JsonElement e = get(field, fallback, "an integer");
            if (e == null) {
                return fallback;
            }
            Integer v = exactInt(e);
            if (v == null) {
                throw wrongType(field, "an integer", e);
            }
            return v;
        }

        List<Integer> integers(String field, List<Integer> fallback) {
            JsonElement e = get(field, fallback, "an integer or a list of integers");
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonArray()) {
                return List.of(integer(field, null));
            }
            List<Integer> out = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                Integer v = exactInt(item);
                if (v == null) {
                    throw wrongType(field, "a list of integers", e);
                }
                out.add(v);
            }
            if (out.isEmpty()) {
                throw wrongType(field, "a non-empty list of integers", e);
            }
            return out;
        }

        private static Integer exactInt(JsonElement e) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                return null;
            }
            try {
                return e.getAsBigDecimal().intValueExact();
            } catch (ArithmeticException notAnInt) {
                return null;
            }
        }

        double number(String field, Double fallback) {
            JsonElement e = get(field, fallback, "a number");
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw wrongType(field, "a number", e);
            }
            return e.getAsDouble();
        }

        boolean bool(String field, Boolean fallback) {
            JsonElement e = get(field, fallback, "true or false");
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw wrongType(field, "true or false", e);
            }
            return e.getAsBoolean();
        }

        String string(String field, String fallback) {
            JsonElement e = get(field, fallback, "a string");
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw wrongType(field, "a string", e);
            }
            return e.getAsString();
        }

        JsonObject object(String field) {
            JsonElement e = get(field, null, "an object");
            if (!e.isJsonObject()) {
                throw wrongType(field, "an object", e);
            }
            return e.getAsJsonObject();
        }

        /** Refuses a field that is present, not null, and not at its neutral value. */
        void neutral(String field, Predicate<JsonElement> isNeutral, String expected) {
            JsonElement e = o.get(field);
            if (e != null && !e.isJsonNull() && !isNeutral.test(e)) {
                throw new IllegalArgumentException(source + ": field '" + field + "': expected " + expected
                        + " (the only variant this decoder implements), found " + abbreviate(e));
            }
        }

        static boolean isOne(JsonElement e) {
            return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && e.getAsDouble() == 1;
        }

        void expectIfPresent(String field, Object expected) {
            JsonElement e = o.get(field);
            if (e != null && !e.isJsonNull()
                    && !(e.isJsonPrimitive() && e.getAsJsonPrimitive().getAsString().equals(expected.toString()))) {
                throw new IllegalArgumentException(source + ": field '" + field + "': expected " + expected
                        + " (the only variant this decoder implements), found " + e);
            }
        }
    }
}
