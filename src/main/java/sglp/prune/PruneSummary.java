package sglp.prune;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import sglp.model.Architecture;
import sglp.model.Unit;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
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
        Figure bars = Figures.bar(before.name() + ": kept and pruned layers (" + keptLayers().size() + " of "
                + before.layers().size() + " kept)", "unit", "output channels", List.of(
                bars("kept", u -> u.prunable() && !removed.contains(u.name()), Figures.HIGHLIGHT),
                bars("pruned", u -> removed.contains(u.name()), Figures.ACCENT),
                bars("fixed", u -> !u.prunable(), Figures.MUTED)));
        List<String> units = before.units().stream().map(Unit::name).toList();
        return Figures.withOverlaidBars(Figures.withXCategories(bars, units));
    }

    private Series bars(String name, Predicate<Unit> which, String color) {
        List<Unit> units = before.units().stream().filter(which).toList();
        return Series.of(name, units.stream().map(Unit::name).toList(),
                units.stream().mapToDouble(Unit::outChannels).toArray())
                .withColors(Collections.nCopies(units.size(), color));
    }

    @Override
    public String toString() {
        return "PruneSummary[" + before.name() + ": kept " + keptLayers().size() + "/" + before.layers().size()
                + ", params -" + String.format(Locale.ROOT, "%.1f%%", 100 * paramsReduction()) + ", MACs -"
                + String.format(Locale.ROOT, "%.1f%%", 100 * macsReduction()) + ", removed "
                + removedLayers().stream().collect(Collectors.joining(", ")) + "]";
    }
}
