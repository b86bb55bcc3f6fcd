package sglp.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named trace of a line, scatter or bar chart: x values (numbers or category names), y values, a plotly
 * drawing mode and optional per-point colors, groups, labels and hover texts.
 *
 * <p>Build one with {@link #of(String, List, double[])} and refine it with the {@code with*} methods:
 * <pre>{@code
 * Series.of("accuracy", epochs, acc).withMode(Series.MARKERS)
 * Series.of("layers", names, channels).withColors(colors)   // bar colors, e.g. kept vs pruned
 * Series.of("top-1", methods, acc).withGroups(datasets)      // two-level axis: dataset, then method
 * Series.of("top-1", stages, acc).withText(percentages)      // values written on the bars
 * Series.of("", ranks, scores).withHover(keptLayers)         // no legend entry; hovering names each point
 * }</pre>
 * Non-finite y values are drawn as gaps.
 *
 * @param name the legend name, or the empty string to leave the series out of the legend
 * @param x the x values, one per point
 * @param y the y values, one per point
 * @param mode the plotly mode of line charts: {@link #LINES}, {@link #MARKERS} or {@link #LINES_AND_MARKERS};
 *     bar charts ignore it
 * @param colors one CSS color per point, or an empty list for the default color of the trace
 * @param groups the outer category of each point, making x a two-level axis (such as dataset, then method),
 *     or an empty list for a plain axis
 * @param text one label per point, written on the bar (bar charts) or shown on hover (line charts), or an
 *     empty list for none
 * @param hover one text per point, shown only on hover, or an empty list for none
 */
public record Series(String name, List<?> x, double[] y, String mode, List<String> colors, List<String> groups,
        List<String> text, List<String> hover) {

    /** Mode: points joined by lines. */
    public static final String LINES = "lines";
    /** Mode: points only. */
    public static final String MARKERS = "markers";
    /** Mode: points joined by lines, each point marked. */
    public static final String LINES_AND_MARKERS = "lines+markers";

    private static final List<String> MODES = List.of(LINES, MARKERS, LINES_AND_MARKERS);

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException if x and y differ in length, the mode is unknown, or colors, groups, text
     *     or hover texts are given but not one per point
     */
    public Series {
        Objects.requireNonNull(name, "name");
        x = List.copyOf(x);
        y = y.clone();
        colors = List.copyOf(colors);
        groups = List.copyOf(groups);
        text = List.copyOf(text);
        hover = List.copyOf(hover);
        if (x.size() != y.length) {
            throw new IllegalArgumentException(
                    "Series '" + name + "': " + x.size() + " x values but " + y.length + " y values");
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("Series '" + name + "': mode '" + mode + "', expected one of " + MODES);
        }
        requireOnePerPoint(name, "colors", colors, y.length);
        requireOnePerPoint(name, "groups", groups, y.length);
        requireOnePerPoint(name, "texts", text, y.length);
        requireOnePerPoint(name, "hover texts", hover, y.length);
    }

    /**
     * A series drawn as lines, with the default color.
     *
     * @param name the legend name
     * @param x the x values
     * @param y the y values, as many as x values
     * @return the series
     */
    public static Series of(String name, List<?> x, double[] y) {
        return new Series(name, x, y, LINES, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * @param newMode {@link #LINES}, {@link #MARKERS} or {@link #LINES_AND_MARKERS}
     * @return this series drawn in the given mode
     */
    public Series withMode(String newMode) {
        return new Series(name, x, y, newMode, colors, groups, text, hover);
    }

    /**
     * @param newColors one CSS color per point
     * @return this series with one color per point (bars or markers)
     */
    public Series withColors(List<String> newColors) {
        return new Series(name, x, y, mode, newColors, groups, text, hover);
    }

    /**
     * @param newGroups the outer category of each point
     * @return this series on a two-level x axis: points are grouped under their outer category, then by x
     */
    public Series withGroups(List<String> newGroups) {
        return new Series(name, x, y, mode, colors, newGroups, text, hover);
    }

    /**
     * @param newText one label per point, such as a formatted value
     * @return this series with its labels written on its bars (line charts show them on hover)
     */
    public Series withText(List<String> newText) {
        return new Series(name, x, y, mode, colors, groups, newText, hover);
    }

    /**
     * @param newHover one text per point, such as what the point stands for
     * @return this series showing the texts, next to x and y, when the pointer is over its points
     */
    public Series withHover(List<String> newHover) {
        return new Series(name, x, y, mode, colors, groups, text, newHover);
    }

    /** @return a copy of the y values */
    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && x.equals(s.x) && Arrays.equals(y, s.y)
                && mode.equals(s.mode) && colors.equals(s.colors) && groups.equals(s.groups) && text.equals(s.text)
                && hover.equals(s.hover);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, x, Arrays.hashCode(y), mode, colors, groups, text, hover);
    }

    private static void requireOnePerPoint(String name, String what, List<String> values, int points) {
        if (!values.isEmpty() && values.size() != points) {
            throw new IllegalArgumentException(
                    "Series '" + name + "': " + values.size() + " " + what + " for " + points + " points");
        }
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + y.length + " points, " + mode + "]";
    }
}
