package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sglp.model.Network;

/** The decoder against the plain-Java reference, piece by piece and whole. */
class LlamaModelTest {

    static void assertClose(double[][] expected, float[][] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                assertEquals(e, actual[i][j], tol * Math.max(1, Math.abs(e)), "at [" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void wholeDecoderMatchesThePlainJavaReference() {
        for (boolean tied : new boolean[] {false, true}) {
            try (LlamaModel model = Fixtures.randomModel(Fixtures.small(tied), 7, 0.4)) {
                long[] ids = Fixtures.tokens(6, 11, 1);
                ReferenceLlama ref = new ReferenceLlama(model);
                assertClose(ref.logits(ids, Set.of()), Fixtures.logits(model, ids, Set.of()), 1e-4);
                assertClose(ref.logits(ids, Set.of(1)), Fixtures.logits(model, ids, Set.of(1)), 1e-4);
            }
        }
    }

    @Test
    void linearAndDynamicRopeScalingMatchThePlainJavaReference() {
        LlamaConfig c = Fixtures.small(false);
        long[] ids = Fixtures.tokens(6, 11, 2);
        float[][] plain;
        try (LlamaModel model = Fixtures.randomModel(withScaling(c, null), 5, 0.4)) {
            plain = Fixtures.logits(model, ids, Set.of());
        }
        for (LlamaConfig.RopeScaling s : List.of(LlamaConfig.RopeScaling.linear(4),
                LlamaConfig.RopeScaling.dynamic(2))) {
            try (LlamaModel model = Fixtures.randomModel(withScaling(c, s), 5, 0.4)) {
                float[][] logits = Fixtures.logits(model, ids, Set.of());
                assertClose(new ReferenceLlama(model).logits(ids, Set.of()), logits, 1e-4);
                boolean same = Arrays.deepEquals(plain, logits);
                assertEquals(s.type() == LlamaConfig.RopeScaling.Type.DYNAMIC, same, s.toString());
            }
        }
    }

    static LlamaConfig withScaling(LlamaConfig c, LlamaConfig.RopeScaling s) {
        return new LlamaConfig(c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.headDim(), c.rmsNormEps(), c.ropeTheta(), s, c.vocabSize(), c.tieWordEmbeddings(),
                c.maxPositionEmbeddings(), c.torchDtype(), c.bosTokenId(), c.eosTokenIds());
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreNamedNotLeftToTheEngine() {
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 1); NDManager m = model.manager()
                .newSubManager()) {
            model.forward(m.create(new long[] {0, 10, 3}, new Shape(1, 3)));
            for (long bad : new long[] {11, -1}) {
                String msg = assertThrows(IllegalArgumentException.class, () -> model.forward(
                        m.create(new long[] {0, 1, 2, 3, 4, bad}, new Shape(2, 3)))).getMessage();
                assertEquals("token id " + bad + " at [1, 2]: expected ids from 0 to 10 (vocab_size 11 of the "
                        + "model's config.json), found one outside (a tokenizer with more tokens than the model's "
                        + "vocabulary?)", msg);
            }
        }
    }

    @Test
    void aConfigurationTooLargeForMemoryIsRefusedBeforeAllocationWithItsBytes() {
        LlamaConfig absurd = new LlamaConfig(4096, 14336, 32, 32, 8, 128, 1e-5, 500000, null, Integer.MAX_VALUE, false,
                131072, "bfloat16", 1, List.of(2));
        String msg = assertThrows(IllegalArgumentException.class, () -> LlamaModel.create(absurd, 0)).getMessage();
        long bytes = 4 * (2L * Integer.MAX_VALUE * 4096 + 32L * (2 * 4096 * 4096 + 2 * 1024 * 4096 + 3 * 4096 * 14336
                + 2 * 4096) + 4096);
        assertTrue(msg.startsWith(String.format(java.util.Locale.ROOT, "the model (vocab_size 2147483647, "
                + "hidden_size 4096, intermediate_size 14336, 32 layers) needs %,d bytes for its", bytes)), msg);
        assertTrue(msg.contains("bytes of memory of this machine; expected a configuration whose weights fit"), msg);
        LlamaConfig wideEmbedding = new LlamaConfig(16, 24, 1, 4, 2, 6, 1e-5, 100, null, 200_000_000, true, 64,
                "float32", 1, List.of(2));
        String wide = assertThrows(IllegalArgumentException.class, () -> LlamaModel.checkFitsInMemory(
                wideEmbedding)).getMessage();
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        assertTrue(machine < 12_900_000_000L ? wide.contains("bytes of memory of this machine")
                : wide.contains("has a parameter, model.embed_tokens.weight, of 3,200,000,000 elements "
                + "(12,800,000,000 bytes as float32), more than a Java array holds"), wide);
        LlamaModel.checkFitsInMemory(LlamaConfig.tiny(4000));
    }

    @Test
    void rmsNormOfAModelWithoutLayersMatchesPlainJava() {
        LlamaConfig c = Fixtures.small(false).withNumLayers(0);
        try (LlamaModel model = Fixtures.randomModel(c, 3, 1.0)) {
            long[] ids = {4, 0, 9};
            assertClose(new ReferenceLlama(model).logits(ids, Set.of()), Fixtures.logits(model, ids, Set.of()), 1e-5);
        }
    }

    @Test
    void attentionLayerWithoutMlpMatchesReferenceAndIsCausal() {
        LlamaConfig c = Fixtures.small(false).withNumLayers(1);
        try (LlamaModel model = Fixtures.randomModel(c, 11, 0.5); NDManager m = model.manager().newSubManager()) {
            model.set(LlamaModel.key(0, "mlp.down_proj"), new float[16 * 24]);
            long[] ids = {3, 5, 7, 2, 9};
            ReferenceLlama ref = new ReferenceLlama(model);
            ref.logits(ids, Set.of());
            float[][] tapped = tap(model, m, ids).get(0);
            assertClose(ref.layerOutputs.get(0), tapped, 1e-5);

            long[] changed = ids.clone();
            changed[3] = 10;
            float[][] after = tap(model, m, changed).get(0);
            for (int t = 0; t < 5; t++) {
                boolean same = java.util.Arrays.equals(tapped[t], after[t]);
                assertEquals(t < 3, same, "position " + t + " after changing token 3");
            }
        }
    }

    private static List<float[][]> tap(LlamaModel model, NDManager m, long[] ids) {
        List<float[][]> out = new ArrayList<>();
        model.forward(m.create(ids, new Shape(1, ids.length)), null, Set.of(), (layer, h) -> {
            float[] flat = h.toFloatArray();
            int width = (int) h.getShape().get(2);
            float[][] rows = new float[ids.length][width];
            for (int t = 0; t < ids.length; t++) {
                System.arraycopy(flat, t * width, rows[t], 0, width);
            }
            out.add(rows);
        });
        return out;
    }

    @Test
    void ropeTablesMatchAHandComputation() {
        LlamaConfig plain = new LlamaConfig(16, 24, 1, 4, 2, 6, 1e-5, 100, null, 11, false, 64, "float32", 1,
                List.of(2));
        float[][] t = Rope.tables(plain, 4);
        int pos = 3;
        double[] angles = {3 * 1.0, 3 * Math.pow(100, -2.0 / 6), 3 * Math.pow(100, -4.0 / 6)};
        for (int j = 0; j < 6; j++) {
            assertEquals(Math.cos(angles[j % 3]), t[0][pos * 6 + j], 1e-6, "cos " + j);
            assertEquals(Math.sin(angles[j % 3]), t[1][pos * 6 + j], 1e-6, "sin " + j);
        }
    }

    @Test
    void llama3ScalingOfTheInverseFrequenciesFollowsTheFormula() {
        double[] f = Rope.inverseFrequencies(LlamaConfig.llama31_8b());
        assertEquals(64, f.length);
        // i = 0: wavelength 2 pi < 8192 / 4, kept
        assertEquals(1.0, f[0], 1e-15);
        // i = 63: wavelength far above 8192, divided by 8
        assertEquals(Math.pow(500000, -126.0 / 128) / 8, f[63], 1e-18);
        // i = 34: wavelength 2 pi / 500000^(-68/128), about 6000, between 2048 and 8192: interpolated
        double raw = Math.pow(500000, -68.0 / 128);
        double wavelength = 2 * Math.PI / raw;
        assertTrue(wavelength > 2048 && wavelength < 8192, "wavelength " + wavelength);
        double s = (8192 / wavelength - 1) / (4 - 1);
        assertEquals((1 - s) * raw / 8 + s * raw, f[34], 1e-15);
        double[] small = Rope.inverseFrequencies(Fixtures.small(false));
        double[] expected = ReferenceLlama.inverseFrequencies(Fixtures.small(false));
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], small[i], 1e-15);
        }
        assertNotEquals(Math.pow(100, -2.0 / 6), small[1], 1e-3);  // the middle pair is really interpolated
    }

    @Test
    void paddingMaskKeepsTheRealTokensOfARightPaddedRow() {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 5, 0.4);
                NDManager m = model.manager().newSubManager()) {
            long[] real = {4, 8, 1};
            NDArray ids = m.create(new long[] {4, 8, 1, 0, 0, 3, 3, 3, 3, 3}, new Shape(2, 5));
            NDArray mask = m.create(new long[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, new Shape(2, 5));
            float[] batch = model.forward(ids, mask, Set.of(), null).toFloatArray();
            float[][] alone = Fixtures.logits(model, real, Set.of());
            for (int t = 0; t < 3; t++) {
                for (int v = 0; v < 11; v++) {
                    assertEquals(alone[t][v], batch[t * 11 + v], 1e-5);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> model.forward(ids, mask.get("0"), Set.of(), null));
        }
    }

    @Test
    void everyParameterGetsAGradientAndInitIsSeeded() {
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 9);
                LlamaModel again = LlamaModel.create(Fixtures.small(false), 9);
                NDManager m = model.manager().newSubManager()) {
            assertEquals(model.tensor(LlamaModel.key(2, "mlp.up_proj")), again.tensor(LlamaModel.key(2, "mlp.up_proj")));
            assertEquals(List.of("layers.0", "layers.1", "layers.2"), model.layerNames());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(m.create(new long[] {1, 2, 3}, new Shape(1, 3)));
                gc.backward(logits.mul(logits).sum());
            }
            for (Parameter p : model.parameters().values()) {
                NDArray g = p.getArray().getGradient();
                g.attach(m);
                assertTrue(g.abs().sum().getFloat() > 0, p.getName());
            }
        }
    }

    /**
     * Regression: the backward pass must not read memory the Java side may free. Dividing the attention scores by a
     * Java number once left autograd holding a tensor over a DJL-owned direct buffer that a garbage collection
     * between forward and backward freed; the gradients then came out NaN at random (about 1 training step in 100).
     * Here a collection runs and the freed small blocks are refilled with NaN bytes before each backward.
     */
    @Test
    void gradientsDoNotChangeWhenMemoryIsCollectedBetweenForwardAndBackward() throws InterruptedException {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 5, 0.4);
                NDManager adapterArrays = model.manager().newSubManager()) {
            // LoRA adapters with non-zero B, so that their scaled update is on the gradient path too
            Map<String, Lora.Adapter> adapters = Lora.builder().optRank(2).build().adapters(model, adapterArrays);
            adapters.values().forEach(a -> {
                float[] b = new float[(int) a.up().getArray().size()];
                Arrays.fill(b, 0.1f);
                a.up().getArray().set(b);
            });
            model.useAdapters(adapters);
            long[] ids = Fixtures.tokens(8, 11, 2);
            float[][] undisturbed = gradients(model, ids, false);
            for (int round = 0; round < 3; round++) {
                float[][] collected = gradients(model, ids, true);
                int i = 0;
                for (String key : model.parameters().keySet()) {
                    float[] e = undisturbed[i];
                    float[] a = collected[i++];
                    for (int j = 0; j < e.length; j++) {
                        assertEquals(e[j], a[j], 1e-6 * Math.max(1, Math.abs(e[j])), key + "[" + j + "] round " + round);
                    }
                }
            }
        }
    }

    private static float[][] gradients(LlamaModel model, long[] ids, boolean collect) throws InterruptedException {
        try (NDManager m = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Network.zeroGradients(model.parameters().values(), m);
            NDArray logits = model.forward(m.create(ids, new Shape(1, ids.length)));
            NDArray loss = logits.logSoftmax(-1).mean().neg();
            List<ByteBuffer> nanBlocks = new ArrayList<>();
            if (collect) {
                System.gc();
                Thread.sleep(20);  // the reference handler frees unreachable direct buffers
                for (int i = 0; i < 4000; i++) {
                    nanBlocks.add(ByteBuffer.allocateDirect(8).putLong(0, -1L));
                }
            }
            gc.backward(loss);
            nanBlocks.clear();
            float[][] grads = new float[model.parameters().size()][];
            int i = 0;
            for (Parameter p : model.parameters().values()) {
                NDArray g = p.getArray().getGradient();
                g.attach(m);
                grads[i++] = g.toFloatArray();
            }
            return grads;
        }
    }

    @Test
    void parametersAreKeyedByHuggingFaceNames() {
        try (LlamaModel tied = LlamaModel.create(Fixtures.small(true), 1)) {
            List<String> keys = List.copyOf(tied.parameters().keySet());
            assertEquals("model.embed_tokens.weight", keys.get(0));
            assertEquals("model.layers.0.self_attn.q_proj.weight", keys.get(1));
            assertEquals("model.norm.weight", keys.get(keys.size() - 1));
            assertEquals(2 + 3 * 9, keys.size());
            assertEquals("[24, 16]", java.util.Arrays.toString(tied.tensor(keys.get(1)).shape()));
            assertThrows(IllegalArgumentException.class, () -> tied.tensor(LlamaModel.LM_HEAD));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tied.forward(tied.manager().create(new long[] {1}, new Shape(1, 1)), null, Set.of(3), null));
            assertTrue(e.getMessage().contains("0..2"), e.getMessage());
        }
    }
}
