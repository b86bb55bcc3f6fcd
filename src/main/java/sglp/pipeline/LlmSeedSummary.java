package sglp.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import sglp.report.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Decoder layer-selection methods over seeds, on one model and one budget: each seed draws its own calibration
 * sequences and every method chooses its layers on them; the held-out text and the zero-shot items stay the same, so
 * what varies is the choice. {@link #table()} gives each method's mean and standard deviation of held-out
 * perplexity and mean zero-shot accuracy, and the agreement of its kept sets across seeds (mean pairwise Jaccard, as
 * {@link Comparison#stability} for CNNs); {@link #winners()} names the best method by each mean.
 *
 * @param model the model's name
 * @param layers the decoder layers of the dense model
 * @param dense the dense model's row (the same for every seed)
 * @param runs one per method and seed, in the order they ran
 */
public record LlmSeedSummary(String model, int layers, LlmEvaluation dense, List<Run> runs) implements Displayable {

    /**
     * One method on one seed.
     *
     * @param seed the seed of the calibration draw and of the method's own random choices
     * @param evaluation the pruned model, measured
     */
    public record Run(long seed, LlmEvaluation evaluation) {
    }

    /** Copies the runs. */
    public LlmSeedSummary {
        runs = List.copyOf(runs);
    }

    /** @return the methods, in the order they first ran */
    public List<String> methods() {
        return runs.stream().map(r -> r.evaluation().method()).distinct().toList();
    }

    /**
     * @param method a method
     * @return its runs, one per seed
     */
    public List<Run> runs(String method) {
        return runs.stream().filter(r -> r.evaluation().method().equals(method)).toList();
    }

    /**
     * @param method a method
     * @return the held-out perplexity of each of its runs
     */
    public double[] perplexities(String method) {
        return runs(method).stream().mapToDouble(r -> r.evaluation().heldOut().ppl()).toArray();
    }

    /**
     * @param method a method
     * @return the mean zero-shot accuracy (in [0, 1]) of each of its runs, NaN without tasks
     */
    public double[] accuracies(String method) {
        return runs(method).stream().mapToDouble(r -> r.evaluation().meanAccuracy()).toArray();
    }

    /**
     * @param method a method
     * @return the mean pairwise Jaccard index of its kept layer sets over seeds, in [0, 1] (1 for one seed)
     */
    public double stability(String method) {
        return OverSeeds.jaccard(runs(method).stream().map(r -> kept(r.evaluation().removed())).toList());
    }

    private List<Integer> kept(List<Integer> removed) {
        return IntStream.range(0, layers).filter(l -> !removed.contains(l)).boxed().toList();
    }

    /**
     * The best method by each mean over seeds: lowest held-out perplexity, and highest mean zero-shot accuracy when
     * tasks ran; ties go to the earlier method.
     *
     * @return measure ({@code held_out_ppl}, {@code avg_acc_pct}) to the winning method
     */
    public Map<String, String> winners() {
        Map<String, String> out = new LinkedHashMap<>();
        String lowest = null;
        String highest = null;
        for (String m : methods()) {
            double ppl = OverSeeds.mean(perplexities(m));
            if (Double.isFinite(ppl) && (lowest == null || ppl < OverSeeds.mean(perplexities(lowest)))) {
                lowest = m;
            }
            double acc = OverSeeds.mean(accuracies(m));
            if (!Double.isNaN(acc) && (highest == null || acc > OverSeeds.mean(accuracies(highest)))) {
                highest = m;
            }
        }
        if (lowest != null) {
            out.put("held_out_ppl", lowest);
        }
        if (highest != null) {
            out.put("avg_acc_pct", highest);
        }
        return out;
    }

    /**
     * @return columns method, seeds, held_out_ppl_mean, held_out_ppl_std, avg_acc_mean_pct, avg_acc_std_pct (NaN
     *     without tasks), select_seconds (mean), stability (mean pairwise Jaccard of the kept sets) and wins (the
     *     measures by whose mean the method is best, as {@link #winners()})
     */
    @Override
    public Table table() {
        List<String> methods = methods();
        Table t = Table.create(String.format(Locale.ROOT, "%s: methods at %d of %d decoder layers over seeds (mean and "
                        + "standard deviation; dense held-out perplexity %.2f)", model, layers - removedCount(), layers,
                        dense.heldOut().ppl()),
                StringColumn.create("method", methods),
                IntColumn.create("seeds", methods.stream().mapToInt(m -> runs(m).size()).toArray()),
                DoubleColumn.create("held_out_ppl_mean", methods.stream().mapToDouble(
                        m -> OverSeeds.mean(perplexities(m)))),
                DoubleColumn.create("held_out_ppl_std", methods.stream().mapToDouble(
                        m -> OverSeeds.std(perplexities(m)))),
                DoubleColumn.create("avg_acc_mean_pct", methods.stream().mapToDouble(
                        m -> 100 * OverSeeds.mean(accuracies(m)))),
                DoubleColumn.create("avg_acc_std_pct", methods.stream().mapToDouble(
                        m -> 100 * OverSeeds.std(accuracies(m)))),
                DoubleColumn.create("select_seconds", methods.stream().mapToDouble(m -> OverSeeds.mean(
                        runs(m).stream().mapToDouble(r -> r.evaluation().seconds()).toArray()))),
                DoubleColumn.create("stability", methods.stream().mapToDouble(this::stability)),
                OverSeeds.wins(methods, winners()));
        Tables.fixedDecimals(t, 2, "held_out_ppl_mean", "held_out_ppl_std", "avg_acc_mean_pct", "avg_acc_std_pct");
        return Tables.fixedDecimals(t, 3, "select_seconds", "stability");
    }

    private int removedCount() {
        return runs.isEmpty() ? 0 : runs.get(0).evaluation().removed().size();
    }

    /**
     * @return one row per method and seed: method, seed, removed and kept (layer indices joined by {@code ;}),
     *     held_out_ppl, avg_acc_pct (missing without tasks), parameters and select_seconds
     */
    public Table runsTable() {
        Table t = Table.create(model + ": every method and seed", StringColumn.create("method"),
                LongColumn.create("seed"), StringColumn.create("removed"), StringColumn.create("kept"),
                DoubleColumn.create("held_out_ppl"), DoubleColumn.create("avg_acc_pct"),
                LongColumn.create("parameters"), DoubleColumn.create("select_seconds"));
        for (Run r : runs) {
            LlmEvaluation e = r.evaluation();
            t.stringColumn("method").append(e.method());
            t.longColumn("seed").append(r.seed());
            t.stringColumn("removed").append(LlmEvaluation.joined(e.removed()));
            t.stringColumn("kept").append(LlmEvaluation.joined(kept(e.removed())));
            t.doubleColumn("held_out_ppl").append(e.heldOut().ppl());
            if (Double.isNaN(e.meanAccuracy())) {
                t.doubleColumn("avg_acc_pct").appendMissing();
            } else {
                t.doubleColumn("avg_acc_pct").append(Tables.percent(e.meanAccuracy()));
            }
            t.longColumn("parameters").append(e.parameters());
            t.doubleColumn("select_seconds").append(e.seconds());
        }
        return t;
    }

    /** @return each method's mean held-out perplexity as bars, labelled with mean ± standard deviation */
    @Override
    public Figure figure() {
        List<String> methods = new ArrayList<>(List.of("Dense"));
        methods.addAll(methods());
        double[] y = methods.stream().mapToDouble(m -> m.equals("Dense") ? dense.heldOut().ppl()
                : OverSeeds.mean(perplexities(m))).toArray();
        List<String> text = methods.stream().map(m -> m.equals("Dense")
                ? String.format(Locale.ROOT, "%.2f", dense.heldOut().ppl())
                : String.format(Locale.ROOT, "%.2f ± %.2f", OverSeeds.mean(perplexities(m)),
                        OverSeeds.std(perplexities(m)))).toList();
        return Figures.bar(model + ": held-out perplexity by method (mean ± std over seeds; lower is better)", "method",
                "held-out perplexity", List.of(Series.of("held-out perplexity", methods, y).withText(text)));
    }
}
