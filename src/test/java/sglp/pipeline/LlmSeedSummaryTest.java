package sglp.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sglp.llm.Perplexity;
import sglp.zeroshot.TaskScore;
import tech.tablesaw.api.Table;

/** The decoder methods over seeds: means, sample standard deviations, stability and winners, checked by hand. */
class LlmSeedSummaryTest {

    private static LlmEvaluation row(String method, List<Integer> removed, double ppl, double acc) {
        return new LlmEvaluation(method, removed, 6 - removed.size(), 1000, new Perplexity.Result(ppl, 100,
                Math.log(ppl)), List.of(new TaskScore("t", 10, acc, acc, 0, 0, 0)), 0.5);
    }

    private static final LlmSeedSummary SUMMARY = new LlmSeedSummary("m", 6, row("Dense", List.of(), 10, 0.9),
            List.of(new LlmSeedSummary.Run(0, row("A", List.of(1, 2), 20, 0.5)),
                    new LlmSeedSummary.Run(0, row("B", List.of(4, 5), 18, 0.4)),
                    new LlmSeedSummary.Run(1, row("A", List.of(1, 3), 24, 0.7)),
                    new LlmSeedSummary.Run(1, row("B", List.of(4, 5), 19, 0.4)),
                    new LlmSeedSummary.Run(2, row("A", List.of(2, 3), 22, 0.6)),
                    new LlmSeedSummary.Run(2, row("B", List.of(4, 5), 20, 0.4))));

    @Test
    void meansDeviationsAndStabilityAreTheHandComputedOnes() {
        assertEquals(List.of("A", "B"), SUMMARY.methods());
        Table t = SUMMARY.table();
        assertEquals(List.of("method", "seeds", "held_out_ppl_mean", "held_out_ppl_std", "avg_acc_mean_pct",
                "avg_acc_std_pct", "select_seconds", "stability", "wins"), t.columnNames());
        assertEquals(List.of("avg_acc_pct", "held_out_ppl"), t.stringColumn("wins").asList());
        assertEquals(22, t.doubleColumn("held_out_ppl_mean").get(0), 1e-12);
        assertEquals(2, t.doubleColumn("held_out_ppl_std").get(0), 1e-12); // (4 + 4 + 0) / 2 = 4
        assertEquals(60, t.doubleColumn("avg_acc_mean_pct").get(0), 1e-9);
        assertEquals(10, t.doubleColumn("avg_acc_std_pct").get(0), 1e-9);
        assertEquals(0, t.doubleColumn("avg_acc_std_pct").get(1), 1e-12);
        // kept sets of A: {0,3,4,5}, {0,2,4,5}, {0,1,4,5}: every pair shares 3 of 5 layers
        assertEquals(0.6, SUMMARY.stability("A"), 1e-12);
        assertEquals(1, SUMMARY.stability("B"), 1e-12);
        assertEquals(3, t.intColumn("seeds").get(1));
    }

    @Test
    void winnersAreByTheMeansAndTheRunsTableHasOneRowPerMethodAndSeed() {
        assertEquals(Map.of("held_out_ppl", "B", "avg_acc_pct", "A"), SUMMARY.winners());
        Table runs = SUMMARY.runsTable();
        assertEquals(List.of("method", "seed", "removed", "kept", "held_out_ppl", "avg_acc_pct", "parameters",
                "select_seconds"), runs.columnNames());
        assertEquals(6, runs.rowCount());
        assertEquals("1;3", runs.stringColumn("removed").get(2));
        assertEquals("0;2;4;5", runs.stringColumn("kept").get(2));
        assertEquals(70, runs.doubleColumn("avg_acc_pct").get(2), 1e-9);
    }
}
