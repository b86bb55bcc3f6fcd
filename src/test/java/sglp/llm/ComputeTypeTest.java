package sglp.llm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DType;
import sglp.io.DataCache;
import sglp.io.Safetensors;
import sglp.progress.Progress;

/** Compute types (float32, float16; bfloat16 refused with its reason) and checkpoints that keep their type. */
class ComputeTypeTest {
    private static final long[] IDS = {1, 4, 9, 3, 3, 7};

    @TempDir
    Path dir;

    @Test
    void aBf16CheckpointComputesInFloat32OrFloat16AndExportsBackByteForByte() throws Exception {
        Path bf16 = dir.resolve("bf16");
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 6, 0.3)) {
            HfExport.builder().optDType(DType.BF16).build().write(model, bf16);
        }
        try (LlamaModel f32 = HfCheckpoint.load(bf16, LlmRuntime.cpu());
                LlamaModel f16 = HfCheckpoint.load(bf16, new LlmRuntime(Device.cpu(), DataType.FLOAT16))) {
            assertEquals(DType.BF16, f32.sourceType());
            assertEquals(DataType.FLOAT32, f32.dtype());
            assertEquals(DataType.FLOAT16, f16.dtype());
            assertEquals(DataType.FLOAT16, f16.parameters().get(LlamaModel.EMBED).getArray().getDataType());
            // bf16 in, bf16 out, without being asked: the same bytes
            HfExport.builder().build().write(f32, dir.resolve("again"));
            assertArrayEquals(Files.readAllBytes(bf16.resolve(HfCheckpoint.SINGLE)),
                    Files.readAllBytes(dir.resolve("again").resolve(HfCheckpoint.SINGLE)));
            try (Safetensors.Reader r = Safetensors.open(dir.resolve("again").resolve(HfCheckpoint.SINGLE))) {
                assertTrue(r.tensors().stream().allMatch(t -> t.dtype() == DType.BF16));
            }
            // float16 computes the same function to half precision, and differently
            float[][] a = Fixtures.logits(f32, IDS, Set.of());
            float[][] b = Fixtures.logits(f16, IDS, Set.of());
            assertNotEquals(a[2][3], b[2][3]);
            LlamaModelTest.assertClose(toDoubles(a), b, 2e-2);
            long[] text = Fixtures.tokens(60, 11, 8);
            Perplexity.Windowing w = new Perplexity.Windowing(16, 8);
            assertEquals(Perplexity.compute(f32, text, w).ppl(), Perplexity.compute(f16, text, w).ppl(),
                    1e-2 * Perplexity.compute(f32, text, w).ppl());
            try (LlamaModel converted = f32.converted(DataType.FLOAT16)) {
                assertArrayEquals(b, Fixtures.logits(converted, IDS, Set.of()));
            }
        }
    }

    @Test
    void loraTrainsAFloat16ModelThroughItsFloat32Casts() {
        try (LlamaModel f32 = Fixtures.randomModel(Fixtures.small(false), 3, 0.3);
                LlamaModel f16 = f32.converted(DataType.FLOAT16)) {
            float[] before = f16.tensor(LlamaModel.key(0, "self_attn.q_proj")).toFloats();
            long[] text = Fixtures.tokens(400, 11, 9);
            LoraResult r = Lora.builder().optRank(2).optTrainer(LlmTrainer.builder().optSteps(30).optBatchSize(4)
                    .optSeqLength(16).optLearningRate(1e-2).build()).build().tune(f16, text);
            List<Double> losses = r.training().losses();
            assertEquals(0, r.training().skipped());
            assertTrue(losses.get(losses.size() - 1) < losses.get(0) - 0.05, losses.toString());
            assertEquals(DataType.FLOAT16, f16.parameters().get(LlamaModel.key(0, "self_attn.q_proj")).getArray()
                    .getDataType());
            assertNotEquals(before[5], f16.tensor(LlamaModel.key(0, "self_attn.q_proj")).toFloats()[5]);
        }
    }

    private static double[][] toDoubles(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j];
            }
        }
        return out;
    }

    @Test
    void bfloat16ComputeIsRefusedWithItsReasonAndNamesAreRead() {
        assertEquals(DataType.FLOAT16, LlmRuntime.parseDType("--dtype", "float16"));
        assertEquals(DataType.FLOAT32, LlmRuntime.parseDType("--dtype", "FP32"));
        String bf = assertThrows(IllegalArgumentException.class, () -> LlmRuntime.parseDType("--dtype",
                "bfloat16")).getMessage();
        assertTrue(bf.startsWith("--dtype: compute dtype bfloat16: not available with DJL 0.35.1, whose PyTorch "
                + "binding has no bfloat16 tensors"), bf);
        assertEquals(LlmRuntime.BF16_UNAVAILABLE, assertThrows(IllegalArgumentException.class,
                () -> new LlmRuntime(Device.cpu(), DataType.BFLOAT16)).getMessage());
        assertEquals("--dtype: expected float32 or float16, found 'float64'", assertThrows(
                IllegalArgumentException.class, () -> LlmRuntime.parseDType("--dtype", "float64")).getMessage());
        assertEquals(DataType.FLOAT16, LlmRuntime.defaultDType(Device.gpu()));
        assertEquals(LlmRuntime.cpu(), LlmRuntime.of(LlmRuntime.DeviceChoice.CPU, null));
    }

    @Test
    void aGpuAskedForWhereThereIsNoneIsAnErrorSayingHowToGetOne() {
        if (ai.djl.engine.Engine.getInstance().getGpuCount() > 0) {
            assertEquals(Device.gpu(), LlmRuntime.of(LlmRuntime.DeviceChoice.GPU, null).device());
            return;
        }
        String m = assertThrows(IllegalArgumentException.class, () -> LlmRuntime.of(LlmRuntime.DeviceChoice.GPU,
                null)).getMessage();
        assertTrue(m.startsWith("--device gpu: expected a CUDA GPU, found none: the PyTorch engine"), m);
        assertTrue(m.contains("environment/gpu-check --env") && m.contains("--device cpu"), m);
        assertEquals(LlmRuntime.cpu(), LlmRuntime.auto());
    }

    @Test
    void nanInABf16CheckpointIsRefusedWithTheFirstOneAndTheCount() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 2, 0.3)) {
            float[] up = model.tensor(LlamaModel.key(1, "mlp.up_proj")).toFloats();
            up[17] = Float.NEGATIVE_INFINITY;
            up[300] = Float.NaN;
            model.set(LlamaModel.key(1, "mlp.up_proj"), up);
            HfExport.builder().optDType(DType.BF16).build().write(model, dir.resolve("nan"));
        }
        assertEquals(dir.resolve("nan").resolve(HfCheckpoint.SINGLE) + ": key 'model.layers.1.mlp.up_proj.weight': "
                + "expected finite weights, found 2 NaN or infinite values (the first, -Infinity, at element 17)",
                assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(dir.resolve("nan"),
                        new LlmRuntime(Device.cpu(), DataType.FLOAT16))).getMessage());
    }

    /** The Brown model of the project, float16 against float32: the tolerance the README states. */
    @Test
    void theBrownModelsFloat16PerplexityIsWithinHalfAPercentOfFloat32() {
        BrownRecipe recipe = new BrownRecipe(2000, 400, 4, 600, 3e-3, 0);
        Path folder = recipe.loadOrTrain(DataCache.dir(), Progress.NONE).folder();
        Perplexity.Windowing w = new Perplexity.Windowing(128, 64);
        try (TextTokenizer t = TextTokenizer.open(folder.resolve(HfCheckpoint.TOKENIZER));
                LlamaModel f32 = HfCheckpoint.load(folder, LlmRuntime.cpu());
                LlamaModel f16 = HfCheckpoint.load(folder, new LlmRuntime(Device.cpu(), DataType.FLOAT16))) {
            long[] heldOut = t.encodeAll(recipe.testSentences().subList(0, 400));
            Perplexity.Result a = Perplexity.compute(f32, heldOut, w);
            Perplexity.Result b = Perplexity.compute(f16, heldOut, w);
            System.out.printf("Brown model held-out perplexity over %d tokens: float32 %.4f, float16 %.4f (%+.3f%%)%n",
                    a.tokens(), a.ppl(), b.ppl(), 100 * (b.ppl() / a.ppl() - 1));
            assertEquals(a.tokens(), b.tokens());
            assertNotEquals(a.ppl(), b.ppl());
            assertEquals(a.ppl(), b.ppl(), 0.005 * a.ppl());
        }
    }
}
