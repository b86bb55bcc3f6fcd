package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DType;
import sglp.io.Safetensors;
import sglp.io.StateDict;
import sglp.io.Tensor;

/** Hugging Face folders written and read back, and the errors of folders that do not fit. */
class HfCheckpointTest {
    private static final long[] IDS = {1, 4, 9, 3, 3, 7};

    @TempDir
    Path dir;

    @Test
    void singleFileFloat32RoundTripGivesIdenticalLogits() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 2, 0.3)) {
            Fixtures.writeTokenizer(dir.resolve("src"));
            HfExport.builder().optFilesFrom(dir.resolve("src")).build().write(model, dir.resolve("out"));
            try (Stream<Path> files = Files.list(dir.resolve("out"))) {
                assertEquals(Set.of("config.json", "model.safetensors", "tokenizer.json"),
                        files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
            }
            assertEquals(Map.of("format", "pt"), Safetensors.readMetadata(dir.resolve("out/model.safetensors")));
            try (LlamaModel back = HfCheckpoint.load(dir.resolve("out"))) {
                assertEquals(model.config(), back.config());
                assertArrayEquals(Fixtures.logits(model, IDS, Set.of()), Fixtures.logits(back, IDS, Set.of()));
            }
        }
    }

    @Test
    void aTransformers5FolderGivesTheSameLogitsAndPerplexityAsItsTransformers4Twin() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 4, 0.4)) {
            Path v4 = dir.resolve("v4");
            HfExport.builder().build().write(model, v4);
            Path v5 = Files.createDirectories(dir.resolve("v5"));
            Files.copy(v4.resolve(HfCheckpoint.SINGLE), v5.resolve(HfCheckpoint.SINGLE));
            Files.writeString(v5.resolve(HfCheckpoint.CONFIG), LlamaConfigTest.v5(Files.readString(
                    v4.resolve(HfCheckpoint.CONFIG))));
            assertFalse(Files.readString(v5.resolve(HfCheckpoint.CONFIG)).contains("rope_scaling"));
            long[] text = Fixtures.tokens(40, 11, 3);
            Perplexity.Windowing w = new Perplexity.Windowing(16, 8);
            try (LlamaModel a = HfCheckpoint.load(v4); LlamaModel b = HfCheckpoint.load(v5);
                    LlamaModel fallback = LlamaModel.zeros(LlamaModelTest.withScaling(new LlamaConfig(16, 24, 3, 4,
                            2, 6, 1e-5, 10000, null, 11, false, 64, "float32", 1, java.util.List.of(2)), null),
                            model.manager().getDevice())) {
                assertEquals(a.config(), b.config());
                assertArrayEquals(Fixtures.logits(a, IDS, Set.of()), Fixtures.logits(b, IDS, Set.of()));
                assertEquals(Perplexity.compute(a, text, w), Perplexity.compute(b, text, w));
                // what the old reader made of the v5 file (theta 10000, no scaling) computes something else
                a.parameters().keySet().forEach(k -> fallback.set(k, a.tensor(k).toFloats()));
                assertFalse(Arrays.deepEquals(Fixtures.logits(a, IDS, Set.of()),
                        Fixtures.logits(fallback, IDS, Set.of())));
            }
        }
    }

    @Test
    void aTokenizerWithIdsAtOrBeyondVocabSizeIsRefusedNamingTheIdItsTokenAndBothFiles() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 2, 0.3)) {
            Fixtures.writeTokenizer(dir.resolve("src"));
            Path out = dir.resolve("out");
            HfExport.builder().optFilesFrom(dir.resolve("src")).build().write(model, out);
            try (TextTokenizer t = HfCheckpoint.openTokenizer(out)) {
                assertEquals(new TextTokenizer.TokenId(10, "far"), t.largestId());
            }
            Path config = out.resolve(HfCheckpoint.CONFIG);
            Files.writeString(config, Files.readString(config).replace("\"vocab_size\": 11", "\"vocab_size\": 10"));
            String m = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.openTokenizer(out))
                    .getMessage();
            assertEquals(out.resolve("tokenizer.json") + ": token id 10 ('far') is at or beyond vocab_size 10 of "
                    + config + "; expected every id of the tokenizer below vocab_size (the model's embedding has "
                    + "rows 0..9): the tokenizer belongs to another model", m);
        }
    }

    @Test
    void anAbsurdVocabSizeIsRefusedFromTheSafetensorsHeaderBeforeAnyAllocation() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(true), 2, 0.3)) {
            Path out = dir.resolve("out");
            HfExport.builder().build().write(model, out);
            Path config = out.resolve(HfCheckpoint.CONFIG);
            Files.writeString(config, Files.readString(config).replace("\"vocab_size\": 11",
                    "\"vocab_size\": 2147483647"));
            String m = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(out)).getMessage();
            assertTrue(m.startsWith(out + ": the weights do not fit config.json (3 layers, hidden 16, vocab_size "
                    + "2147483647), 1 problems:\n  key 'model.embed_tokens.weight' in model.safetensors: expected "
                    + "shape [2147483647, 16], found F32 [11, 16]"), m);
        }
    }

    @Test
    void weightsWithNanAreRefusedNamingTheKey() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 2, 0.3)) {
            float[] norm = model.tensor(LlamaModel.NORM).toFloats();
            norm[5] = Float.NaN;
            norm[9] = Float.POSITIVE_INFINITY;
            model.set(LlamaModel.NORM, norm);
            HfExport.builder().build().write(model, dir.resolve("nan"));
            assertEquals(dir.resolve("nan").resolve("model.safetensors") + ": key 'model.norm.weight': expected "
                    + "finite weights, found 2 NaN or infinite values (the first, NaN, at element 5)",
                    assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(dir.resolve("nan")))
                            .getMessage());
        }
    }

    @Test
    void shardedBfloat16RoundTripKeepsTheRoundedWeights() throws Exception {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(true), 4, 0.3)) {
            Path out = dir.resolve("sharded");
            HfExport.builder().optDType(DType.BF16).optMaxShardBytes(2000).build().write(model, out);
            assertTrue(Files.exists(out.resolve(HfCheckpoint.INDEX)));
            assertFalse(Files.exists(out.resolve(HfCheckpoint.SINGLE)));
            assertTrue(list(out).matches("\\[config.json, (model-0000\\d-of-00009.safetensors, ){9}"
                    + "model.safetensors.index.json]"), list(out));
            assertTrue(Files.readString(out.resolve("config.json")).contains("\"torch_dtype\": \"bfloat16\""));
            try (LlamaModel back = HfCheckpoint.load(out)) {
                for (String key : model.parameters().keySet()) {
                    Tensor rounded = Tensor.ofFloats(model.tensor(key).shape(),
                            model.tensor(key).as(DType.BF16).toFloats());
                    assertEquals(rounded, back.tensor(key), key);
                }
                Path again = dir.resolve("again");
                HfExport.builder().optDType(DType.F32).build().write(back, again);
                try (LlamaModel third = HfCheckpoint.load(again)) {
                    assertArrayEquals(Fixtures.logits(back, IDS, Set.of()), Fixtures.logits(third, IDS, Set.of()));
                }
            }
        }
    }

    private static String list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    /** Writes a valid single-file folder, then rewrites its weights with one tensor renamed or replaced. */
    private Path edited(String key, String newKey, Tensor newValue) throws Exception {
        Path out = Files.createTempDirectory(dir, "edited");
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 1)) {
            HfExport.builder().build().write(model, out);
        }
        StateDict copy = new StateDict();
        StateDict.read(out.resolve(HfCheckpoint.SINGLE)).forEach(e -> copy.put(
                e.getKey().equals(key) ? newKey : e.getKey(), e.getKey().equals(key) ? newValue : e.getValue()));
        copy.write(out.resolve(HfCheckpoint.SINGLE));
        return out;
    }

    private static String loadError(Path folder) {
        return assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(folder).close()).getMessage();
    }

    @Test
    void wrongKeyShapeOrDtypeIsNamed() throws Exception {
        String k = LlamaModel.key(1, "mlp.up_proj");
        Tensor right = Tensor.ofFloats(new long[] {24, 16}, new float[384]);
        String wrongKey = loadError(edited(k, "model.layers.1.mlp.upproj.weight", right));
        assertTrue(wrongKey.contains("unexpected key 'model.layers.1.mlp.upproj.weight' (F32 [24, 16]) in "
                + "model.safetensors"), wrongKey);
        assertTrue(wrongKey.contains("missing key '" + k + "' (expected shape [24, 16]) in model.safetensors"),
                wrongKey);

        String wrongShape = loadError(edited(k, k, Tensor.ofFloats(new long[] {16, 24}, new float[384])));
        assertTrue(wrongShape.contains("key '" + k + "' in model.safetensors: expected shape [24, 16], found F32 "
                + "[16, 24]"), wrongShape);

        String wrongType = loadError(edited(k, k, Tensor.ofLongs(new long[] {24, 16}, new long[384])));
        assertTrue(wrongType.contains("key '" + k + "' in model.safetensors: expected dtype F32, F16 or BF16, "
                + "found I64 [24, 16]"), wrongType);
    }

    @Test
    void indexProblemsAreNamed() throws Exception {
        Path out = dir.resolve("sharded");
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 1)) {
            HfExport.builder().optMaxShardBytes(4000).build().write(model, out);
        }
        String index = Files.readString(out.resolve(HfCheckpoint.INDEX));
        Files.writeString(out.resolve(HfCheckpoint.INDEX), index.replace("model-00002-of-", "model-00042-of-"));
        String missing = loadError(out);
        assertTrue(missing.contains("names shard model-00042-of-"), missing);
        assertTrue(missing.contains("which is missing"), missing);

        Files.writeString(out.resolve(HfCheckpoint.INDEX), index.replaceFirst(
                "\"model.norm.weight\": \"model-(\\d+)-of", "\"model.norm.weight\": \"model-00001-of"));
        String moved = loadError(out);
        assertTrue(moved.contains("key 'model.norm.weight'") && moved.contains("maps it to model-00001-of"), moved);
    }

    @Test
    void missingFilesAndANonEmptyTargetAreRefused() throws Exception {
        String msg = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.checkFolder(dir, true))
                .getMessage();
        assertTrue(msg.contains("missing config.json, model.safetensors (or model.safetensors.index.json with its "
                + "shards), tokenizer.json"), msg);
        Files.writeString(dir.resolve("keep.txt"), "x");
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 1)) {
            assertThrows(IllegalArgumentException.class, () -> HfExport.builder().build().write(model, dir));
        }
        assertEquals("[keep.txt]", list(dir));
    }

    @Test
    void aFailedExportLeavesNothingBehind() throws Exception {
        LlamaModel model = LlamaModel.create(Fixtures.small(false), 1);
        model.close();
        assertThrows(RuntimeException.class, () -> HfExport.builder().build().write(model, dir.resolve("out")));
        assertEquals("[]", list(dir));
    }

    @Test
    void aSyntheticCheckpointIsSeededShardedAndLoads() throws Exception {
        LlamaConfig c = ModelFamiliesTest.qwen2();
        SyntheticCheckpoint.write(dir.resolve("a"), c, 3, DType.BF16, 3000, null);
        SyntheticCheckpoint.write(dir.resolve("b"), c, 3, DType.BF16, 3000, null);
        SyntheticCheckpoint.write(dir.resolve("c"), c, 4, DType.BF16, 3000, null);
        assertTrue(Files.isRegularFile(dir.resolve("a").resolve(HfCheckpoint.INDEX)));
        String shard = "model-00001-of-" + list(dir.resolve("a")).replaceAll(".*-of-(\\d+)\\.safetensors.*", "$1")
                + ".safetensors";
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(shard)),
                Files.readAllBytes(dir.resolve("b").resolve(shard)));
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(shard)),
                Files.readAllBytes(dir.resolve("c").resolve(shard))));
        try (LlamaModel m = HfCheckpoint.load(dir.resolve("a"), LlmRuntime.cpu())) {
            assertEquals(c.withTorchDtype("bfloat16"), m.config());
            float[] q = m.tensor(LlamaModel.key(0, "self_attn.q_proj")).toFloats();
            double sum = 0;
            double squares = 0;
            for (float v : q) {
                sum += v;
                squares += v * v;
            }
            assertEquals(0, sum / q.length, 0.003);
            assertEquals(0.02, Math.sqrt(squares / q.length), 0.002);
            float[] norm = m.tensor(LlamaModel.NORM).toFloats();
            for (float v : norm) {
                assertTrue(v > 0.8 && v < 1.2 && v != 1, Arrays.toString(norm));
            }
        }
    }
}
