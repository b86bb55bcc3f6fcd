package sglp.llm;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a {@link Lora} tuning did.
 *
 * @param rank r
 * @param alpha the scale's numerator
 * @param targets the adapted projections
 * @param trainableParameters the adapters' weights, the sum over adapted projections of r (in + out)
 * @param baseParameters the model's own weights
 * @param training the adapters' training run
 */
public record LoraResult(int rank, double alpha, List<String> targets, long trainableParameters, long baseParameters,
        LlmTrainer.Result training) implements Displayable {

    /** Copies the list. */
    public LoraResult {
        targets = List.copyOf(targets);
    }

    /** @return one row per setting and outcome */
    @Override
    public Table table() {
        List<Double> losses = training.losses();
        return Table.create("LoRA fine-tuning (merged into the weights)",
                StringColumn.create("property", List.of("rank r", "alpha", "scale alpha/r", "targets",
                        "trainable parameters", "steps", "loss first -> last", "skipped steps", "seconds")),
                StringColumn.create("value", List.of(Integer.toString(rank), fmt(alpha), fmt(alpha / rank),
                        String.join(",", targets), String.format(Locale.ROOT, "%,d (%.2f%% of %,d)",
                                trainableParameters, 100.0 * trainableParameters / baseParameters, baseParameters),
                        Integer.toString(losses.size()), losses.isEmpty() ? "-" : fmt(losses.get(0)) + " -> "
                                + fmt(losses.get(losses.size() - 1)), Integer.toString(training.skipped()),
                        fmt(training.seconds()))));
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** @return the training loss by step */
    @Override
    public Figure figure() {
        List<Double> losses = training.losses();
        return Figures.line("LoRA fine-tuning: training loss", "step", "cross-entropy (nats)", List.of(Series.of(
                "loss", IntStream.rangeClosed(1, losses.size()).boxed().toList(),
                losses.stream().mapToDouble(Double::doubleValue).toArray())));
    }
}
