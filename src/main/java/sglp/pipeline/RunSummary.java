package sglp.pipeline;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import sglp.prune.PruneSummary;
import sglp.report.Displayable;
import sglp.report.Figure;
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
        return DoubleColumn.create(name, java.util.Arrays.stream(values).map(v -> Math.round(v * 1e4) / 1e4));
    }

    /** @return accuracy before, right after pruning and after fine-tuning as bars */
    @Override
    public Figure figure() {
        JsonObject bars = new JsonObject();
        bars.addProperty("type", "bar");
        JsonArray x = new JsonArray();
        List.of("before pruning", "pruned", "fine-tuned").forEach(x::add);
        JsonArray y = new JsonArray();
        y.add(100 * accuracyBefore);
        y.add(100 * accuracyPruned);
        y.add(100 * accuracyFinetuned);
        bars.add("x", x);
        bars.add("y", y);
        bars.addProperty("texttemplate", "%{y:.2f}%");
        JsonArray data = new JsonArray();
        data.add(bars);
        JsonObject layout = new JsonObject();
        layout.addProperty("title", String.format("%s: top-1 accuracy (params -%.1f%%, MACs -%.1f%%)", model,
                100 * pruning.paramsReduction(), 100 * pruning.macsReduction()));
        JsonObject ya = new JsonObject();
        ya.addProperty("title", "top-1 accuracy %");
        layout.add("yaxis", ya);
        return new Figure(data, layout);
    }
}
