package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.Safetensors;

/**
 * A tiny model of each family (LLaMA with biases, tied embeddings and an explicit head width; Qwen2; Mistral),
 * written by the test from a seed, read back through config.json and safetensors, against the plain-Java reference.
 */
class ModelFamiliesTest {
    private static final long[] IDS = {1, 4, 9, 3, 3, 7, 10, 0};

    @TempDir
    Path dir;

    /** LLaMA with attention_bias and mlp_bias, tied embeddings, head_dim 6 where hidden / heads is 4. */
    static LlamaConfig llamaWithBiases() {
        return Fixtures.small(true).withFamily(LlamaConfig.Family.LLAMA, true, true, 0);
    }

    /** Qwen2: q, k and v biases, plain RoPE with a large theta, untied. */
    static LlamaConfig qwen2() {
        LlamaConfig c = Fixtures.small(false);
        return new LlamaConfig(c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.headDim(), 1e-6, 1_000_000, null, c.vocabSize(), false, 64, "float32", 1, List.of(2),
                LlamaConfig.Family.QWEN2, true, false, 0);
    }

    /** Mistral with a sliding window of 8 tokens. */
    static LlamaConfig mistral() {
        return Fixtures.small(false).withFamily(LlamaConfig.Family.MISTRAL, false, false, 8);
    }

    @Test
    void eachFamilyRoundTripsThroughItsFolderAndMatchesThePlainJavaReference() throws Exception {
        int i = 0;
        for (LlamaConfig config : List.of(llamaWithBiases(), qwen2(), mistral())) {
            Path out = dir.resolve("m" + i++);
            try (LlamaModel model = Fixtures.randomModel(config, 3, 0.4)) {
                HfExport.builder().build().write(model, out);
                JsonObject json = JsonParser.parseString(Files.readString(out.resolve(HfCheckpoint.CONFIG)))
                        .getAsJsonObject();
                assertEquals(config.family().modelType(), json.get("model_type").getAsString());
                assertEquals(6, json.get("head_dim").getAsInt());
                assertEquals(config, LlamaConfig.read(out.resolve(HfCheckpoint.CONFIG)).withTorchDtype(
                        config.torchDtype()));
                try (LlamaModel back = HfCheckpoint.load(out, LlmRuntime.cpu())) {
                    assertEquals(config.family(), back.config().family());
                    float[][] logits = Fixtures.logits(back, IDS, Set.of());
                    assertArrayEquals(Fixtures.logits(model, IDS, Set.of()), logits, config.family().toString());
                    LlamaModelTest.assertClose(new ReferenceLlama(back).logits(IDS, Set.of()), logits, 1e-4);
                    LlamaModelTest.assertClose(new ReferenceLlama(back).logits(IDS, Set.of(1)),
                            Fixtures.logits(back, IDS, Set.of(1)), 1e-4);
                }
            }
        }
    }

    @Test
    void biasesAreTheFamilysOwnAndTheirValuesChangeTheLogits() throws Exception {
        try (LlamaModel qwen = Fixtures.randomModel(qwen2(), 5, 0.4)) {
            HfExport.builder().build().write(qwen, dir.resolve("q"));
            try (Safetensors.Reader r = Safetensors.open(dir.resolve("q").resolve(HfCheckpoint.SINGLE))) {
                List<String> biases = r.tensors().stream().map(Safetensors.TensorInfo::name)
                        .filter(n -> n.endsWith(".bias")).toList();
                assertEquals(9, biases.size(), biases.toString());  // q, k and v of 3 layers; no o_proj bias
                assertTrue(biases.contains(LlamaModel.biasKey(2, "self_attn.v_proj")), biases.toString());
                assertFalse(biases.contains(LlamaModel.biasKey(0, "self_attn.o_proj")), biases.toString());
            }
            float[][] with = Fixtures.logits(qwen, IDS, Set.of());
            qwen.set(LlamaModel.biasKey(0, "self_attn.k_proj"), new float[12]);
            assertFalse(java.util.Arrays.deepEquals(with, Fixtures.logits(qwen, IDS, Set.of())));
        }
        assertEquals(List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"), llamaWithBiases().biasedModules());
        assertEquals(List.of(), mistral().biasedModules());
        String m = assertThrows(IllegalArgumentException.class, () -> Fixtures.small(false).withFamily(
                LlamaConfig.Family.MISTRAL, true, false, 0)).getMessage();
        assertTrue(m.contains("attention biases: expected false for model_type mistral"), m);
    }

    @Test
    void aLlamaFolderWithBiasesItsConfigDoesNotDeclareIsRefusedNamingTheKey() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(llamaWithBiases(), 1, 0.3)) {
            HfExport.builder().build().write(model, dir.resolve("b"));
        }
        Path config = dir.resolve("b").resolve(HfCheckpoint.CONFIG);
        Files.writeString(config, Files.readString(config).replace("\"mlp_bias\": true", "\"mlp_bias\": false"));
        String m = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(dir.resolve("b"))).getMessage();
        assertTrue(m.contains("unexpected key 'model.layers.0.mlp.gate_proj.bias' (F32 [24]) in model.safetensors: a "
                + "llama model with 3 layers, tied embeddings true and biases on [self_attn.q_proj, self_attn.k_proj, "
                + "self_attn.v_proj, self_attn.o_proj] has no such parameter"), m);
    }

    @Test
    void mistralRunsWithinItsSlidingWindowAndRefusesLongerSequences() {
        try (LlamaModel model = Fixtures.randomModel(mistral(), 2, 0.4); NDManager m = model.manager()
                .newSubManager()) {
            assertEquals(8, model.config().contextLimit());
            model.forward(m.create(new long[8], new Shape(1, 8)));
            String msg = assertThrows(IllegalArgumentException.class, () -> model.forward(m.create(new long[9],
                    new Shape(1, 9)))).getMessage();
            assertEquals("token ids: expected at most 8 tokens per sequence (the sliding_window of the configuration "
                    + "of a model built in memory; beyond it sliding-window attention, which this decoder does not "
                    + "implement, differs from full attention), found 9", msg);
            long[] text = Fixtures.tokens(30, 11, 4);
            assertTrue(Perplexity.compute(model, text, new Perplexity.Windowing(8, 4)).ppl() > 1);
            String w = assertThrows(IllegalArgumentException.class, () -> Perplexity.compute(model, text,
                    new Perplexity.Windowing(16, 8))).getMessage();
            assertTrue(w.startsWith("window W (--window): expected at most 8 tokens, the sliding_window of"), w);
        }
    }
}
