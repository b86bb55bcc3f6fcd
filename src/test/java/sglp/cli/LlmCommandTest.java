package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sglp.llm.HfExport;
import sglp.llm.LlamaConfig;
import sglp.llm.LlamaModel;
import sglp.llm.Perplexity;
import sglp.llm.TextTokenizer;
import sglp.pipeline.LlmSession;

/** {@code sglp llm ppl}: its JSON contract and its errors. */
class LlmCommandTest {
    private static final String TOKENIZER = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true}, {"id": 1, "content": "<s>", "single_word": false,
               "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
               "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
             "decoder": null,
             "model": {"type": "WordLevel", "unk_token": "<unk>",
               "vocab": {"<unk>": 0, "<s>": 1, "the": 2, "cat": 3, "sat": 4, "on": 5, "mat": 6}}}
            """;

    @TempDir
    Path dir;
    Path model;
    Path text;

    @BeforeEach
    void writeModel() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("tokenizer.json"), TOKENIZER);
        model = dir.resolve("model");
        try (LlamaModel m = LlamaModel.create(LlamaConfig.tiny(7).withNumLayers(2), 3)) {
            HfExport.builder().optFilesFrom(src).build().write(m, model);
        }
        text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat the cat sat");
    }

    private static int run(StringWriter err, String... args) {
        return Main.execute(new PrintWriter(err, true), args);
    }

    @Test
    void writesExactlyPplAndTokens() throws Exception {
        Path out = dir.resolve("ppl.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(),
                "--window", "4", "--stride", "2", "--out", out.toString()), err.toString());
        Path defaults = dir.resolve("ppl-default.json");
        assertEquals(0, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(), "--out",
                defaults.toString()), err.toString());
        assertTrue(Files.readString(defaults).startsWith("{\"ppl\":"), "--window 128 --stride 64 by default");
        String json = Files.readString(out).strip();
        Matcher mt = Pattern.compile("\\{\"ppl\":(\\d+\\.\\d+),\"tokens\":(\\d+)\\}").matcher(json);
        assertTrue(mt.matches(), json);
        long[] ids;
        try (TextTokenizer t = TextTokenizer.open(model.resolve("tokenizer.json"))) {
            ids = t.encode(Files.readString(text));
        }
        assertEquals(10, ids.length);
        try (LlamaModel m = sglp.llm.HfCheckpoint.load(model)) {
            Perplexity.Result r = Perplexity.compute(m, ids, new Perplexity.Windowing(4, 2));
            assertEquals(r.ppl(), Double.parseDouble(mt.group(1)));
            assertEquals(9, r.tokens());
            assertEquals(r.tokens(), Long.parseLong(mt.group(2)));
        }
    }

    @Test
    void badWindowsAndMissingFilesGiveClearErrors() throws Exception {
        Path out = dir.resolve("ppl.json");
        String[][] cases = {
            {"1", "1", "window W: expected at least 2 tokens, found 1"},
            {"4", "5", "stride S: expected 1 <= S <= W (4), found 5"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(),
                    "--window", c[0], "--stride", c[1], "--out", out.toString()));
            assertTrue(err.toString().contains(c[2]), err.toString());
        }
        Files.delete(model.resolve("tokenizer.json"));
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(),
                "--window", "4", "--stride", "2", "--out", out.toString()));
        assertTrue(err.toString().contains(model + ": missing tokenizer.json"), err.toString());
        assertTrue(Files.notExists(out));
    }

    /** Parses JSON as the specification defines it: NaN, Infinity and other leniencies are errors. */
    static JsonElement strict(Path file) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(Files.readString(file)));
        reader.setStrictness(Strictness.STRICT);
        JsonElement json = JsonParser.parseReader(reader);
        assertEquals(JsonToken.END_DOCUMENT, reader.peek());
        return json;
    }

    @Test
    void aWindowBeyondTheModelsContextOrATokenizerBeyondItsVocabularyIsRefusedFirst() throws Exception {
        Path out = dir.resolve("ppl.json");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(),
                "--window", "257", "--stride", "2", "--out", out.toString()));
        assertTrue(err.toString().contains("window W (--window): expected at most 256 tokens, the "
                + "max_position_embeddings of " + model.resolve("config.json") + " (the longest context the model was "
                + "trained for), found 257"), err.toString());
        Path config = model.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"vocab_size\": 7", "\"vocab_size\": 6"));
        for (String[] command : new String[][] {{"llm", "ppl", "--text", text.toString(), "--window", "4",
            "--stride", "2"}, {"llm", "eval", "--task", "brown_mc"}, {"llm", "lora", "--text", text.toString()}}) {
            err.getBuffer().setLength(0);
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream
                    .of("--model", model.toString(), "--out", out.toString())).toArray(String[]::new);
            assertEquals(2, run(err, args), err.toString());
            assertTrue(err.toString().contains(model.resolve("tokenizer.json") + ": token id 6 ('mat') is at or "
                    + "beyond vocab_size 6 of " + config), err.toString());
            assertTrue(Files.notExists(out));
        }
    }

    @Test
    void evalAndRunWriteValidJsonEvenWhenAStandardErrorIsUndefined() throws Exception {
        Path piqa = dir.resolve("piqa.jsonl");
        Files.writeString(piqa, "{\"goal\": \"the cat\", \"sol1\": \"sat on\", \"sol2\": \"the mat\", "
                + "\"label\": 0}\n");
        Path out = dir.resolve("eval.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "llm", "eval", "--model", model.toString(), "--task", "piqa=" + piqa, "--out",
                out.toString()), err.toString());
        JsonObject result = strict(out).getAsJsonObject().getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals(1, result.get("items").getAsInt());
        assertTrue(result.get("acc_stderr").isJsonNull(), result.toString());
        assertTrue(result.get("acc_norm_stderr").isJsonNull(), result.toString());
        assertTrue(result.get("acc").getAsDouble() == 0 || result.get("acc").getAsDouble() == 1, result.toString());
        Path calibration = dir.resolve("calibration.txt");
        Files.writeString(calibration, "the cat sat on the mat\nthe mat sat\ncat on the cat\n");
        Path runDir = dir.resolve("run");
        assertEquals(0, run(err, "llm", "run", "--model", model.toString(), "--calibration", calibration.toString(),
                "--held-out", text.toString(), "--task", "piqa=" + piqa, "--sequences", "3", "--k", "1", "--keep",
                "1", "--methods", "random", "--window", "4", "--stride", "2", "--out", runDir.toString()),
                err.toString());
        JsonObject manifest = strict(runDir.resolve("manifest.json")).getAsJsonObject();
        assertEquals(1, manifest.getAsJsonObject("results").getAsJsonArray("comparison").get(0).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject("piqa").get("items").getAsInt());
        assertEquals(com.google.gson.JsonNull.INSTANCE, sglp.io.Json.number(Double.NaN));
        assertEquals(com.google.gson.JsonNull.INSTANCE, sglp.io.Json.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void pruneWritesTheSmallerModelAndItsSummaryForEveryMethod() throws Exception {
        Path calibration = dir.resolve("calibration.txt");
        Files.writeString(calibration, "the cat sat on the mat\n\nthe mat sat\ncat on the cat\n");
        for (String method : new String[] {"sglp", "sglp-noseg", "sglp-random", "random", "l1", "l2",
            "shortgpt", "angular", "oneshot"}) {
            Path out = dir.resolve("pruned-" + method);
            StringWriter err = new StringWriter();
            assertEquals(0, run(err, "llm", "prune", "--model", model.toString(), "--keep", "1", "--method", method,
                    "--calibration", calibration.toString(), "--k", "1", "--window", "4", "--stride", "2",
                    "--out", out.toString()), err.toString());
            String json = Files.readString(out.resolve("sglp_prune.json")).strip();
            Matcher mt = Pattern.compile("\\{\"method\":\"" + method + "\",\"keep\":1,\"layers\":2,"
                    + "\"removed\":\\[(\\d)],\"kept\":\\[(\\d)],\"calibration_ppl\":[\\d.]+,"
                    + "\"pruned_calibration_ppl\":([\\d.]+)}").matcher(json);
            assertTrue(mt.matches(), json);
            assertEquals(1, Integer.parseInt(mt.group(1)) + Integer.parseInt(mt.group(2)));
            long[] ids;
            try (TextTokenizer t = TextTokenizer.open(out.resolve("tokenizer.json"))) {
                ids = LongStream.concat(LongStream.concat(LongStream.of(t.encode("the cat sat on the mat")),
                        LongStream.of(t.encode("the mat sat"))), LongStream.of(t.encode("cat on the cat"))).toArray();
            }
            try (LlamaModel m = sglp.llm.HfCheckpoint.load(out)) {
                assertEquals(1, m.config().numLayers());
                assertEquals(Perplexity.compute(m, ids, new Perplexity.Windowing(4, 2)).ppl(),
                        Double.parseDouble(mt.group(3)), 1e-9);
            }
        }
        StringWriter err = new StringWriter();
        Path whole = dir.resolve("pruned-default");
        assertEquals(0, run(err, "llm", "prune", "--model", model.toString(), "--method", "l1", "--calibration",
                calibration.toString(), "--k", "1", "--out", whole.toString()), err.toString());
        assertTrue(Files.readString(whole.resolve("sglp_prune.json")).startsWith("{\"method\":\"l1\",\"keep\":"
                + LlmSession.defaultKeep(2, 1) + ",\"layers\":2,"), "without --keep, three quarters of 2 layers");
        assertEquals(2, run(err, "llm", "prune", "--model", model.toString(), "--keep", "1", "--method", "best",
                "--calibration", calibration.toString(), "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("Invalid value for option '--method': expected one of sglp|sglp-noseg|"
                + "sglp-random|random|l1|l2|shortgpt|angular|oneshot (or ppl1), found 'best'"), err.toString());
    }

    @Test
    void everyLlmCommandTakesDtypeAndDeviceFromOneMixinAndNamesBadValues() throws Exception {
        picocli.CommandLine llm = new picocli.CommandLine(new Main()).getSubcommands().get("llm");
        for (String name : new String[] {"ppl", "prune", "lora", "eval", "run", "compare", "bench", "check"}) {
            picocli.CommandLine.Model.CommandSpec spec = llm.getSubcommands().get(name).getCommandSpec();
            assertTrue(spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof LlmRuntimeOptions),
                    name);
            assertTrue(spec.findOption("--dtype") != null && spec.findOption("--device") != null, name);
        }
        Path out = dir.resolve("ppl.json");
        String[] ppl = {"llm", "ppl", "--model", model.toString(), "--text", text.toString(), "--window", "4",
            "--stride", "2", "--out", out.toString()};
        String[][] cases = {
            {"--dtype", "bfloat16", "--dtype: compute dtype bfloat16: not available with DJL 0.35.1"},
            {"--dtype", "int8", "--dtype: expected float32 or float16, found 'int8'"},
            {"--device", "tpu", "--device"},
            {"--device", "gpu", "--device gpu: expected a CUDA GPU, found none"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(ppl), java.util.stream.Stream.of(
                    c[0], c[1])).toArray(String[]::new);
            assertEquals(2, run(err, args), err.toString());
            assertTrue(err.toString().contains(c[2]), err.toString());
            assertTrue(Files.notExists(out));
        }
    }

    @Test
    void loraOptionsBelongToRunAndAreRefusedByCompareWhichHasNoLora() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "llm", "compare", "--lora-rank", "4"), err.toString());
        assertTrue(err.toString().contains("Unknown options: '--lora-rank', '4'"), err.toString());
        assertNotNull(new CommandLine(new LlmRunCommand()).getCommandSpec().findOption("--lora-rank"));
        assertNull(new CommandLine(new LlmCompareCommand()).getCommandSpec().findOption("--lora-rank"));
    }

    @Test
    void pplInFloat16IsWithinAPercentOfFloat32() throws Exception {
        double[] ppl = new double[2];
        String[] types = {"float32", "float16"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve(types[i] + ".json");
            StringWriter err = new StringWriter();
            assertEquals(0, run(err, "llm", "ppl", "--model", model.toString(), "--text", text.toString(),
                    "--window", "4", "--stride", "2", "--dtype", types[i], "--device", "cpu", "--out",
                    out.toString()), err.toString());
            ppl[i] = strict(out).getAsJsonObject().get("ppl").getAsDouble();
        }
        assertEquals(ppl[0], ppl[1], 0.01 * ppl[0]);
    }

    @Test
    void benchAndCheckMeasureEveryStepOnTheCpu() throws Exception {
        Path bench = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "llm", "bench", "--model", model.toString(), "--tokens", "32", "--window", "8",
                "--device", "cpu", "--out", bench.toString()), err.toString());
        JsonObject row = strict(bench).getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject();
        for (String key : new String[] {"load_seconds", "ppl_tokens_per_s", "matmul_tokens_per_s",
            "lora_tokens_per_s", "matmul_backward_tokens_per_s", "rss_after_load", "peak_rss"}) {
            assertTrue(row.get(key).getAsDouble() > 0, key + " in " + row);
        }
        assertEquals("float32", row.get("dtype").getAsString());
        Path check = dir.resolve("check.json");
        assertEquals(0, run(err, "llm", "check", "--model", model.toString(), "--tokens", "64", "--device", "cpu",
                "--out", check.toString()), err.toString());
        JsonObject c = strict(check).getAsJsonObject();
        assertEquals("[\"load\",\"perplexity\",\"cka\",\"search\",\"lora\",\"export\"]",
                c.getAsJsonObject("steps").keySet().stream().map(k -> "\"" + k + "\"").toList().toString()
                        .replace(" ", ""));
        assertTrue(c.get("peak_rss").getAsLong() > 0);
        assertEquals(2, run(err, "llm", "check", "--tokens", "64", "--device", "cpu"));
        assertTrue(err.toString().contains("expected one of --model DIR and --shaped-8b N, found neither"),
                err.toString());
    }
}
