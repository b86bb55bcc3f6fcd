package sglp.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named trace of a line, scatter or bar chart: x values (numbers or category names), y values, a plotly
 * drawing mode and optional per-point colors.
 *
 * <p>Build one with {@link #of(String, List, double[])} and refine it with the {@code with*} methods:
 * <pre>{@code
 * Series.of("accuracy", epochs, acc).withMode(Series.MARKERS)
 * Series.of("layers", names, channels).withColors(colors)   // bar colors, e.g. kept vs pruned
 * Series.of("top-1", methods, acc).withGroups(datasets)      // two-level axis: dataset, then method
 * }</pre>
 * Non-finite y values are drawn as gaps.
 *
 * @param name the legend name
 * @param x the x values, one per point
 * @param y the y values, one per point
 * @param mode the plotly mode of line charts: {@link #LINES}, {@link #MARKERS} or {@link #LINES_AND_MARKERS};
 *     bar charts ignore it
 * @param colors one CSS color per point, or an empty list for the default color of the trace
 * @param groups the outer category of each point, making x a two-level axis (such as dataset, then method),
 *     or an empty list for a plain axis
 */
public record Series(String name, List<?> x, double[] y, String mode, List<String> colors, List<String> groups) {

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
     * @throws IllegalArgumentException if x and y differ in length, the mode is unknown, or colors or groups are
     *     given but not one per point
     */
    public Series {
        Objects.requireNonNull(name, "name");
        x = List.copyOf(x);
        y = y.clone();
        colors = List.copyOf(colors);
        groups = List.copyOf(groups);
        if (x.size() != y.length) {
            throw new IllegalArgumentException(
                    "Series '" + name + "': " + x.size() + " x values but " + y.length + " y values");
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("Series '" + name + "': mode '" + mode + "', expected one of " + MODES);
        }
        requireOnePerPoint(name, "colors", colors, y.length);
        requireOnePerPoint(name, "groups", groups, y.length);
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
        return new Series(name, x, y, LINES, List.of(), List.of());
    }

    /**
     * @param newMode {@link #LINES}, {@link #MARKERS} or {@link #LINES_AND_MARKERS}
     * @return this series drawn in the given mode
     */
    public Series withMode(String newMode) {
        return new Series(name, x, y, newMode, colors, groups);
    }

    /**
     * @param newColors one CSS color per point
     * @return this series with one color per point (bars or markers)
     */
    public Series withColors(List<String> newColors) {
        return new Series(name, x, y, mode, newColors, groups);
    }

    /**
     * @param newGroups the outer category of each point
     * @return this series on a two-level x axis: points are grouped under their outer category, then by x
     */
    public Series withGroups(List<String> newGroups) {
        return new Series(name, x, y, mode, colors, newGroups);
    }

    /** @return a copy of the y values */
    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && x.equals(s.x) && Arrays.equals(y, s.y)
                && mode.equals(s.mode) && colors.equals(s.colors) && groups.equals(s.groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, x, Arrays.hashCode(y), mode, colors, groups);
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
