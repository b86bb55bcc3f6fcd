package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
