package sglp.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import sglp.pipeline.Session;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The state of a session as a table: one row per stage, in pipeline order, with the magic that runs it. */
final class SessionState {
    /**
     * A stage's row.
     *
     * @param magic the {@code %sglp} subcommand that runs it
     * @param timings the session's names for its time (the model is trained or loaded)
     * @param details what it gave, or null when it has not run
     */
    private record Row(String magic, List<String> timings, Function<Session, String> details) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("data", List.of("data"), s -> s.trainImages() == null ? null : String.format(Locale.ROOT,
                    "%s: %d training, %d test images", s.options().get("data"), s.trainImages().size(),
                    s.testImages().size())),
            new Row("model", List.of("pretrain", "model"), s -> s.pretrained() == null ? null
                    : String.format(Locale.ROOT,
                    "%s: %d prunable layers, top-1 %.2f%%", s.pretrained().architecture().name(),
                    s.pretrained().architecture().layers().size(), 100 * s.accuracyBefore())),
            new Row("cka", List.of("cka"), s -> s.similarity() == null ? null : s.similarity().title()),
            new Row("segment", List.of("segment"), s -> s.segmentation() == null ? null
                    : "k = " + s.segmentation().k() + ": " + s.segmentation().segments()),
            new Row("gradnorm", List.of("search"), s -> s.searchResult() == null ? null
                    : "keeps " + s.searchResult().keptLayers()),
            new Row("prune", List.of("prune"), s -> s.pruneSummary() == null ? null : String.format(Locale.ROOT,
                    "params -%.1f%%, MACs -%.1f%%, top-1 %.2f%% before fine-tuning",
                    100 * s.pruneSummary().paramsReduction(), 100 * s.pruneSummary().macsReduction(),
                    100 * s.accuracyPruned())),
            new Row("finetune", List.of("finetune"), s -> s.finetuning() == null ? null
                    : String.format(Locale.ROOT, "top-1 %.2f%% after fine-tuning", 100 * s.accuracyFinetuned())));

    private SessionState() {
    }

    /**
     * @param s the session
     * @return columns stage, status ("done" or the magic to run), details and seconds
     */
    static Table table(Session s) {
        Table table = Table.create("SGLP session (seed " + s.seed() + ")", StringColumn.create("stage"),
                StringColumn.create("status"), StringColumn.create("details"), DoubleColumn.create("seconds"));
        Map<String, Double> timings = s.timings();
        for (Row row : ROWS) {
            String details = row.details().apply(s);
            table.stringColumn("stage").append(row.magic());
            table.stringColumn("status").append(details == null ? "to do: %sglp " + row.magic() : "done");
            table.stringColumn("details").append(details == null ? "" : details);
            table.doubleColumn("seconds").append(row.timings().stream().filter(timings::containsKey)
                    .mapToDouble(timings::get).reduce(Double::sum).orElse(Double.NaN));
        }
        return table;
    }
}
