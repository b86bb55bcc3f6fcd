package sglp.report;

import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Small figures and tables shared by the tests of this package. */
final class Samples {

    static final List<String> LAYERS = List.of("layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0");

    private Samples() {
    }

    /** @return a 5 x 5 similarity-like matrix: 1 on the diagonal, falling off with distance */
    static double[][] similarity() {
        int n = LAYERS.size();
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[i][j] = 1.0 / (1 + Math.abs(i - j));
            }
        }
        return z;
    }

    /** @return a heatmap of {@link #similarity()} with a box around layers 0..1 */
    static Figure heatmap() {
        Figure f = Figures.heatmap("Layer similarity", "layer", "layer", "similarity", LAYERS, LAYERS, similarity(),
                0, 1, Figures.SEQUENTIAL);
        return Figures.withShapes(f, Figures.shapes(Figures.diagonalBlock(0, 1, Figures.ACCENT)));
    }

    /** @return a bar chart with one highlighted bar */
    static Figure bars() {
        return Figures.bar("Channels per layer", "layer", "channels", List.of(
                Series.of("channels", LAYERS, new double[] {16, 16, 32, 32, 64})
                        .withColors(List.of(Figures.HIGHLIGHT, Figures.MUTED, Figures.HIGHLIGHT, Figures.MUTED,
                                Figures.HIGHLIGHT))));
    }

    /** @return a line chart of two series */
    static Figure lines() {
        List<Integer> k = List.of(1, 2, 3, 4);
        return Figures.line("Segment loss", "k", "loss", List.of(
                Series.of("loss", k, new double[] {4, 2, 1, 0.5}).withMode(Series.LINES_AND_MARKERS),
                Series.of("bound", k, new double[] {3, 1.5, Double.NaN, 0.2})));
    }

    /**
     * @param rows the number of rows
     * @return a table "layers" of layer names, counts and fractions
     */
    static Table table(int rows) {
        return Table.create("layers",
                StringColumn.create("name", IntStream.range(0, rows).mapToObj(i -> "<b>layer" + i).toList()),
                IntColumn.create("params", IntStream.range(0, rows).map(i -> 1_000_000 + i).toArray()),
                DoubleColumn.create("cka", IntStream.range(0, rows).mapToDouble(i -> i / 8.0).toArray()));
    }
}
