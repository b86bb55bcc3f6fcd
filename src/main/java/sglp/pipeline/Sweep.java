package sglp.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A sweep's points: one comparison per value of the varied option, everything else fixed.
 *
 * @param option the option's name, such as {@code k}
 * @param points the value of each point with its comparison, in the order of the values
 */
public record Sweep(String option, List<Point> points) implements Displayable {

    /**
     * One point.
     *
     * @param value the option's value
     * @param comparison the methods compared there
     */
    public record Point(int value, Comparison comparison) {
    }

    /** Copies the points. */
    public Sweep {
        points = List.copyOf(points);
    }

    /**
     * The accuracy a row shows: after fine-tuning when it ran, else after recalibration, else right after pruning.
     *
     * @param c a comparison
     * @param method a method
     * @return the stage and the mean accuracy there
     */
    private static Map.Entry<String, Double> lastStage(Comparison c, String method) {
        for (String stage : List.of("finetuned", "recalibrated", "pruned")) {
            double v = c.mean(method, stage);
            if (!Double.isNaN(v)) {
                return Map.entry(stage, v);
            }
        }
        return Map.entry("pruned", Double.NaN);
    }

    /**
     * @return one row per point and method: the option's value, the method, kept layers, the mean accuracy of each
     *     stage (percent), params, MACs, select seconds and the kept sets' stability across seeds
     */
    @Override
    public Table table() {
        Table t = Table.create("Sweep of " + option, IntColumn.create(option), StringColumn.create("method"),
                IntColumn.create("kept"), DoubleColumn.create("pruned_pct"), DoubleColumn.create("recalibrated_pct"),
                DoubleColumn.create("finetuned_pct"), LongColumn.create("params"), LongColumn.create("macs"),
                DoubleColumn.create("select_seconds"), DoubleColumn.create("stability"));
        for (Point p : points) {
            Comparison c = p.comparison();
            for (String m : c.methods()) {
                t.intColumn(option).append(p.value());
                t.stringColumn("method").append(m);
                t.intColumn("kept").append(c.keep());
                for (String stage : Comparison.STAGES) {
                    t.doubleColumn(stage + "_pct").append(100 * c.mean(m, stage));
                }
                t.longColumn("params").append(c.rows(m).get(0).params());
                t.longColumn("macs").append(c.rows(m).get(0).macs());
                t.doubleColumn("select_seconds").append(c.rows(m).stream()
                        .mapToDouble(Comparison.Row::selectSeconds).average().orElse(Double.NaN));
                t.doubleColumn("stability").append(c.stability(m));
            }
        }
        return t;
    }

    /** @return each method's accuracy at its last stage against the option's value */
    @Override
    public Figure figure() {
        List<String> methods = points.isEmpty() ? List.of() : points.get(0).comparison().methods();
        List<Series> series = new ArrayList<>();
        String stage = points.isEmpty() ? "pruned" : lastStage(points.get(0).comparison(), methods.get(0)).getKey();
        for (String m : methods) {
            List<Integer> x = points.stream().map(Point::value).toList();
            double[] y = points.stream().mapToDouble(p -> 100 * lastStage(p.comparison(), m).getValue()).toArray();
            series.add(Series.of(m, x, y).withMode(Series.LINES_AND_MARKERS));
        }
        return Figures.line("Top-1 accuracy (" + stage + ") against " + option, option, "top-1 accuracy (%)",
                series);
    }
}
