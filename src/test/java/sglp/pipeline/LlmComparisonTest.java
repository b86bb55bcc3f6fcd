package sglp.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sglp.llm.Perplexity;
import sglp.zeroshot.TaskScore;

/** The winners of a decoder comparison: the dense and the tuned rows never compete, ties go to the earlier row. */
class LlmComparisonTest {

    private static LlmEvaluation row(String method, List<Integer> removed, double ppl, double acc) {
        return new LlmEvaluation(method, removed, 4 - removed.size(), 100, new Perplexity.Result(ppl, 10,
                Math.log(ppl)), List.of(new TaskScore("piqa", 10, acc, acc, 0.1, 0.1, 0)), 0);
    }

    @Test
    void lowestPerplexityAndHighestAccuracyAmongPrunedRows() {
        LlmComparison c = new LlmComparison("m", 4, new Perplexity.Windowing(8, 4), List.of(
                row("Dense", List.of(), 10, 0.9), row("Random", List.of(0), 30, 0.6), row("L1", List.of(1), 20, 0.6),
                row("SGLP", List.of(2), 20, 0.5), row("ShortGPT", List.of(3), Double.NaN, 0.55),
                row(LlmSession.TUNED_ROW, List.of(2), 5, 0.95)));
        assertEquals(Map.of("held_out_ppl", "L1", "avg_acc_pct", "Random"), c.winners());
        assertEquals(List.of("held_out_ppl", "avg_acc_pct"), List.copyOf(c.winners().keySet()));
    }

    @Test
    void noTasksNoAccuracyWinner() {
        LlmComparison c = new LlmComparison("m", 4, new Perplexity.Windowing(8, 4), List.of(
                new LlmEvaluation("Dense", List.of(), 4, 100, new Perplexity.Result(10, 10, 1), List.of(), 0),
                new LlmEvaluation("SGLP", List.of(1), 3, 80, new Perplexity.Result(12, 10, 1), List.of(), 0)));
        assertEquals(Map.of("held_out_ppl", "SGLP"), c.winners());
    }
}
