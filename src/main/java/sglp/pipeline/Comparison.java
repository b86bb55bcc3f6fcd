package sglp.pipeline;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sglp.io.Json;
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
 * Layer-selection methods compared on one pretrained CNN, one budget and one recovery recipe, over seeds: one row
 * per method and seed with the top-1 accuracy right after pruning, after BatchNorm recalibration and after
 * fine-tuning. {@link #summary()} gives each method's mean and standard deviation over seeds and the agreement of its
 * kept sets across seeds; {@link #winners()} names the best method at each stage.
 *
 * @param model the model's name
 * @param keep M, the layers every method kept
 * @param dense the unpruned model
 * @param rows one per method and seed, in the order they ran
 */
public record Comparison(String model, int keep, Dense dense, List<Row> rows) implements Displayable {

    /** The stages a pruned model is measured at. */
    public static final List<String> STAGES = List.of("pruned", "recalibrated", "finetuned");

    /**
     * The unpruned model.
     *
     * @param accuracy top-1 test accuracy in [0, 1]
     * @param params parameters
     * @param macs multiply-accumulates of one image (thop convention)
     */
    public record Dense(double accuracy, long params, long macs) {
    }

    /**
     * One method on one seed.
     *
     * @param method the method's name
     * @param seed the seed
     * @param removed the removed layers
     * @param kept the kept layers
     * @param pruned top-1 accuracy right after pruning, in [0, 1]
     * @param recalibrated after BatchNorm recalibration, or NaN when it did not run
     * @param finetuned after fine-tuning, or NaN when it did not run
     * @param params parameters of the pruned model
     * @param macs its multiply-accumulates of one image
     * @param selectSeconds the wall time of choosing the layers
     * @param candidates the candidates the method's search scored (0 for methods that rank layers)
     */
    public record Row(String method, long seed, List<String> removed, List<String> kept, double pruned,
            double recalibrated, double finetuned, long params, long macs, double selectSeconds, long candidates) {
        /** Copies the lists. */
        public Row {
            removed = List.copyOf(removed);
            kept = List.copyOf(kept);
        }

        /**
         * @param stage one of {@link #STAGES}
         * @return the accuracy at that stage
         */
        public double accuracy(String stage) {
            return switch (stage) {
                case "pruned" -> pruned;
                case "recalibrated" -> recalibrated;
                case "finetuned" -> finetuned;
                default -> throw new IllegalArgumentException("stage: expected one of " + STAGES + ", found " + stage);
            };
        }
    }

    /** Copies the rows. */
    public Comparison {
        rows = List.copyOf(rows);
    }

    /** @return the methods, in the order they first ran */
    public List<String> methods() {
        return rows.stream().map(Row::method).distinct().toList();
    }

    /**
     * @param method a method
     * @return its rows, one per seed
     */
    public List<Row> rows(String method) {
        return rows.stream().filter(r -> r.method().equals(method)).toList();
    }

    /**
     * @param method a method
     * @param stage one of {@link #STAGES}
     * @return the mean accuracy over seeds at that stage, NaN when the stage did not run
     */
    public double mean(String method, String stage) {
        return OverSeeds.mean(rows(method).stream().mapToDouble(r -> r.accuracy(stage)).toArray());
    }

    /**
     * @param method a method
     * @param stage one of {@link #STAGES}
     * @return the sample standard deviation over seeds (0 for one seed), NaN when the stage did not run
     */
    public double std(String method, String stage) {
        return OverSeeds.std(rows(method).stream().mapToDouble(r -> r.accuracy(stage)).toArray());
    }

    /**
     * How alike a method's kept sets are across seeds: the mean Jaccard index |A ∩ B| / |A ∪ B| over all pairs of
     * seeds (1 for one seed).
     *
     * @param method a method
     * @return the agreement in [0, 1]
     */
    public double stability(String method) {
        return OverSeeds.jaccard(rows(method).stream().map(Row::kept).toList());
    }

    /** @return the method of highest mean accuracy at each stage that ran (ties: the earlier method) */
    public Map<String, String> winners() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String stage : STAGES) {
            String best = null;
            for (String m : methods()) {
                double v = mean(m, stage);
                if (!Double.isNaN(v) && (best == null || v > mean(best, stage))) {
                    best = m;
                }
            }
            if (best != null) {
                out.put(stage, best);
            }
        }
        return out;
    }

    /**
     * @return columns method, seeds, {@code <stage>_mean_pct} and {@code <stage>_std_pct} per stage, params and macs
     *     (means over seeds, rounded: the kept layers, and so the size, can differ by seed),
     *     select_seconds (mean), stability (mean pairwise Jaccard of the kept sets), candidates (the search
     *     space a method's search scored) and wins (the stages at which the method has the best mean, as
     *     {@link #winners()})
     */
    public Table summary() {
        List<String> methods = methods();
        Table t = Table.create("Methods at " + keep + " kept layers of " + model + " (mean over seeds; dense "
                + pct(dense.accuracy()) + "%)", StringColumn.create("method", methods),
                IntColumn.create("seeds", methods.stream().mapToInt(m -> rows(m).size()).toArray()));
        for (String stage : STAGES) {
            t.addColumns(DoubleColumn.create(stage + "_mean_pct", methods.stream().mapToDouble(
                    m -> 100 * mean(m, stage))), DoubleColumn.create(stage + "_std_pct", methods.stream()
                    .mapToDouble(m -> 100 * std(m, stage))));
        }
        t.addColumns(LongColumn.create("params", methods.stream().mapToLong(m -> Math.round(rows(m).stream()
                        .mapToLong(Row::params).average().orElse(0))).toArray()),
                LongColumn.create("macs", methods.stream().mapToLong(m -> Math.round(rows(m).stream()
                        .mapToLong(Row::macs).average().orElse(0))).toArray()),
                DoubleColumn.create("select_seconds", methods.stream().mapToDouble(m -> rows(m).stream()
                        .mapToDouble(Row::selectSeconds).average().orElse(Double.NaN))),
                DoubleColumn.create("stability", methods.stream().mapToDouble(this::stability)),
                LongColumn.create("candidates", methods.stream().mapToLong(m -> rows(m).get(0).candidates())
                        .toArray()), OverSeeds.wins(methods, winners()));
        for (String stage : STAGES) {
            Tables.fixedDecimals(t, 2, stage + "_mean_pct", stage + "_std_pct");
        }
        return Tables.fixedDecimals(t, 3, "select_seconds", "stability");
    }

    /**
     * @return the contract's columns: method, seed, removed and kept (names joined by {@code ;}), acc_pruned,
     *     acc_recalibrated, acc_finetuned (percent; missing where the stage did not run), params, macs,
     *     select_seconds
     */
    @Override
    public Table table() {
        Table t = Table.create("Every method and seed", StringColumn.create("method"), LongColumn.create("seed"),
                StringColumn.create("removed"), StringColumn.create("kept"), DoubleColumn.create("acc_pruned"),
                DoubleColumn.create("acc_recalibrated"), DoubleColumn.create("acc_finetuned"),
                LongColumn.create("params"), LongColumn.create("macs"), DoubleColumn.create("select_seconds"));
        for (Row r : rows) {
            t.stringColumn("method").append(r.method());
            t.longColumn("seed").append(r.seed());
            t.stringColumn("removed").append(String.join(";", r.removed()));
            t.stringColumn("kept").append(String.join(";", r.kept()));
            appendPct(t.doubleColumn("acc_pruned"), r.pruned());
            appendPct(t.doubleColumn("acc_recalibrated"), r.recalibrated());
            appendPct(t.doubleColumn("acc_finetuned"), r.finetuned());
            t.longColumn("params").append(r.params());
            t.longColumn("macs").append(r.macs());
            t.doubleColumn("select_seconds").append(r.selectSeconds());
        }
        return t;
    }

    private static void appendPct(DoubleColumn column, double fraction) {
        if (Double.isNaN(fraction)) {
            column.appendMissing();
        } else {
            column.append(Tables.percent(fraction));
        }
    }

    /** @return grouped bars: each method's mean accuracy at each stage that ran, the dense model beside them */
    @Override
    public Figure figure() {
        List<String> methods = new ArrayList<>(List.of("dense"));
        methods.addAll(methods());
        List<Series> series = new ArrayList<>();
        for (String stage : STAGES) {
            if (Double.isNaN(mean(methods().get(0), stage))) {
                continue;
            }
            double[] y = methods.stream().mapToDouble(m -> m.equals("dense") ? 100 * dense.accuracy()
                    : 100 * mean(m, stage)).toArray();
            List<String> text = methods.stream().map(m -> m.equals("dense") ? pct(dense.accuracy())
                    : pct(mean(m, stage)) + " ± " + pct(std(m, stage))).toList();
            series.add(Series.of(stage, methods, y).withText(text));
        }
        return Figures.bar("Top-1 accuracy at " + keep + " kept layers of " + model + " (mean ± std over seeds)",
                "method", "top-1 accuracy (%)", series);
    }

    /** @return the comparison as JSON, undefined accuracies as null ({@link #fromJson} reads it back) */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("keep", keep);
        JsonObject d = new JsonObject();
        d.add("accuracy", Json.number(dense.accuracy()));
        d.addProperty("params", dense.params());
        d.addProperty("macs", dense.macs());
        o.add("dense", d);
        JsonArray all = new JsonArray();
        for (Row r : rows) {
            JsonObject row = new JsonObject();
            row.addProperty("method", r.method());
            row.addProperty("seed", r.seed());
            row.add("removed", strings(r.removed()));
            row.add("kept", strings(r.kept()));
            row.add("pruned", Json.number(r.pruned()));
            row.add("recalibrated", Json.number(r.recalibrated()));
            row.add("finetuned", Json.number(r.finetuned()));
            row.addProperty("params", r.params());
            row.addProperty("macs", r.macs());
            row.add("selectSeconds", Json.number(r.selectSeconds()));
            row.addProperty("candidates", r.candidates());
            all.add(row);
        }
        o.add("rows", all);
        return o;
    }

    /**
     * @param o a comparison written by {@link #toJsonObject}
     * @return the comparison
     */
    public static Comparison fromJson(JsonObject o) {
        JsonObject d = o.getAsJsonObject("dense");
        List<Row> rows = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("rows")) {
            JsonObject r = e.getAsJsonObject();
            rows.add(new Row(r.get("method").getAsString(), r.get("seed").getAsLong(), strings(r, "removed"),
                    strings(r, "kept"), number(r, "pruned"), number(r, "recalibrated"), number(r, "finetuned"),
                    r.get("params").getAsLong(), r.get("macs").getAsLong(), number(r, "selectSeconds"),
                    r.get("candidates").getAsLong()));
        }
        return new Comparison(o.get("model").getAsString(), o.get("keep").getAsInt(), new Dense(number(d, "accuracy"),
                d.get("params").getAsLong(), d.get("macs").getAsLong()), rows);
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static double number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }
}
