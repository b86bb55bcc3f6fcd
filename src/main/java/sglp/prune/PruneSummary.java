package sglp.prune;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import sglp.model.Architecture;
import sglp.model.Unit;
import sglp.report.Displayable;
import sglp.report.Figure;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a pruning did: the architectures before and after, the kept and removed layers, parameters and MACs with
 * their reductions. MACs follow thop's convention (multiply-accumulates of convolution and linear layers on one input),
 * as the papers' tables do.
 *
 * @param before the architecture before pruning
 * @param after the architecture after pruning
 */
public record PruneSummary(Architecture before, Architecture after) implements Displayable {

    /** @return the prunable layers kept, in forward order */
    public List<String> keptLayers() {
        return after.layerNames();
    }

    /** @return the prunable layers removed, in forward order */
    public List<String> removedLayers() {
        Set<String> kept = Set.copyOf(after.layerNames());
        return before.layerNames().stream().filter(n -> !kept.contains(n)).toList();
    }

    /** @return the fraction of parameters removed, in [0, 1] */
    public double paramsReduction() {
        return 1 - (double) after.params() / before.params();
    }

    /** @return the fraction of MACs removed, in [0, 1] */
    public double macsReduction() {
        return 1 - (double) after.macs() / before.macs();
    }

    /** @return params and MACs before and after with reductions in percent */
    @Override
    public Table table() {
        return Table.create("pruning " + before.name() + " (MACs: conv+linear multiply-accumulates per image, thop)",
                StringColumn.create("measure", List.of("layers", "params", "MACs")),
                LongColumn.create("before", before.layers().size(), before.params(), before.macs()),
                LongColumn.create("after", after.layers().size(), after.params(), after.macs()),
                DoubleColumn.create("reduction_pct",
                        100.0 * removedLayers().size() / before.layers().size(),
                        100 * paramsReduction(), 100 * macsReduction()));
    }

    /** @return the paper's Fig. 3 style: output channels per unit, kept layers blue, pruned red, fixed units grey */
    @Override
    public Figure figure() {
        Set<String> removed = Set.copyOf(removedLayers());
        JsonArray data = new JsonArray();
        data.add(bars("kept", before.units().stream().filter(u -> u.prunable() && !removed.contains(u.name())).toList(),
                "#1f77b4"));
        data.add(bars("pruned", before.units().stream().filter(u -> removed.contains(u.name())).toList(), "#d62728"));
        data.add(bars("fixed", before.units().stream().filter(u -> !u.prunable()).toList(), "#b0b0b0"));
        JsonObject layout = new JsonObject();
        layout.addProperty("title", before.name() + ": kept and pruned layers (" + keptLayers().size() + " of "
                + before.layers().size() + " kept)");
        layout.addProperty("barmode", "overlay");
        JsonObject x = new JsonObject();
        x.addProperty("title", "unit");
        x.addProperty("type", "category");
        JsonArray order = new JsonArray();
        before.units().forEach(u -> order.add(u.name()));
        x.addProperty("categoryorder", "array");
        x.add("categoryarray", order);
        layout.add("xaxis", x);
        JsonObject y = new JsonObject();
        y.addProperty("title", "output channels");
        layout.add("yaxis", y);
        return new Figure(data, layout);
    }

    private static JsonObject bars(String name, List<Unit> units, String color) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "bar");
        t.addProperty("name", name);
        JsonArray xs = new JsonArray();
        JsonArray ys = new JsonArray();
        units.forEach(u -> {
            xs.add(u.name());
            ys.add(u.outChannels());
        });
        t.add("x", xs);
        t.add("y", ys);
        JsonObject marker = new JsonObject();
        marker.addProperty("color", color);
        t.add("marker", marker);
        return t;
    }

    @Override
    public String toString() {
        return "PruneSummary[" + before.name() + ": kept " + keptLayers().size() + "/" + before.layers().size()
                + ", params -" + String.format("%.1f%%", 100 * paramsReduction()) + ", MACs -"
                + String.format("%.1f%%", 100 * macsReduction()) + ", removed "
                + removedLayers().stream().collect(Collectors.joining(", ")) + "]";
    }
}
