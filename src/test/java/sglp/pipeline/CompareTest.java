package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sglp.progress.Progress;
import sglp.select.SegmentSearch;
import sglp.select.Selectors;

/** Every method on one small model, budget and recipe, over two seeds. */
class CompareTest {

    @Test
    void everyMethodAndSeedIsMeasuredOnTheSameModelAndBudget() {
        try (Session s = new Session(5, Progress.NONE)) {
            s.useMnist(256, 100);
            s.trainModel("resnet20", 1, 64, 0.1);
            double dense = s.accuracyBefore();
            CompareSettings settings = new CompareSettings(Selectors.NAMES, new SearchSettings(4,
                    sglp.score.GradNormSearch.Mode.PAPER, 16), 3, 2, new CkaSettings(64, 64,
                    sglp.cka.Estimator.BIASED, sglp.cka.CkaKernel.LINEAR), SegmentSearch.DEFAULT_LIMIT, 2,
                    new TrainSettings(0, 64, 0.01), null);
            Comparison c = s.compare(settings);
            assertEquals(Selectors.NAMES.size() * 2, c.rows().size());
            assertEquals(Selectors.NAMES, c.methods());
            List<String> layers = s.pretrained().architecture().layerNames();
            for (Comparison.Row r : c.rows()) {
                assertEquals(4, r.kept().size(), r.method());
                Set<String> all = new HashSet<>(r.kept());
                all.addAll(r.removed());
                assertEquals(new HashSet<>(layers), all, r.method());
                assertTrue(r.pruned() >= 0 && r.pruned() <= 1 && r.recalibrated() >= 0 && r.recalibrated() <= 1,
                        r.toString());
                assertTrue(Double.isNaN(r.finetuned()), "no fine-tuning at 0 epochs");
            }
            assertEquals(List.of(5L, 6L), c.rows("l1").stream().map(Comparison.Row::seed).toList());
            assertEquals(1.0, c.stability("l1"), 0.0, "weights do not depend on the seed");
            assertEquals(1.0, c.stability("l2"), 0.0);
            assertEquals(dense, c.dense().accuracy(), 0.0);
            assertEquals(Set.of("pruned", "recalibrated"), c.winners().keySet());
            assertEquals(Selectors.NAMES.size(), c.summary().rowCount());
            for (String m : c.methods()) {
                assertEquals(Math.round(c.rows(m).stream().mapToLong(Comparison.Row::params).average().orElseThrow()),
                        c.summary().longColumn("params").get(c.methods().indexOf(m)), m + ": params, mean over seeds");
            }
            List<String> wins = c.summary().stringColumn("wins").asList();
            for (var w : c.winners().entrySet()) {
                assertTrue(wins.get(c.methods().indexOf(w.getValue())).contains(w.getKey()), wins.toString());
            }
            assertEquals(c.winners().size(), wins.stream().filter(x -> !x.isEmpty())
                    .mapToInt(x -> x.split(", ").length).sum(), wins.toString());
            assertEquals(c.rows().size(), c.table().rowCount());
            assertNull(s.pruned(), "the session's own pruning stays as it was");
            assertTrue(s.timings().containsKey("compare"));
        }
    }
}
