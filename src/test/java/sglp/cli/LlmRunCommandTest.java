package sglp.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DataCache;
import sglp.llm.BrownRecipe;
import sglp.llm.HfCheckpoint;
import sglp.progress.Progress;

/** {@code sglp llm train} and {@code sglp llm run} on a small Brown model: files, fields and errors. */
class LlmRunCommandTest {
    private static final String[] SMALL = {"--vocab", "2000", "--documents", "400", "--layers", "4", "--steps",
        "600"};

    @TempDir
    Path dir;

    private static String[] args(String[] head, String... tail) {
        String[] all = new String[head.length + SMALL.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        System.arraycopy(tail, 0, all, head.length + SMALL.length, tail.length);
        return all;
    }

    @Test
    void trainWritesTheModelsNumbers() throws Exception {
        Path out = dir.resolve("train.json");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), args(new String[] {"llm", "train"},
                "--held-out-tokens", "2000", "--out", out.toString())));
        JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        for (String field : List.of("folder", "origin", "layers", "vocab", "parameters", "held_out_ppl",
                "held_out_tokens", "unigram_ppl", "window", "stride", "seconds")) {
            assertTrue(json.has(field), field + " in " + json);
        }
        assertEquals(4, json.get("layers").getAsInt());
        assertEquals(1999, json.get("held_out_tokens").getAsInt());
        assertTrue(json.get("held_out_ppl").getAsDouble() < json.get("unigram_ppl").getAsDouble());
        HfCheckpoint.checkFolder(Path.of(json.get("folder").getAsString()), true);
    }

    @Test
    void runWritesTheComparisonAndTheTunedModel() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), args(new String[] {"llm", "run"},
                "--held-out-tokens", "2000", "--choice-items", "20", "--sequences", "16", "--k", "2",
                "--methods", "random,shortgpt,sglp", "--lora-steps", "5", "--out", out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("comparison.csv"));
        assertEquals("method,removed,layers,parameters,held_out_ppl,brown_mc_acc_pct,brown_mc_acc_norm_pct,"
                + "avg_acc_pct", rows.get(0));
        assertEquals(List.of("Dense", "Random", "ShortGPT", "SGLP", "SGLP+LoRA"),
                rows.subList(1, rows.size()).stream().map(r -> r.substring(0, r.indexOf(','))).toList());
        HfCheckpoint.checkFolder(out.resolve("tuned-model"), true);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
    }

    @Test
    void compareRunsEveryMethodOnOneBudgetWithoutLora() throws Exception {
        Path out = dir.resolve("compare");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), args(new String[] {"llm", "compare"},
                "--held-out-tokens", "2000", "--choice-items", "20", "--sequences", "16", "--k", "2", "--out",
                out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("comparison.csv"));
        assertEquals(List.of("Dense", "SGLP", "SGLP w/o segments", "SGLP w/o search", "Random", "Magnitude-L1",
                "Magnitude-L2",
                "ShortGPT", "Angular", "PPL one-by-one"), rows.subList(1, rows.size()).stream()
                .map(r -> r.substring(0, r.indexOf(','))).toList());
        for (String row : rows.subList(2, rows.size())) {
            assertEquals("3", row.split(",")[2], row);
        }
        assertTrue(Files.notExists(out.resolve("tuned-model")));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
    }

    @Test
    void compareOverSeedsWritesTheSummaryAndEveryRunAndSaysTheWinnersByTheirMeans() throws Exception {
        Path out = dir.resolve("seeds");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute(new PrintWriter(System.err, true), args(new String[] {"llm", "compare"},
                    "--held-out-tokens", "2000", "--choice-items", "20", "--sequences", "16", "--k", "2", "--methods",
                    "sglp,random,l1", "--seeds", "2", "--out", out.toString())));
        } finally {
            System.setOut(stdout);
        }
        List<String> runs = Files.readAllLines(out.resolve("comparison-seeds.csv"));
        assertEquals(List.of("SGLP,0", "Random,0", "Magnitude-L1,0", "SGLP,1", "Random,1", "Magnitude-L1,1"),
                runs.subList(1, runs.size()).stream().map(r -> r.substring(0, r.indexOf(',', r.indexOf(',') + 1)))
                        .toList());
        List<String> summary = Files.readAllLines(out.resolve("comparison-summary.csv"));
        assertEquals("method,seeds,held_out_ppl_mean,held_out_ppl_std,avg_acc_mean_pct,avg_acc_std_pct,"
                + "select_seconds,stability,wins", summary.get(0));
        assertEquals(4, summary.size());
        String said = printed.toString(StandardCharsets.UTF_8);
        assertTrue(said.matches("(?s).*best held_out_ppl, mean over 2 seeds: (SGLP|Random|Magnitude-L1)\n.*"), said);
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(err, true), "llm", "compare", "--seeds", "0"));
        assertTrue(err.toString().contains("Invalid value for option '--seeds': expected at least 1 seed, found 0"),
                err.toString());
    }

    @Test
    void loraWritesTheTunedFolderAndEvalScoresEachTask() throws Exception {
        BrownRecipe recipe = new BrownRecipe(2000, 400, 4, 600, 3e-3, 0);
        Path model = recipe.loadOrTrain(DataCache.dir(), Progress.NONE).folder();
        Path text = dir.resolve("train.txt");
        Files.write(text, recipe.trainSentences().subList(0, 400));
        Path tuned = dir.resolve("tuned");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), "llm", "lora", "--model", model.toString(),
                "--text", text.toString(), "--lora-rank", "2", "--lora-targets", "q_proj,v_proj", "--lora-steps", "4",
                "--out", tuned.toString()));
        HfCheckpoint.checkFolder(tuned, true);
        JsonObject lora = JsonParser.parseString(Files.readString(tuned.resolve("sglp_lora.json"))).getAsJsonObject();
        assertEquals(4, lora.get("steps").getAsInt());
        assertEquals(4 * 2 * (2 * 64 + 64 + 32), lora.get("trainable_parameters").getAsLong());
        for (String field : List.of("rank", "alpha", "targets", "base_parameters", "loss_first", "loss_last",
                "skipped", "seconds")) {
            assertTrue(lora.has(field), field);
        }
        Path piqa = dir.resolve("valid.jsonl");
        Files.writeString(piqa, "{\"goal\": \"the jury said\", \"sol1\": \"it was\", \"sol2\": \"of the\", "
                + "\"label\": 0}\n{\"goal\": \"he said\", \"sol1\": \"that\", \"sol2\": \"the the\", \"label\": 0}\n");
        Path out = dir.resolve("eval.json");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), "llm", "eval", "--model", tuned.toString(),
                "--task", "brown_mc", "--task", "piqa=" + piqa, "--items", "12", "--out", out.toString()));
        JsonObject eval = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        var results = eval.getAsJsonArray("results");
        assertEquals(2, results.size());
        assertEquals("brown_mc", results.get(0).getAsJsonObject().get("task").getAsString());
        assertEquals(12, results.get(0).getAsJsonObject().get("items").getAsInt());
        assertEquals(2, results.get(1).getAsJsonObject().get("items").getAsInt());
        for (String field : List.of("acc", "acc_norm", "acc_stderr", "acc_norm_stderr")) {
            assertTrue(results.get(1).getAsJsonObject().has(field), field);
        }
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(err, true), "llm", "lora", "--model", model.toString(),
                "--text", text.toString(), "--lora-targets", "q_proj,qkv", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("LoRA target 'qkv': expected one of q_proj,"), err.toString());
    }

    @Test
    void wrongWordsAreOneLineErrors() {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(err, true), "llm", "run", "--methods", "sglp,magic"));
        assertTrue(err.toString().contains("Invalid value for option '--methods' (LIST): expected one of sglp|"
                + "sglp-noseg|sglp-random|random|l1|l2|shortgpt|angular|oneshot (or ppl1), found 'magic'"),
                err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, Main.execute(new PrintWriter(err, true), "llm", "run", "--model", dir.toString()));
        assertTrue(err.toString().contains("--model: expected --calibration FILE and --held-out FILE with it, found "
                + "no --calibration"), err.toString());
    }
}
