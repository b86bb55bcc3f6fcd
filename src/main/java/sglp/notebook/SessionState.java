package sglp.notebook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import sglp.pipeline.LlmSession;
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
    private record Row<S>(String magic, List<String> timings, Function<S, String> details) {
    }

    private static final List<Row<Session>> ROWS = List.of(
            new Row<>("data", List.of("data"), s -> s.trainImages() == null ? null : String.format(Locale.ROOT,
                    "%s: %d training, %d test images", s.options().get("data"), s.trainImages().size(),
                    s.testImages().size())),
            new Row<>("model", List.of("pretrain", "model"), s -> s.pretrained() == null ? null
                    : String.format(Locale.ROOT,
                    "%s: %d prunable layers, top-1 %.2f%%", s.pretrained().architecture().name(),
                    s.pretrained().architecture().layers().size(), 100 * s.accuracyBefore())),
            new Row<>("cka", List.of("cka"), s -> s.similarity() == null ? null : s.similarity().title()),
            new Row<>("segment", List.of("segment"), s -> s.segmentation() == null ? null
                    : "k = " + s.segmentation().k() + ": " + s.segmentation().segments()),
            new Row<>("gradnorm", List.of("search"), s -> s.searchResult() == null ? null
                    : "keeps " + s.searchResult().keptLayers()),
            new Row<>("prune", List.of("prune"), s -> s.pruneSummary() == null ? null : String.format(Locale.ROOT,
                    "params -%.1f%%, MACs -%.1f%%, top-1 %.2f%% before fine-tuning",
                    100 * s.pruneSummary().paramsReduction(), 100 * s.pruneSummary().macsReduction(),
                    100 * s.accuracyPruned())),
            new Row<>("finetune", List.of("finetune"), s -> s.finetuning() == null ? null
                    : String.format(Locale.ROOT, "top-1 %.2f%% after fine-tuning", 100 * s.accuracyFinetuned())));

    private static final List<Row<LlmSession>> LLM_ROWS = List.of(
            new Row<>("llm model", List.of("model"), s -> s.card() == null ? null : String.format(Locale.ROOT,
                    "%s: %d layers, held-out ppl %.2f", s.card().folder().getFileName(), s.card().layers(),
                    s.card().heldOut().ppl())),
            new Row<>("llm cka", List.of("cka"), s -> s.similarity() == null ? null : s.similarity().title()),
            new Row<>("llm segment", List.of("segment"), s -> s.segmentation() == null ? null
                    : "k = " + s.segmentation().k() + ": " + s.segmentation().segments()),
            new Row<>("llm search", List.of("search"), s -> s.searchResult() == null ? null
                    : "keeps " + s.searchResult().kept() + ", removes " + s.searchResult().removed()),
            new Row<>("llm compare", List.of("compare"), s -> s.comparison() == null ? null
                    : s.comparison().rows().size() + " rows: " + s.comparison().rows().stream()
                            .map(r -> r.method()).toList()),
            new Row<>("llm lora", List.of("lora"), s -> s.loraResult() == null ? null : String.format(Locale.ROOT,
                    "rank %d, %d steps", s.loraResult().rank(), s.loraResult().training().losses().size())));

    private SessionState() {
    }

    /**
     * @param s the session
     * @return columns stage, status ("done" or the magic to run), details and seconds
     */
    static Table table(Session s) {
        return table("SGLP session (seed " + s.seed() + ")", ROWS, s, s.timings());
    }

    /**
     * @param s a language-model session
     * @return columns stage, status ("done" or the magic to run), details and seconds
     */
    static Table table(LlmSession s) {
        return table("SGLP-LLM session (seed " + s.seed() + ")", LLM_ROWS, s, s.timings());
    }

    private static <S> Table table(String title, List<Row<S>> rows, S s, Map<String, Double> timings) {
        Table table = Table.create(title, StringColumn.create("stage"), StringColumn.create("status"),
                StringColumn.create("details"), DoubleColumn.create("seconds"));
        for (Row<S> row : rows) {
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
