package sglp.report;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders of the plotly figures that every result shows: heatmaps, line and scatter charts, grouped bar
 * charts, panels side by side, and what is drawn over them: layout shapes (rectangles, vertical lines), series,
 * a chosen point, a second y axis.
 *
 * <p>The JSON is written directly rather than through Tablesaw's jsplot, which cannot set a heatmap's
 * colorscale or z range, nor add shapes. Every figure has a title and titled axes. Non-finite numbers become
 * JSON {@code null}, which plotly draws as a gap, so the JSON stays valid for Jupyter's plotly renderer.
 *
 * <pre>{@code
 * Figure f = Figures.heatmap("CKA", "layer", "layer", "CKA", names, names, cka, 0, 1, Figures.SEQUENTIAL);
 * f = Figures.withShapes(f, Figures.shapes(Figures.diagonalBlock(0, 4, Figures.ACCENT)));
 * Figure loss = Figures.withChosenPoint(Figures.line("Loss", "k", "loss", List.of(curve)), "chosen k", 3, 0.4);
 * }</pre>
 */
public final class Figures {

    /** Color of what a figure stresses: kept layers, this method's bars (plotly's default blue). */
    public static final String HIGHLIGHT = "#1f77b4";
    /** Color of what a figure plays down: pruned layers, other methods' bars. */
    public static final String MUTED = "#b0b0b0";
    /** Color of marks drawn over a figure: segment boxes, chosen values. */
    public static final String ACCENT = "#d62728";
    /** A sequential colorscale for values in [0, 1], such as similarities. */
    public static final String SEQUENTIAL = "Viridis";

    private static final Gson GSON = new Gson();

    private Figures() {
    }

    /**
     * A heatmap of a matrix with named rows and columns, row 0 on top; hovering a cell shows both names and the
     * value. Axis titles are "column" and "row", the values are "value"; see the overload to name them.
     *
     * @param title the figure title
     * @param x the column names, left to right
     * @param y the row names, top to bottom
     * @param z the values, {@code z[row][column]}
     * @param zmin the value drawn with the lowest color
     * @param zmax the value drawn with the highest color
     * @param colorscale a plotly colorscale name, such as {@link #SEQUENTIAL} or "RdBu"
     * @return the figure
     * @throws IllegalArgumentException if the shape of z does not match the names, or zmin is not below zmax
     */
    public static Figure heatmap(String title, List<String> x, List<String> y, double[][] z, double zmin,
            double zmax, String colorscale) {
        return heatmap(title, "column", "row", "value", x, y, z, zmin, zmax, colorscale);
    }

    /**
     * A heatmap of a matrix with named rows and columns, row 0 on top; hovering a cell shows both names and the
     * value. When rows and columns have the same names, as in a similarity matrix, the cells are square.
     *
     * @param title the figure title
     * @param xTitle the title of the x axis (the columns)
     * @param yTitle the title of the y axis (the rows)
     * @param zTitle what the values are: the title of the color bar
     * @param x the column names, left to right
     * @param y the row names, top to bottom
     * @param z the values, {@code z[row][column]}
     * @param zmin the value drawn with the lowest color
     * @param zmax the value drawn with the highest color
     * @param colorscale a plotly colorscale name, such as {@link #SEQUENTIAL} or "RdBu"
     * @return the figure
     * @throws IllegalArgumentException if the shape of z does not match the names, or zmin is not below zmax
     */
    public static Figure heatmap(String title, String xTitle, String yTitle, String zTitle, List<String> x,
            List<String> y, double[][] z, double zmin, double zmax, String colorscale) {
        if (z.length != y.size()) {
            throw new IllegalArgumentException(
                    "Heatmap '" + title + "': " + z.length + " rows of values but " + y.size() + " row names");
        }
        JsonArray rows = new JsonArray();
        for (int r = 0; r < z.length; r++) {
            if (z[r].length != x.size()) {
                throw new IllegalArgumentException("Heatmap '" + title + "': row " + r + " has " + z[r].length
                        + " values but there are " + x.size() + " column names");
            }
            rows.add(numbers(z[r]));
        }
        if (!(zmin < zmax)) {
            throw new IllegalArgumentException(
                    "Heatmap '" + title + "': zmin " + zmin + " must be below zmax " + zmax);
        }
        JsonObject trace = new JsonObject();
        trace.addProperty("type", "heatmap");
        trace.add("x", GSON.toJsonTree(x));
        trace.add("y", GSON.toJsonTree(y));
        trace.add("z", rows);
        trace.addProperty("zmin", zmin);
        trace.addProperty("zmax", zmax);
        trace.addProperty("colorscale", colorscale);
        JsonObject colorbar = new JsonObject();
        colorbar.add("title", text(zTitle));
        trace.add("colorbar", colorbar);
        trace.addProperty("hovertemplate",
                yTitle + ": %{y}<br>" + xTitle + ": %{x}<br>" + zTitle + ": %{z:.4f}<extra></extra>");
        JsonObject layout = layout(title, xTitle, yTitle);
        layout.getAsJsonObject("xaxis").addProperty("type", "category");
        JsonObject yaxis = layout.getAsJsonObject("yaxis");
        yaxis.addProperty("type", "category");
        yaxis.addProperty("autorange", "reversed");
        if (x.equals(y)) {
            yaxis.addProperty("scaleanchor", "x");
        }
        return new Figure(array(trace), layout);
    }

    /**
     * A line chart (or scatter chart: see {@link Series#withMode(String)}) with one trace per series.
     *
     * @param title the figure title
     * @param xTitle the title of the x axis
     * @param yTitle the title of the y axis
     * @param series the traces, at least one
     * @return the figure
     * @throws IllegalArgumentException if there are no series
     */
    public static Figure line(String title, String xTitle, String yTitle, List<Series> series) {
        JsonArray data = new JsonArray();
        for (Series s : nonEmpty(title, series)) {
            data.add(scatterTrace(s));
        }
        return new Figure(data, layout(title, xTitle, yTitle));
    }

    /**
     * A bar chart: one trace per series, bars of the same x side by side. Per-bar colors
     * ({@link Series#withColors(List)}) highlight single bars, such as kept versus pruned layers.
     *
     * @param title the figure title
     * @param xTitle the title of the x axis
     * @param yTitle the title of the y axis
     * @param series the traces, at least one
     * @return the figure
     * @throws IllegalArgumentException if there are no series
     */
    public static Figure bar(String title, String xTitle, String yTitle, List<Series> series) {
        JsonArray data = new JsonArray();
        for (Series s : nonEmpty(title, series)) {
            data.add(trace("bar", s));
        }
        JsonObject layout = layout(title, xTitle, yTitle);
        layout.addProperty("barmode", "group");
        return new Figure(data, layout);
    }

    /**
     * @param figure a figure
     * @param series a trace to draw over it, for instance markers on chosen points
     * @return a copy of the figure with the series added as a line or scatter trace
     */
    public static Figure withSeries(Figure figure, Series series) {
        JsonArray data = figure.data();
        data.add(scatterTrace(series));
        return new Figure(data, figure.layout());
    }

    /**
     * Panels side by side, each with its own axes: for results whose parts have different scales, such as one
     * ranking per segment. Each panel brings its traces and its x and y axes; the rest of its layout (its title,
     * shapes) is left out.
     *
     * @param title the figure title
     * @param panels the panels, left to right, at least one
     * @return the figure
     * @throws IllegalArgumentException if there are no panels
     */
    public static Figure sideBySide(String title, List<Figure> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("Figure '" + title + "': no panels to draw");
        }
        JsonArray data = new JsonArray();
        JsonObject layout = new JsonObject();
        layout.add("title", text(title));
        for (int p = 0; p < panels.size(); p++) {
            String suffix = p == 0 ? "" : Integer.toString(p + 1);
            for (JsonElement e : panels.get(p).data()) {
                JsonObject trace = e.getAsJsonObject();
                trace.addProperty("xaxis", "x" + suffix);
                trace.addProperty("yaxis", "y" + suffix);
                data.add(trace);
            }
            JsonObject panel = panels.get(p).layout();
            layout.add("xaxis" + suffix, panel.get("xaxis"));
            layout.add("yaxis" + suffix, panel.get("yaxis"));
        }
        JsonObject grid = new JsonObject();
        grid.addProperty("rows", 1);
        grid.addProperty("columns", panels.size());
        grid.addProperty("pattern", "independent");
        layout.add("grid", grid);
        return new Figure(data, layout);
    }

    /**
     * Marks one chosen point, such as the chosen number of segments on a loss curve, with a large star in
     * {@link #ACCENT}.
     *
     * @param figure a line or bar chart
     * @param name the legend name of the mark
     * @param x where the point is on the x axis
     * @param y where the point is on the y axis
     * @return a copy of the figure with the mark drawn over it
     */
    public static Figure withChosenPoint(Figure figure, String name, Object x, double y) {
        JsonObject marker = new JsonObject();
        marker.addProperty("symbol", "star");
        marker.addProperty("size", 16);
        marker.addProperty("color", ACCENT);
        JsonObject trace = scatterTrace(Series.of(name, List.of(x), new double[] {y}).withMode(Series.MARKERS));
        trace.add("marker", marker);
        JsonArray data = figure.data();
        data.add(trace);
        return new Figure(data, figure.layout());
    }

    /**
     * Adds a second y axis on the right, with a fixed range, and draws series against it: for values of another
     * unit than the left axis, such as accuracy next to a loss. The legend moves above the plot, clear of the
     * axis.
     *
     * @param figure a line chart
     * @param title the title of the right axis
     * @param min the lowest value the axis shows
     * @param max the highest value the axis shows
     * @param series the line or scatter traces to draw against the right axis
     * @return a copy of the figure with the axis and the series
     * @throws IllegalArgumentException if min is not below max
     */
    public static Figure withRightAxis(Figure figure, String title, double min, double max, List<Series> series) {
        if (!(min < max)) {
            throw new IllegalArgumentException("Right axis '" + title + "': min " + min + " must be below max " + max);
        }
        JsonArray data = figure.data();
        for (Series s : series) {
            JsonObject trace = scatterTrace(s);
            trace.addProperty("yaxis", "y2");
            data.add(trace);
        }
        JsonObject axis = axis(title);
        axis.addProperty("overlaying", "y");
        axis.addProperty("side", "right");
        JsonArray range = new JsonArray();
        range.add(min);
        range.add(max);
        axis.add("range", range);
        JsonObject legend = new JsonObject();
        legend.addProperty("orientation", "h");
        legend.addProperty("x", 1);
        legend.addProperty("xanchor", "right");
        legend.addProperty("y", 1);
        legend.addProperty("yanchor", "bottom");
        JsonObject layout = figure.layout();
        layout.add("yaxis2", axis);
        layout.add("legend", legend);
        return new Figure(data, layout);
    }

    /**
     * Makes the x axis a category axis that lists the given values in the given order, one tick each: for bars
     * that series share out between them (each series then has a subset of the categories), or for counts
     * such as a number of segments, which would otherwise get fractional ticks.
     *
     * @param figure a line or bar chart
     * @param categories the x values in the order to show them
     * @return a copy of the figure with that x axis
     */
    public static Figure withXCategories(Figure figure, List<?> categories) {
        JsonObject layout = figure.layout();
        JsonObject xaxis = layout.getAsJsonObject("xaxis");
        xaxis.addProperty("type", "category");
        xaxis.addProperty("categoryorder", "array");
        xaxis.add("categoryarray", GSON.toJsonTree(categories));
        return new Figure(figure.data(), layout);
    }

    /**
     * Draws the bars of all series of a bar chart at their x rather than side by side: for series that share
     * out one set of bars, such as kept, pruned and fixed layers (see {@link #withXCategories}).
     *
     * @param figure a bar chart
     * @return a copy of the figure with its bars overlaid
     */
    public static Figure withOverlaidBars(Figure figure) {
        JsonObject layout = figure.layout();
        layout.addProperty("barmode", "overlay");
        return new Figure(figure.data(), layout);
    }

    /**
     * @param figure a figure
     * @param shapes plotly layout shapes, such as those of {@link #rectangle} and {@link #verticalLine}
     * @return a copy of the figure with the shapes added after any it has
     */
    public static Figure withShapes(Figure figure, JsonArray shapes) {
        JsonObject layout = figure.layout();
        JsonArray all = layout.has("shapes") ? layout.getAsJsonArray("shapes") : new JsonArray();
        all.addAll(shapes);
        layout.add("shapes", all);
        return new Figure(figure.data(), layout);
    }

    /**
     * @param shapes plotly layout shapes
     * @return them as a JSON array, for {@link #withShapes(Figure, JsonArray)}
     */
    public static JsonArray shapes(JsonObject... shapes) {
        JsonArray a = new JsonArray();
        for (JsonObject s : shapes) {
            a.add(s);
        }
        return a;
    }

    /**
     * An unfilled rectangle in data coordinates. On a category axis the i-th category is at i, so cells i to j
     * span {@code i - 0.5} to {@code j + 0.5}.
     *
     * @param x0 left edge
     * @param y0 one horizontal edge
     * @param x1 right edge
     * @param y1 the other horizontal edge
     * @param color the CSS color of the outline
     * @return the shape
     */
    public static JsonObject rectangle(double x0, double y0, double x1, double y1, String color) {
        JsonObject s = shape("rect", x0, x1, color);
        s.addProperty("yref", "y");
        s.addProperty("y0", y0);
        s.addProperty("y1", y1);
        return s;
    }

    /**
     * A box around the diagonal cells {@code first..last} of a heatmap: a segment of layers over their
     * similarity matrix.
     *
     * @param first the first row and column inside the box, from 0
     * @param last the last row and column inside the box
     * @param color the CSS color of the outline
     * @return the shape
     * @throws IllegalArgumentException if last is before first or first is negative
     */
    public static JsonObject diagonalBlock(int first, int last, String color) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("Diagonal block " + first + ".." + last
                    + ": expected 0 <= first <= last");
        }
        return rectangle(first - 0.5, first - 0.5, last + 0.5, last + 0.5, color);
    }

    /**
     * A dashed vertical line across the whole plot height.
     *
     * @param x where the line is, in data coordinates
     * @param color the CSS color of the line
     * @return the shape
     */
    public static JsonObject verticalLine(double x, String color) {
        JsonObject s = shape("line", x, x, color);
        s.addProperty("yref", "paper");
        s.addProperty("y0", 0);
        s.addProperty("y1", 1);
        s.getAsJsonObject("line").addProperty("dash", "dash");
        return s;
    }

    private static JsonObject shape(String type, double x0, double x1, String color) {
        JsonObject line = new JsonObject();
        line.addProperty("color", color);
        line.addProperty("width", 2);
        JsonObject s = new JsonObject();
        s.addProperty("type", type);
        s.addProperty("xref", "x");
        s.addProperty("x0", x0);
        s.addProperty("x1", x1);
        s.add("line", line);
        return s;
    }

    private static JsonObject scatterTrace(Series s) {
        JsonObject trace = trace("scatter", s);
        trace.addProperty("mode", s.mode());
        return trace;
    }

    private static JsonObject trace(String type, Series s) {
        JsonObject trace = new JsonObject();
        trace.addProperty("type", type);
        trace.addProperty("name", s.name());
        if (s.name().isEmpty()) {
            trace.addProperty("showlegend", false);
        }
        trace.add("x", GSON.toJsonTree(s.groups().isEmpty() ? s.x() : List.of(s.groups(), innerLabels(s))));
        trace.add("y", numbers(s.y()));
        if (!s.colors().isEmpty()) {
            JsonObject marker = new JsonObject();
            marker.add("color", GSON.toJsonTree(s.colors()));
            trace.add("marker", marker);
        }
        if (!s.text().isEmpty()) {
            trace.add("text", GSON.toJsonTree(s.text()));
        }
        if (!s.hover().isEmpty()) {
            trace.add("hovertext", GSON.toJsonTree(s.hover()));
        }
        return trace;
    }

    /**
     * plotly orders a two-level axis by where each inner label first appears under any group, not by point
     * order. A label already seen under another group therefore gets zero-width spaces (as many as its group's
     * position), so that every group keeps the order of its points.
     */
    private static List<String> innerLabels(Series s) {
        Map<String, String> firstGroup = new HashMap<>();
        Map<String, Integer> groupPosition = new HashMap<>();
        List<String> labels = new ArrayList<>(s.groups().size());
        for (int i = 0; i < s.groups().size(); i++) {
            String group = s.groups().get(i);
            String label = String.valueOf(s.x().get(i));
            int position = groupPosition.computeIfAbsent(group, g -> groupPosition.size());
            String first = firstGroup.putIfAbsent(label, group);
            labels.add(first == null || first.equals(group) ? label : label + "\u200B".repeat(position));
        }
        return labels;
    }

    private static List<Series> nonEmpty(String title, List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("Figure '" + title + "': no series to draw");
        }
        return series;
    }

    private static JsonObject layout(String title, String xTitle, String yTitle) {
        JsonObject layout = new JsonObject();
        layout.add("title", text(title));
        layout.add("xaxis", axis(xTitle));
        layout.add("yaxis", axis(yTitle));
        return layout;
    }

    private static JsonObject axis(String title) {
        JsonObject axis = new JsonObject();
        axis.add("title", text(title));
        axis.addProperty("automargin", true);
        return axis;
    }

    private static JsonObject text(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        return o;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE);
        }
        return a;
    }

    private static JsonArray array(JsonElement e) {
        JsonArray a = new JsonArray();
        a.add(e);
        return a;
    }
}
