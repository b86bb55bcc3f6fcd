package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json in Hugging Face's format. */
class LlamaConfigTest {
    /** The fields of Llama 3.1 8B Instruct's config.json as published. */
    private static final String LLAMA31_8B = """
            {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009], "hidden_act": "silu",
             "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
             "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama", "num_attention_heads": 32,
             "num_hidden_layers": 32, "num_key_value_heads": 8, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
             "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
               "original_max_position_embeddings": 8192, "rope_type": "llama3"},
             "rope_theta": 500000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
             "transformers_version": "4.43.0.dev0", "use_cache": true, "vocab_size": 128256}
            """;

    @TempDir
    Path dir;

    @Test
    void readsThePublishedLlama31ConfigAsTheFactoryShape() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, LLAMA31_8B);
        LlamaConfig c = LlamaConfig.read(file);
        assertEquals(LlamaConfig.llama31_8b().withTorchDtype("bfloat16").hiddenSize(), c.hiddenSize());
        assertEquals(List.of(128001, 128008, 128009), c.eosTokenIds());
        assertEquals(new LlamaConfig(4096, 14336, 32, 32, 8, 128, 1e-5, 500000, c.ropeScaling(), 128256, false,
                131072, "bfloat16", 128000, c.eosTokenIds()), c);
        assertEquals(new LlamaConfig.RopeScaling(8, 1, 4, 8192), c.ropeScaling());
        Files.writeString(file, c.toJson());
        assertEquals(c, LlamaConfig.read(file));
        LlamaConfig tiny = LlamaConfig.tiny(50);
        Files.writeString(file, tiny.toJson());
        assertEquals(tiny, LlamaConfig.read(file));
        assertTrue(tiny.numKvHeads() < tiny.numHeads());
    }

    @Test
    void optionalFieldsTakeHuggingFaceDefaults() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"hidden_size\": 32, \"intermediate_size\": 64, \"num_hidden_layers\": 2, "
                + "\"num_attention_heads\": 4, \"vocab_size\": 10, \"rope_scaling\": null}");
        LlamaConfig c = LlamaConfig.read(file);
        assertEquals(4, c.numKvHeads());
        assertEquals(8, c.headDim());
        assertEquals(10000, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertEquals(List.of(2), c.eosTokenIds());
    }

    @Test
    void missingWrongTypedAndUnsupportedFieldsAreNamed() throws Exception {
        Path file = dir.resolve("config.json");
        String[][] cases = {
            {LLAMA31_8B.replace("\"hidden_size\": 4096,", ""), "missing field 'hidden_size'"},
            {LLAMA31_8B.replace("\"vocab_size\": 128256", "\"vocab_size\": \"128256\""),
                "field 'vocab_size': expected an integer, found \"128256\""},
            {LLAMA31_8B.replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": 0"),
                "field 'tie_word_embeddings': expected true or false, found 0"},
            {LLAMA31_8B.replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\""),
                "field 'rope_scaling': rope_type 'yarn' is not implemented by this decoder (expected default, "
                    + "linear, dynamic or llama3)"},
            {LLAMA31_8B.replace("\"factor\": 8.0,", ""), "rope_scaling: missing field 'factor'"},
            {LLAMA31_8B.replace("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\""), "field 'hidden_act'"},
            {LLAMA31_8B.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5"),
                "num_key_value_heads: expected a divisor of num_attention_heads (32), found 5"},
        };
        for (String[] c : cases) {
            Files.writeString(file, c[0]);
            String msg = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(file)).getMessage();
            assertTrue(msg.startsWith(file.toString()) && msg.contains(c[1]), msg);
        }
        String missing = assertThrows(IllegalArgumentException.class,
                () -> LlamaConfig.read(dir.resolve("none.json"))).getMessage();
        assertTrue(missing.contains("none.json: missing"), missing);
    }

    /**
     * The transformers 5 spelling of a transformers 4 config.json: {@code rope_theta} and {@code rope_scaling} move
     * into {@code rope_parameters}, {@code torch_dtype} becomes {@code dtype}.
     */
    static String v5(String v4Json) {
        JsonObject o = JsonParser.parseString(v4Json).getAsJsonObject();
        JsonObject rope = o.get("rope_scaling") == null || o.get("rope_scaling").isJsonNull() ? new JsonObject()
                : o.get("rope_scaling").getAsJsonObject().deepCopy();
        if (!rope.has("rope_type")) {
            rope.addProperty("rope_type", "default");
        }
        rope.add("rope_theta", o.has("rope_theta") ? o.get("rope_theta") : JsonParser.parseString("10000.0"));
        o.remove("rope_scaling");
        o.remove("rope_theta");
        o.add("rope_parameters", rope);
        o.add("dtype", o.remove("torch_dtype"));
        o.addProperty("transformers_version", "5.0.0");
        return o.toString();
    }

    private LlamaConfig read(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return LlamaConfig.read(file);
    }

    private String refused(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        String msg = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(file)).getMessage();
        assertTrue(msg.startsWith(file.toString()), msg);
        return msg;
    }

    @Test
    void aTransformers5ConfigReadsAsItsTransformers4Twin() throws Exception {
        String v5 = v5(LLAMA31_8B);
        assertFalse(v5.contains("\"rope_theta\": 500000") || v5.contains("torch_dtype"), v5);
        assertTrue(v5.contains("\"rope_parameters\""), v5);
        LlamaConfig twin = read(v5);
        assertEquals(read(LLAMA31_8B), twin);
        assertEquals(500000, twin.ropeTheta());
        assertEquals(new LlamaConfig.RopeScaling(8, 1, 4, 8192), twin.ropeScaling());
        assertEquals("bfloat16", twin.torchDtype());
        for (LlamaConfig c : List.of(LlamaConfig.tiny(50), Fixtures.small(true),
                LlamaConfig.tiny(50).withTorchDtype("float16"))) {
            assertEquals(c, read(v5(c.toJson())));
            LlamaConfig plain = new LlamaConfig(c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(),
                    c.numKvHeads(), c.headDim(), c.rmsNormEps(), 123456, null, c.vocabSize(), false, 64, "float32", 1,
                    List.of(2));
            assertEquals(plain, read(v5(plain.toJson())));
        }
        // both spellings present and agreeing: accepted
        JsonObject both = JsonParser.parseString(v5).getAsJsonObject();
        JsonObject v4 = JsonParser.parseString(LLAMA31_8B).getAsJsonObject();
        both.add("rope_scaling", v4.get("rope_scaling"));
        both.add("rope_theta", v4.get("rope_theta"));
        both.add("torch_dtype", v4.get("torch_dtype"));
        assertEquals(twin, read(both.toString()));
    }

    @Test
    void twoSpellingsThatDisagreeAreRefusedWithBothValues() throws Exception {
        JsonObject v4 = JsonParser.parseString(LLAMA31_8B).getAsJsonObject();
        JsonObject theta = JsonParser.parseString(v5(LLAMA31_8B)).getAsJsonObject();
        theta.add("rope_theta", JsonParser.parseString("10000.0"));
        assertTrue(refused(theta.toString()).contains("fields 'rope_theta' and 'rope_parameters.rope_theta' "
                + "disagree: 'rope_theta' is 10000.0 and 'rope_parameters.rope_theta' is 500000.0"));
        JsonObject scaling = JsonParser.parseString(v5(LLAMA31_8B)).getAsJsonObject();
        JsonObject other = v4.get("rope_scaling").getAsJsonObject().deepCopy();
        other.addProperty("factor", 4.0);
        scaling.add("rope_scaling", other);
        String m = refused(scaling.toString());
        assertTrue(m.contains("fields 'rope_scaling' and 'rope_parameters' disagree: 'rope_scaling' is {")
                && m.contains("\"factor\":4.0") && m.contains("\"factor\":8.0"), m);
        JsonObject none = JsonParser.parseString(v5(LLAMA31_8B)).getAsJsonObject();
        none.add("rope_scaling", null);
        assertTrue(refused(new com.google.gson.GsonBuilder().serializeNulls().create().toJson(none))
                .contains("fields 'rope_scaling' and 'rope_parameters' disagree: 'rope_scaling' is null"));
        JsonObject dtype = JsonParser.parseString(v5(LLAMA31_8B)).getAsJsonObject();
        dtype.addProperty("torch_dtype", "float16");
        assertTrue(refused(dtype.toString()).contains("fields 'torch_dtype' and 'dtype' disagree: 'torch_dtype' is "
                + "\"float16\" and 'dtype' is \"bfloat16\""));
        String m2 = refused(LLAMA31_8B.replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"llama3\", "
                + "\"type\": \"linear\""));
        assertTrue(m2.contains("fields 'rope_scaling.rope_type' and 'rope_scaling.type' disagree"), m2);
    }

    @Test
    void unknownFieldsAndUnimplementedVariantsAreRefusedByName() throws Exception {
        String plain = LLAMA31_8B.replace("\"use_cache\": true,", "\"use_cache\": true, %s,");
        String[][] cases = {
            {"\"embedding_multiplier\": 12.0", "field 'embedding_multiplier' (found 12.0) is unknown to this LLaMA "
                + "reader and may change the computation"},
            {"\"model_type2\": 1", "field 'model_type2' (found 1) is unknown"},
            {"\"quantization_config\": {\"quant_method\": \"bitsandbytes\"}", "field 'quantization_config': "
                + "expected no quantization (quantized weights are not supported) (the only variant this decoder "
                + "implements), found {\"quant_method\":\"bitsandbytes\"}"},
            {"\"sliding_window\": 4096", "field 'sliding_window': expected null, at least max_position_embeddings "
                + "(131072) or use_sliding_window false (this decoder attends to the whole context), found 4096"},
            {"\"sliding_window\": 4096, \"use_sliding_window\": true", "field 'sliding_window'"},
            {"\"partial_rotary_factor\": 0.5", "field 'partial_rotary_factor': expected 1 (rotary embedding over "
                + "the whole head) (the only variant this decoder implements), found 0.5"},
            {"\"layer_types\": [\"full_attention\", \"sliding_attention\"]", "field 'layer_types': expected only "
                + "\"full_attention\" layers"},
            {"\"pruned_heads\": {\"0\": [1]}", "field 'pruned_heads': expected {} (no pruned attention heads)"},
        };
        for (String[] c : cases) {
            String m = refused(plain.formatted(c[0]));
            assertTrue(m.contains(c[1]), m);
        }
        String[][] replaced = {
            {"\"model_type\": \"llama\"", "\"model_type\": \"gemma\"", "field 'model_type': expected \"llama\", "
                + "\"mistral\" or \"qwen2\" (the families this decoder implements; Gemma, Phi and others are not "
                + "supported), found \"gemma\""},
            {"\"mlp_bias\": false, \"model_type\": \"llama\"", "\"mlp_bias\": true, \"model_type\": \"qwen2\"",
                "field 'mlp_bias': expected false"},
            {"\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\"", "field 'hidden_act': expected silu"},
            {"\"rope_type\": \"llama3\"", "\"rope_type\": \"longrope\"", "rope_type 'longrope' is not implemented"},
            {"\"rope_type\": \"llama3\"", "\"rope_type\": \"llama3\", \"attention_factor\": 2.0",
                "field 'rope_scaling.attention_factor' (found 2.0) is unknown to this LLaMA reader and may change "
                    + "the computation"},
            {"\"rope_type\": \"llama3\"", "\"rope_type\": \"dynamic\"", "field 'rope_scaling."
                + "original_max_position_embeddings': expected at least max_position_embeddings (131072) with "
                + "rope_type 'dynamic'"},
        };
        for (String[] c : replaced) {
            assertTrue(LLAMA31_8B.contains(c[0]), c[0]);
            String m = refused(LLAMA31_8B.replace(c[0], c[1]));
            assertTrue(m.contains(c[2]), m);
        }
        String mistralBias = refused(LLAMA31_8B.replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\"")
                .replace("\"attention_bias\": false", "\"attention_bias\": true"));
        assertTrue(mistralBias.contains("field 'attention_bias': expected false"), mistralBias);
        String gemma = refused(plain.formatted("\"hidden_activation\": \"gelu_pytorch_tanh\"")
                .replace("\"model_type\": \"llama\"", "\"model_type\": \"gemma\""));
        assertTrue(gemma.contains("field 'model_type': expected \"llama\""), "the family is named first: " + gemma);
        String yarn = refused(v5(LLAMA31_8B.replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\"")));
        assertTrue(yarn.contains("field 'rope_parameters': rope_type 'yarn' is not implemented"), yarn);
        // neutral values, metadata and underscore fields are accepted
        LlamaConfig c = read(plain.formatted("\"sliding_window\": 4096, \"use_sliding_window\": false, "
                + "\"partial_rotary_factor\": 1.0, \"layer_types\": [\"full_attention\"], \"pruned_heads\": {}, "
                + "\"quantization_config\": null, \"_name_or_path\": \"meta-llama/Llama-3.1-8B\", \"id2label\": "
                + "{\"0\": \"LABEL_0\"}, \"output_attentions\": false, \"temperature\": 0.6, \"top_p\": 0.9, "
                + "\"do_sample\": true, \"max_length\": 20, \"return_dict\": true"));
        assertEquals(read(LLAMA31_8B), c);
        assertEquals(read(LLAMA31_8B), read(plain.formatted("\"sliding_window\": 131072")));
        assertTrue(LlamaConfig.INERT_FIELDS.containsAll(Set.of("attention_dropout", "pretraining_tp", "use_cache")));
    }

    @Test
    void linearAndDynamicScalingAreReadAndComputed() throws Exception {
        String base = "{\"hidden_size\": 16, \"intermediate_size\": 24, \"num_hidden_layers\": 1, "
                + "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"head_dim\": 6, \"vocab_size\": 11, "
                + "\"rope_theta\": 100.0, \"max_position_embeddings\": 64, %s}";
        LlamaConfig linear = read(base.formatted("\"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}"));
        assertEquals(LlamaConfig.RopeScaling.linear(4), linear.ropeScaling());
        assertEquals(linear, read(v5(linear.toJson())));
        assertEquals(linear, read(linear.toJson()));
        // by hand: theta^(-2i/d) / factor for d = 6, theta = 100, factor 4
        assertArrayEquals(new double[] {0.25, 0.21544346900318834 / 4, 0.046415888336127774 / 4},
                Rope.inverseFrequencies(linear), 1e-15);
        LlamaConfig dynamic = read(base.formatted("\"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 2.0}"));
        assertEquals(LlamaConfig.RopeScaling.dynamic(2), dynamic.ropeScaling());
        assertEquals(dynamic, read(v5(dynamic.toJson())));
        assertArrayEquals(new double[] {1, 0.21544346900318834, 0.046415888336127774},
                Rope.inverseFrequencies(dynamic), 1e-15);
        assertEquals(dynamic, read(base.formatted("\"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 2.0, "
                + "\"original_max_position_embeddings\": 64}")));
        String m = refused(base.formatted("\"rope_scaling\": {\"rope_type\": \"linear\"}"));
        assertTrue(m.contains("rope_scaling: missing field 'factor'"), m);
    }

    @Test
    void publishedConfigsOfTheOtherFamiliesAreReadAndRoundTrip() throws Exception {
        String qwen25 = """
                {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
                 "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02,
                 "intermediate_size": 4864, "max_position_embeddings": 32768, "max_window_layers": 24,
                 "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
                 "torch_dtype": "bfloat16", "transformers_version": "4.40.1", "use_cache": true,
                 "use_sliding_window": false, "vocab_size": 151936}
                """;
        LlamaConfig q = read(qwen25);
        assertEquals(LlamaConfig.Family.QWEN2, q.family());
        assertEquals(64, q.headDim());
        assertTrue(q.tieWordEmbeddings() && q.attentionBias() && !q.mlpBias());
        assertEquals(0, q.slidingWindow());
        assertEquals(32768, q.contextLimit());
        assertEquals(q, read(q.toJson()));

        String mistral01 = """
                {"architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
                 "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
                 "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
                 "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
                 "sliding_window": 4096, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
                 "transformers_version": "4.34.0.dev0", "use_cache": true, "vocab_size": 32000}
                """;
        LlamaConfig m = read(mistral01);
        assertEquals(LlamaConfig.Family.MISTRAL, m.family());
        assertEquals(4096, m.slidingWindow());
        assertEquals(4096, m.contextLimit());
        assertEquals(m, read(m.toJson()));
        assertEquals(0, read(mistral01.replace("\"sliding_window\": 4096", "\"sliding_window\": null"))
                .slidingWindow());
        assertEquals(4096, read(mistral01.replace("\"sliding_window\": 4096,", "")).slidingWindow(),
                "Hugging Face's default window");

        String llama32 = LLAMA31_8B.replace("\"hidden_size\": 4096", "\"hidden_size\": 2048")
                .replace("\"intermediate_size\": 14336", "\"intermediate_size\": 8192")
                .replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 16")
                .replace("\"factor\": 8.0", "\"factor\": 32.0")
                .replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true, \"head_dim\": 64");
        LlamaConfig l = read(llama32);
        assertTrue(l.tieWordEmbeddings());
        assertEquals(64, l.headDim());
        assertEquals(32, l.ropeScaling().factor());
        assertEquals(l, read(l.toJson()));
        assertFalse(LlamaModel.shapes(l).containsKey(LlamaModel.LM_HEAD));

        String tinyLlama = """
                {"architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
                 "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632,
                 "max_position_embeddings": 2048, "model_type": "llama", "num_attention_heads": 32,
                 "num_hidden_layers": 22, "num_key_value_heads": 4, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
                 "rope_scaling": null, "rope_theta": 10000.0, "tie_word_embeddings": false,
                 "torch_dtype": "bfloat16", "transformers_version": "4.35.0", "use_cache": true, "vocab_size": 32000}
                """;
        LlamaConfig t = read(tinyLlama);
        assertEquals(64, t.headDim());
        assertEquals(4, t.numKvHeads());
        assertEquals(t, read(t.toJson()));
        LlamaConfig biased = read(tinyLlama.replace("\"pretraining_tp\": 1", "\"pretraining_tp\": 1, "
                + "\"attention_bias\": true, \"mlp_bias\": true"));
        assertTrue(biased.attentionBias() && biased.mlpBias());
        assertEquals(biased, read(biased.toJson()));
    }
}
