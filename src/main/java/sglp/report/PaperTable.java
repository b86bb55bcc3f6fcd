package sglp.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;

/**
 * One table published in the SGLP paper, as data: its rows as published and a bar chart of its main metric.
 * Get them from {@link PaperTables}.
 *
 * @param number the table's number in the paper
 * @param caption what the table shows (written for this project: the text copy of the paper has no captions)
 * @param source where the numbers come from
 * @param notes what the transcription could not recover or had to interpret, or the empty string
 * @param table the rows, one per method (a copy is returned: Tablesaw tables are mutable)
 * @param chart how {@link #figure()} draws the table
 */
public record PaperTable(int number, String caption, String source, String notes, Table table, Chart chart)
        implements Displayable {

    /**
     * How a paper table is drawn as bars.
     *
     * <p>With one metric, each row is one bar, under its group's label if there are group columns, and SGLP's
     * own rows are highlighted. With several metrics, the metrics are on the x axis and each row is one series.
     *
     * @param label the column naming each row, such as {@code method}
     * @param groups the columns whose values group the rows, such as {@code dataset} and {@code model}; may be
     *     empty
     * @param metrics the numeric columns drawn, in order
     * @param xTitle the title of the x axis
     * @param yTitle the title of the y axis
     */
    public record Chart(String label, List<String> groups, List<Metric> metrics, String xTitle, String yTitle) {

        /**
         * Copies the lists.
         *
         * @throws IllegalArgumentException if there are no metrics
         */
        public Chart {
            groups = List.copyOf(groups);
            metrics = List.copyOf(metrics);
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("A chart of a paper table needs at least one metric");
            }
        }
    }

    /**
     * A numeric column drawn by a chart.
     *
     * @param column the column name
     * @param name how the chart names it
     */
    public record Metric(String column, String name) {
    }

    /** Copies the table. */
    public PaperTable {
        table = table.copy();
    }

    /** @return a copy of the rows, named "Table N: caption" */
    @Override
    public Table table() {
        return table.copy();
    }

    /** @return a bar chart of the table's main metric per method, as described by {@link #chart()} */
    @Override
    public Figure figure() {
        String title = "Paper Table " + number;
        List<String> labels = uniqueLabels();
        if (chart.metrics().size() == 1) {
            Metric metric = chart.metrics().get(0);
            Series bars = Series.of(metric.name(), labels, values(metric));
            if (!chart.groups().isEmpty()) {
                bars = bars.withGroups(groupLabels());
            }
            if (labels.stream().anyMatch(PaperTable::isSglp)) {
                bars = bars.withColors(labels.stream().map(l -> isSglp(l) ? Figures.HIGHLIGHT : Figures.MUTED)
                        .toList());
            }
            return Figures.bar(title, chart.xTitle(), chart.yTitle(), List.of(bars));
        }
        List<String> metricNames = chart.metrics().stream().map(Metric::name).toList();
        List<Series> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            double[] y = new double[metricNames.size()];
            for (int m = 0; m < y.length; m++) {
                y[m] = values(chart.metrics().get(m))[r];
            }
            rows.add(Series.of(labels.get(r), metricNames, y));
        }
        return Figures.bar(title, chart.xTitle(), chart.yTitle(), rows);
    }

    private static boolean isSglp(String label) {
        return label.contains("SGLP");
    }

    private double[] values(Metric metric) {
        if (!(table.column(metric.column()) instanceof NumberColumn<?, ?> c)) {
            throw new IllegalStateException("Paper table " + number + ": metric column '" + metric.column()
                    + "' is not numeric");
        }
        double[] v = new double[table.rowCount()];
        for (int r = 0; r < v.length; r++) {
            v[r] = c.isMissing(r) ? Double.NaN : c.getDouble(r);
        }
        return v;
    }

    private List<String> groupLabels() {
        List<String> g = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> parts = new ArrayList<>();
            for (String column : chart.groups()) {
                parts.add(table.column(column).getString(r));
            }
            g.add(String.join(" ", parts));
        }
        return g;
    }

    /**
     * Row labels without citation keys ("SR-init [sr-init]" becomes "SR-init"), numbered "(2)", "(3)" where a
     * label repeats inside its group, so that no two bars overlap.
     */
    private List<String> uniqueLabels() {
        List<String> groups = groupLabels();
        Map<String, Integer> seen = new HashMap<>();
        List<String> labels = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            String label = table.column(chart.label()).getString(r).replaceAll("\\s*\\[[^\\]]*]", "");
            int n = seen.merge(groups.get(r) + "\u0000" + label, 1, Integer::sum);
            labels.add(n == 1 ? label : label + " (" + n + ")");
        }
        return labels;
    }
}
