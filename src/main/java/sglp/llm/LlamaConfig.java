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
import java.util.function.Supplier;

/**
 * The shape of a LLaMA decoder, as in a Hugging Face {@code config.json} ({@code LlamaForCausalLM}).
 *
 * <p>Fields that Hugging Face's {@code LlamaConfig} gives defaults to are optional here with the same defaults
 * ({@code num_key_value_heads} = {@code num_attention_heads}, {@code head_dim} = hidden / heads,
 * {@code rms_norm_eps} 1e-6, {@code rope_theta} 10000, {@code tie_word_embeddings} false,
 * {@code max_position_embeddings} 2048, bos 1, eos 2); the five sizes are required. Variants this decoder does not
 * implement ({@code attention_bias}, {@code mlp_bias}, an activation other than SiLU, rope scaling other than
 * {@code llama3}) are rejected rather than silently ignored.
 *
 * @param hiddenSize width of the residual stream ({@code hidden_size})
 * @param intermediateSize width of the SwiGLU MLP ({@code intermediate_size})
 * @param numLayers number of decoder layers ({@code num_hidden_layers})
 * @param numHeads query heads ({@code num_attention_heads})
 * @param numKvHeads key/value heads, dividing {@code numHeads} ({@code num_key_value_heads})
 * @param headDim width of one head, even ({@code head_dim})
 * @param rmsNormEps epsilon of every RMSNorm ({@code rms_norm_eps})
 * @param ropeTheta base of the rotary frequencies ({@code rope_theta})
 * @param ropeScaling Llama-3 frequency scaling, or null for plain RoPE ({@code rope_scaling})
 * @param vocabSize vocabulary size ({@code vocab_size})
 * @param tieWordEmbeddings whether the LM head reuses the token embedding ({@code tie_word_embeddings})
 * @param maxPositionEmbeddings the longest context the model was trained for ({@code max_position_embeddings})
 * @param torchDtype the weights' type name, such as {@code "bfloat16"} ({@code torch_dtype} or {@code dtype})
 * @param bosTokenId the beginning-of-sequence token ({@code bos_token_id})
 * @param eosTokenIds the end-of-sequence tokens, one or more ({@code eos_token_id})
 */
public record LlamaConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKvHeads,
        int headDim, double rmsNormEps, double ropeTheta, RopeScaling ropeScaling, int vocabSize,
        boolean tieWordEmbeddings, int maxPositionEmbeddings, String torchDtype, int bosTokenId,
        List<Integer> eosTokenIds) {

    /**
     * Llama-3 rotary frequency scaling ({@code rope_type "llama3"}): low frequencies are divided by {@code factor},
     * high ones kept, and those between interpolated smoothly.
     *
     * @param factor the division of low frequencies
     * @param lowFreqFactor wavelengths above {@code original / lowFreqFactor} count as low frequency
     * @param highFreqFactor wavelengths below {@code original / highFreqFactor} count as high frequency
     * @param originalMaxPositionEmbeddings the context length of the unscaled model
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
            int originalMaxPositionEmbeddings) {
        /** Checks the factors. */
        public RopeScaling {
            if (!(factor > 0) || !(highFreqFactor > lowFreqFactor) || !(lowFreqFactor > 0)
                    || originalMaxPositionEmbeddings < 1) {
                throw new IllegalArgumentException("rope_scaling: expected factor > 0, 0 < low_freq_factor < "
                        + "high_freq_factor and original_max_position_embeddings >= 1, found factor " + factor
                        + ", low " + lowFreqFactor + ", high " + highFreqFactor + ", original "
                        + originalMaxPositionEmbeddings);
            }
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
                eosTokenIds);
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
                eosTokenIds);
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
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
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
     * Reads a configuration from the JSON object of a {@code config.json}.
     *
     * @param o the object
     * @param source where it came from, for messages (a file name)
     * @return the configuration
     * @throws IllegalArgumentException naming the source and the field when a field is missing or wrong
     */
    public static LlamaConfig fromJson(JsonObject o, String source) {
        Fields f = new Fields(o, source);
        f.expectIfPresent("hidden_act", "silu");
        f.expectIfPresent("attention_bias", false);
        f.expectIfPresent("mlp_bias", false);
        int hidden = f.integer("hidden_size", null);
        int heads = f.integer("num_attention_heads", null);
        RopeScaling scaling = null;
        JsonElement rs = o.get("rope_scaling");
        if (rs != null && !rs.isJsonNull()) {
            Fields r = new Fields(f.object("rope_scaling"), source + ": rope_scaling");
            String type = r.string(r.o.has("rope_type") ? "rope_type" : "type", null);
            if (type.equals("llama3")) {
                scaling = f.wrap(() -> new RopeScaling(r.number("factor", null),
                        r.number("low_freq_factor", null), r.number("high_freq_factor", null),
                        r.integer("original_max_position_embeddings", null)));
            } else if (!type.equals("default")) {
                throw new IllegalArgumentException(source + ": field 'rope_scaling': expected rope_type 'llama3' "
                        + "or 'default', found '" + type + "'");
            }
        }
        RopeScaling ropeScaling = scaling;
        String dtype = f.string(o.has("torch_dtype") || !o.has("dtype") ? "torch_dtype" : "dtype", "float32");
        return f.wrap(() -> new LlamaConfig(hidden, f.integer("intermediate_size", null),
                f.integer("num_hidden_layers", null), heads, f.integer("num_key_value_heads", heads),
                f.integer("head_dim", heads > 0 ? hidden / heads : 0), f.number("rms_norm_eps", 1e-6),
                f.number("rope_theta", 10000.0), ropeScaling, f.integer("vocab_size", null),
                f.bool("tie_word_embeddings", false), f.integer("max_position_embeddings", 2048), dtype,
                f.integer("bos_token_id", 1), f.integers("eos_token_id", List.of(2))));
    }

    /**
     * This configuration as a Hugging Face {@code config.json} object ({@code LlamaForCausalLM}).
     *
     * @return the object
     */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add("LlamaForCausalLM");
        o.add("architectures", arch);
        o.addProperty("model_type", "llama");
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("num_hidden_layers", numLayers);
        o.addProperty("num_attention_heads", numHeads);
        o.addProperty("num_key_value_heads", numKvHeads);
        o.addProperty("head_dim", headDim);
        o.addProperty("hidden_act", "silu");
        o.addProperty("attention_bias", false);
        o.addProperty("mlp_bias", false);
        o.add("rms_norm_eps", decimal(rmsNormEps));
        o.add("rope_theta", decimal(ropeTheta));
        if (ropeScaling == null) {
            o.add("rope_scaling", null);
        } else {
            JsonObject r = new JsonObject();
            r.addProperty("rope_type", "llama3");
            r.add("factor", decimal(ropeScaling.factor()));
            r.add("low_freq_factor", decimal(ropeScaling.lowFreqFactor()));
            r.add("high_freq_factor", decimal(ropeScaling.highFreqFactor()));
            r.addProperty("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
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
