package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                "field 'rope_scaling': expected rope_type 'llama3' or 'default', found 'yarn'"},
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
}
