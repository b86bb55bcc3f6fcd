package sglp.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import sglp.llm.Perplexity;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import sglp.zeroshot.TaskScore;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The methods side by side on the same budget, in the format of the paper's Table 4: one row per method with its
 * zero-shot accuracies in percent and their mean, beside the held-out perplexity and the size left.
 *
 * @param model the model's name
 * @param layers the decoder layers of the dense model
 * @param windowing the windows of the held-out perplexity
 * @param rows the dense model first, then each method
 */
public record LlmComparison(String model, int layers, Perplexity.Windowing windowing, List<LlmEvaluation> rows)
        implements Displayable {

    /** Copies the list. */
    public LlmComparison {
        rows = List.copyOf(rows);
    }

    /** @return the tasks' names, from the first row */
    public List<String> tasks() {
        return rows.isEmpty() ? List.of() : rows.get(0).scores().stream().map(TaskScore::task).toList();
    }

    /**
     * @param method a row's name
     * @return that row
     * @throws IllegalArgumentException if there is none
     */
    public LlmEvaluation row(String method) {
        return rows.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no row '" + method + "'; rows: "
                        + rows.stream().map(LlmEvaluation::method).toList()));
    }

    /**
     * @param row another row
     * @return a copy with the row added at the end, or replacing the row of the same name
     */
    public LlmComparison with(LlmEvaluation row) {
        List<LlmEvaluation> all = new ArrayList<>(without(row.method()).rows);
        all.add(row);
        return new LlmComparison(model, layers, windowing, all);
    }

    /**
     * @param method a row's method
     * @return a copy without that row
     */
    public LlmComparison without(String method) {
        return new LlmComparison(model, layers, windowing, rows.stream().filter(r -> !r.method().equals(method))
                .toList());
    }

    /**
     * The best pruned row by each measure: lowest held-out perplexity, and highest mean zero-shot accuracy when
     * tasks ran. The pruned rows compete on one footing: the dense row and the LoRA-tuned row
     * ({@value LlmSession#TUNED_ROW}, a later stage) do not; ties go to the earlier row.
     *
     * @return measure ({@code held_out_ppl}, {@code avg_acc_pct}) to the winning row's method
     */
    public Map<String, String> winners() {
        List<LlmEvaluation> pruned = rows.stream()
                .filter(r -> !r.removed().isEmpty() && !r.method().equals(LlmSession.TUNED_ROW)).toList();
        Map<String, String> out = new LinkedHashMap<>();
        pruned.stream().filter(r -> Double.isFinite(r.heldOut().ppl()))
                .min(Comparator.comparingDouble(r -> r.heldOut().ppl()))
                .ifPresent(r -> out.put("held_out_ppl", r.method()));
        if (!tasks().isEmpty()) {
            pruned.stream().max(Comparator.comparingDouble(LlmEvaluation::meanAccuracy)).ifPresent(r -> out.put("avg_acc_pct", r.method()));
        }
        return out;
    }

    /**
     * @return columns method, removed (layer indices joined by {@code ;}, empty for the dense model), layers,
     *     parameters, held-out perplexity, then {@code <task>_acc_pct} and
     *     {@code <task>_acc_norm_pct} per task and {@code avg_acc_pct}
     */
    @Override
    public Table table() {
        Table t = Table.create(model + ": methods on one budget, Table 4 format (held-out perplexity: "
                        + windowing.describe() + "; accuracies in %)",
                StringColumn.create("method", rows.stream().map(LlmEvaluation::method)),
                StringColumn.create("removed", rows.stream().map(r -> LlmEvaluation.joined(r.removed()))),
                IntColumn.create("layers", rows.stream().mapToInt(LlmEvaluation::layers).toArray()),
                LongColumn.create("parameters", rows.stream().mapToLong(LlmEvaluation::parameters).toArray()),
                rounded("held_out_ppl", rows.stream().mapToDouble(r -> r.heldOut().ppl()).toArray()));
        List<String> tasks = tasks();
        for (int i = 0; i < tasks.size(); i++) {
            int task = i;
            t.addColumns(rounded(tasks.get(i) + "_acc_pct",
                    rows.stream().mapToDouble(r -> 100 * r.scores().get(task).acc()).toArray()));
            t.addColumns(rounded(tasks.get(i) + "_acc_norm_pct",
                    rows.stream().mapToDouble(r -> 100 * r.scores().get(task).accNorm()).toArray()));
        }
        return t.addColumns(rounded("avg_acc_pct",
                rows.stream().mapToDouble(r -> 100 * r.meanAccuracy()).toArray()));
    }

    private static DoubleColumn rounded(String name, double[] values) {
        return DoubleColumn.create(name, IntStream.range(0, values.length)
                .mapToDouble(i -> Math.round(values[i] * 100) / 100.0).toArray());
    }

    /** @return each task's accuracy per method as grouped bars, the held-out perplexity on a right axis */
    @Override
    public Figure figure() {
        List<String> methods = rows.stream().map(LlmEvaluation::method).toList();
        List<String> tasks = tasks();
        List<Series> bars = IntStream.range(0, tasks.size()).mapToObj(i -> Series.of(tasks.get(i) + " acc %",
                methods, rows.stream().mapToDouble(r -> 100 * r.scores().get(i).acc()).toArray())).toList();
        Figure figure = Figures.bar(model + ": zero-shot accuracy and held-out perplexity by method", "",
                "accuracy %", bars.isEmpty() ? List.of(Series.of("no tasks", methods, new double[methods.size()]))
                        : bars);
        double[] ppl = rows.stream().mapToDouble(r -> r.heldOut().ppl()).toArray();
        double max = Arrays.stream(ppl).filter(Double::isFinite).max().orElse(1);
        return Figures.withRightAxis(figure, "held-out perplexity", 0, 1.1 * max,
                List.of(Series.of("held-out perplexity", methods, ppl).withMode(Series.LINES_AND_MARKERS)));
    }
}
