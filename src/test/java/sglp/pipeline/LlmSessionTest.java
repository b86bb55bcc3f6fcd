package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.llm.BrownRecipe;
import sglp.llm.HfCheckpoint;
import sglp.llm.LlamaModel;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.llm.Perplexity;
import sglp.llm.PruneMethod;
import sglp.progress.Progress;

/** The whole LLaMA path on a small Brown model: stages, comparison rows checked independently, LoRA, folder. */
class LlmSessionTest {

    @TempDir
    Path dir;

    @Test
    void theWholePathOnASmallBrownModel() throws IOException {
        Perplexity.Windowing w = new Perplexity.Windowing(64, 32);
        try (LlmSession s = new LlmSession(0, w, Progress.NONE)) {
            assertEquals("run cka before segment", assertThrows(IllegalStateException.class, () -> s.segment(2))
                    .getMessage());
            LlmModelCard card = s.useBrown(new BrownRecipe(2000, 400, 4, 600, 3e-3, 0), 3000, 40);
            assertTrue(card.heldOut().ppl() < 0.8 * card.unigramPpl(), card.heldOut() + " vs " + card.unigramPpl());
            assertEquals(2999, card.heldOut().tokens());
            var similarity = s.cka(24);
            assertEquals(24, s.calibration().size());
            assertEquals(4, similarity.size());
            var segmentation = s.segment(2);
            assertEquals(2, segmentation.k());
            var search = s.search(3);
            assertEquals(1, search.removed().size());
            LlmComparison c = s.compare(PruneMethod.TABLE_4, 0);
            assertEquals(List.of("Dense", "Random", "Magnitude-L1", "Magnitude-L2", "ShortGPT", "Angular", "SGLP"),
                    c.rows().stream().map(LlmEvaluation::method).toList());
            assertEquals(search.removed(), c.row("SGLP").removed());
            for (LlmEvaluation row : c.rows()) {
                assertEquals(4 - row.removed().size(), row.layers());
                assertEquals(Perplexity.compute(s.model(), s.heldOut(), w, new HashSet<>(row.removed())).ppl(),
                        row.heldOut().ppl(), 1e-6 * row.heldOut().ppl(), row.method());
                assertEquals(List.of("brown_mc"), row.scores().stream().map(t -> t.task()).toList());
                assertEquals(40, row.scores().get(0).items());
            }
            assertEquals(card.heldOut().ppl(), c.row("Dense").heldOut().ppl(), 1e-9);
            assertEquals(c.rows().size(), c.table().rowCount());
            assertEquals(List.of("method", "removed", "layers", "parameters", "held_out_ppl", "brown_mc_acc_pct",
                    "brown_mc_acc_norm_pct", "avg_acc_pct"), c.table().columnNames());

            var lora = s.lora(Lora.builder().optRank(4).optTrainer(LlmTrainer.builder().optSteps(20)
                    .optLearningRate(2e-3).build()).build(), 0);
            assertEquals(20, lora.training().losses().size());
            LlmEvaluation tuned = s.comparison().row("SGLP+LoRA");
            assertEquals(search.removed(), tuned.removed());
            assertTrue(tuned.heldOut().ppl() < c.row("SGLP").heldOut().ppl(),
                    tuned.heldOut() + " vs " + c.row("SGLP").heldOut());

            List<Path> files = ResultsFolder.write(s, dir.resolve("run"), 1.0);
            try (LlamaModel back = HfCheckpoint.load(dir.resolve("run/tuned-model"))) {
                assertEquals(3, back.config().numLayers());
                assertEquals(tuned.heldOut().ppl(), Perplexity.compute(back, s.heldOut(), w).ppl(),
                        1e-6 * tuned.heldOut().ppl());
            }
            for (String name : List.of("tuned-model", "model.csv", "similarity.csv", "cka.html", "segments.json",
                    "search.csv", "comparison.csv", "comparison.html", "lora.csv", "report.html", "manifest.json")) {
                assertTrue(files.contains(dir.resolve("run").resolve(name)), name + " in " + files);
            }
            JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("run/manifest.json")))
                    .getAsJsonObject();
            assertEquals(0, manifest.get("seed").getAsLong());
            assertEquals(8, manifest.getAsJsonObject("results").getAsJsonArray("comparison").size());
            assertEquals(64, manifest.getAsJsonObject("options").get("window").getAsInt());
        }
    }

    @Test
    void compareOverSeedsKeepsTheFirstSeedsTableAndSummarisesEveryMethod() throws IOException {
        Perplexity.Windowing w = new Perplexity.Windowing(64, 32);
        try (LlmSession s = new LlmSession(5, w, Progress.NONE)) {
            s.useBrown(new BrownRecipe(2000, 400, 4, 600, 3e-3, 0), 2000, 20);
            s.cka(16);
            List<long[]> calibration = s.calibration();
            s.segment(2);
            var search = s.search(3);
            List<PruneMethod> methods = List.of(PruneMethod.SGLP, PruneMethod.RANDOM, PruneMethod.L1,
                    PruneMethod.SHORTGPT);
            LlmComparison once = s.compare(methods, 0);
            assertNull(s.seedSummary());
            LlmComparison first = s.compare(methods, 0, 3);
            assertEquals(measured(once), measured(first), "the first seed's table is the one-seed comparison");
            assertSame(calibration, s.calibration(), "the session's own calibration stays");
            LlmSeedSummary over = s.seedSummary();
            assertEquals(12, over.runs().size());
            assertEquals(List.of(5L, 6L, 7L), over.runs("SGLP").stream().map(LlmSeedSummary.Run::seed).toList());
            assertEquals(search.removed(), over.runs("SGLP").get(0).evaluation().removed());
            assertEquals(1, over.stability("Magnitude-L1"), 1e-12, "L1 ranks weights: the same layers every seed");
            for (LlmSeedSummary.Run r : over.runs()) {
                LlmEvaluation e = r.evaluation();
                assertEquals(1, e.removed().size());
                assertEquals(Perplexity.compute(s.model(), s.heldOut(), w, new HashSet<>(e.removed())).ppl(),
                        e.heldOut().ppl(), 1e-6 * e.heldOut().ppl(), e.method() + " seed " + r.seed());
            }
            double[] random = over.perplexities("Random");
            double mean = (random[0] + random[1] + random[2]) / 3;
            assertEquals(mean, over.table().doubleColumn("held_out_ppl_mean").get(1), 1e-9);
            List<Path> files = ResultsFolder.write(s, dir.resolve("seeds"), 1.0);
            for (String name : List.of("comparison.csv", "comparison-summary.csv", "comparison-summary.html",
                    "comparison-seeds.csv")) {
                assertTrue(files.contains(dir.resolve("seeds").resolve(name)), name + " in " + files);
            }
            assertEquals("method,seed,removed,kept,held_out_ppl,avg_acc_pct,parameters,select_seconds",
                    Files.readAllLines(dir.resolve("seeds/comparison-seeds.csv")).get(0));
            assertEquals("seeds: expected at least 1, found 0", assertThrows(IllegalArgumentException.class,
                    () -> s.compare(methods, 0, 0)).getMessage());
        }
    }

    /** What a comparison measured, without its timings. */
    private static List<String> measured(LlmComparison c) {
        return c.rows().stream().map(r -> r.method() + r.removed() + r.heldOut() + r.scores().stream()
                .map(t -> t.task() + " " + t.acc() + " " + t.accNorm()).toList()).toList();
    }
}
