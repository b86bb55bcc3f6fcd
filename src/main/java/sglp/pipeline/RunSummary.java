package sglp.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import sglp.prune.PruneSummary;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The before/after numbers of a pruning run: top-1 accuracy before pruning, right after it and after fine-tuning,
 * with parameters and MACs before and after.
 *
 * @param model the model's name
 * @param accuracyBefore top-1 test accuracy of the unpruned model
 * @param accuracyPruned top-1 test accuracy right after pruning, before fine-tuning
 * @param accuracyFinetuned top-1 test accuracy after fine-tuning
 * @param pruning what the pruning did
 */
public record RunSummary(String model, double accuracyBefore, double accuracyPruned, double accuracyFinetuned,
        PruneSummary pruning) implements Displayable {

    /** @return rows for accuracy (percent), params and MACs (millions), with the change */
    @Override
    public Table table() {
        double pb = pruning.before().params() / 1e6;
        double pa = pruning.after().params() / 1e6;
        double mb = pruning.before().macs() / 1e6;
        double ma = pruning.after().macs() / 1e6;
        return Table.create(model + ": before and after pruning (MACs: conv+linear multiply-accumulates, thop)",
                StringColumn.create("measure", List.of("top-1 accuracy %", "params (M)", "MACs (M)")),
                rounded("before", 100 * accuracyBefore, pb, mb),
                rounded("pruned", 100 * accuracyPruned, pa, ma),
                rounded("finetuned", 100 * accuracyFinetuned, pa, ma),
                rounded("change_pct", 100 * (accuracyFinetuned - accuracyBefore),
                        -100 * pruning.paramsReduction(), -100 * pruning.macsReduction()));
    }

    private static DoubleColumn rounded(String name, double... values) {
        return DoubleColumn.create(name, Arrays.stream(values).map(v -> Math.round(v * 1e4) / 1e4));
    }

    /** @return accuracy before, right after pruning and after fine-tuning as bars */
    @Override
    public Figure figure() {
        double[] accuracy = {100 * accuracyBefore, 100 * accuracyPruned, 100 * accuracyFinetuned};
        Series bars = Series.of("top-1 accuracy", List.of("before pruning", "pruned", "fine-tuned"), accuracy)
                .withText(Arrays.stream(accuracy).mapToObj(a -> String.format(Locale.ROOT, "%.2f%%", a)).toList());
        return Figures.bar(String.format(Locale.ROOT, "%s: top-1 accuracy (params -%.1f%%, MACs -%.1f%%)", model,
                100 * pruning.paramsReduction(), 100 * pruning.macsReduction()), "", "top-1 accuracy %", List.of(bars));
    }
}
