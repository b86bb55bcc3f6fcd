package sglp.llm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DataCache;
import sglp.progress.Progress;

/** LoRA: adapters start as the identity, merge exactly, touch only their targets and help a pruned model. */
class LoraTest {

    @TempDir
    Path dir;

    private static final long[] IDS = Fixtures.tokens(400, 11, 3);

    private static float[][] logits(LlamaModel model) {
        return Fixtures.logits(model, Fixtures.tokens(12, 11, 8), Set.of());
    }

    private static void assertClose(float[][] expected, float[][] actual, double tolerance) {
        for (int t = 0; t < expected.length; t++) {
            for (int v = 0; v < expected[t].length; v++) {
                assertEquals(expected[t][v], actual[t][v], tolerance, "token " + t + " logit " + v);
            }
        }
    }

    @Test
    void freshAdaptersChangeNothingAndMergingEqualsTheAdaptedModel() {
        Lora lora = Lora.builder().optRank(2).optAlpha(6).build();
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 1, 0.3);
                NDManager m = model.manager().newSubManager()) {
            float[][] before = logits(model);
            Map<String, Lora.Adapter> adapters = lora.adapters(model, m);
            assertEquals(3 * 7, adapters.size());
            model.useAdapters(adapters);
            assertClose(before, logits(model), 0);
            Random r = new Random(2);
            adapters.values().forEach(a -> {
                float[] b = new float[(int) a.up().getArray().size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (0.3 * r.nextGaussian());
                }
                a.up().getArray().set(b);
            });
            float[][] adapted = logits(model);
            assertTrue(Math.abs(adapted[3][4] - before[3][4]) > 1e-3, "the adapters matter");
            model.useAdapters(Map.of());
            int arrays = m.getManagedArrays().size();
            int modelArrays = model.manager().getManagedArrays().size();
            Lora.merge(model, adapters);
            assertClose(adapted, logits(model), 1e-4);
            assertEquals(arrays, m.getManagedArrays().size(), "merging leaves no temporary with the adapters");
            assertEquals(modelArrays, model.manager().getManagedArrays().size(), "nor with the model");
        }
    }

    @Test
    void tuningChangesOnlyTheTargetProjectionsAndCountsTheAdapters() {
        List<String> targets = List.of("q_proj", "down_proj");
        LlamaConfig config = Fixtures.small(false);
        try (LlamaModel model = Fixtures.randomModel(config, 2, 0.3)) {
            Map<String, float[]> before = new HashMap<>();
            model.parameters().keySet().forEach(k -> before.put(k, model.tensor(k).toFloats()));
            LoraResult r = Lora.builder().optRank(3).optTargets(targets).optTrainer(LlmTrainer.builder()
                    .optSteps(5).optBatchSize(2).optSeqLength(8).optLearningRate(1e-2).build()).build()
                    .tune(model, IDS);
            for (String key : model.parameters().keySet()) {
                boolean target = targets.stream().anyMatch(t -> key.contains("." + t + "."));
                boolean same = java.util.Arrays.equals(before.get(key), model.tensor(key).toFloats());
                assertEquals(!target, same, key);
            }
            long q = 3L * (config.hiddenSize() + (long) config.numHeads() * config.headDim());
            long down = 3L * (config.intermediateSize() + config.hiddenSize());
            assertEquals(config.numLayers() * (q + down), r.trainableParameters());
            assertEquals(5, r.training().losses().size());
            assertEquals(10, r.table().rowCount() + 1);
            assertTrue(model.parameters().values().stream().allMatch(p -> p.getArray().hasGradient()),
                    "the model's weights record gradients again");
        }
    }

    @Test
    void loraLowersTheHeldOutPerplexityOfAPrunedBrownModelAndExportsPlainWeights() {
        BrownRecipe recipe = new BrownRecipe(2000, 400, 4, 600, 3e-3, 0);
        Path folder = recipe.loadOrTrain(DataCache.dir(), Progress.NONE).folder();
        Perplexity.Windowing w = new Perplexity.Windowing(64, 32);
        try (TextTokenizer t = TextTokenizer.open(folder.resolve(HfCheckpoint.TOKENIZER));
                LlamaModel full = HfCheckpoint.load(folder);
                LlamaModel pruned = full.withoutLayers(Set.of(1))) {
            long[] train = t.encodeAll(recipe.trainSentences());
            long[] heldOut = t.encodeAll(recipe.validationSentences().subList(0, 300));
            double before = Perplexity.compute(pruned, heldOut, w).ppl();
            LoraResult r = Lora.builder().optTrainer(LlmTrainer.builder().optSteps(60).optLearningRate(2e-3)
                    .build()).build().tune(pruned, train);
            double after = Perplexity.compute(pruned, heldOut, w).ppl();
            System.out.printf("LoRA r=8 on the pruned Brown model: held-out ppl %.2f -> %.2f in %d steps (%.1f s), "
                    + "dense %.2f%n", before, after, r.training().losses().size(), r.training().seconds(),
                    Perplexity.compute(full, heldOut, w).ppl());
            assertTrue(after < 0.97 * before, before + " -> " + after);
            Path out = dir.resolve("tuned");
            HfExport.builder().optFilesFrom(folder).build().write(pruned, out);
            try (LlamaModel back = HfCheckpoint.load(out)) {
                assertEquals(pruned.parameters().keySet(), back.parameters().keySet());
                assertArrayEquals(pruned.tensor(LlamaModel.key(0, "self_attn.q_proj")).toFloats(),
                        back.tensor(LlamaModel.key(0, "self_attn.q_proj")).toFloats());
                assertEquals(after, Perplexity.compute(back, heldOut, w).ppl(), 1e-6 * after);
            }
        }
    }

    @Test
    void badOptionsNameTheOption() {
        assertEquals("LoRA target 'qproj': expected one of q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
                assertThrows(IllegalArgumentException.class, () -> Lora.builder().optTargets(List.of("qproj")))
                        .getMessage());
        assertEquals("LoRA rank: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> Lora.builder().optRank(0)).getMessage());
        assertEquals("LoRA alpha: expected > 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> Lora.builder().optAlpha(-1)).getMessage());
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 1, 0.3)) {
            String m = assertThrows(IllegalArgumentException.class, () -> Lora.builder().optRank(17).build()
                    .tune(model, IDS)).getMessage();
            assertTrue(m.startsWith("LoRA rank: expected at most 16 (the smaller side of "
                    + "model.layers.0.self_attn.q_proj.weight"), m);
            assertFalse(model.parameters().values().stream().anyMatch(p -> !p.getArray().hasGradient()));
        }
    }
}
