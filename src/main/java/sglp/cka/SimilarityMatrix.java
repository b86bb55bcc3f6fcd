package sglp.cka;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The L x L CKA similarity between the layers of a network, with how it was estimated.
 *
 * <p>A value: the lists and arrays handed in and out are copies. Names are distinct and contain no comma, quote or
 * line break, so that the matrix can always be written as CSV. A matrix read from CSV has unknown provenance:
 * {@code estimator} and {@code kernel} are {@code null} and {@code samples} is 0.
 *
 * @param names the layer names in forward order
 * @param values the similarities, L x L finite numbers
 * @param estimator the HSIC estimator, or {@code null} if unknown
 * @param kernel the kernel, or {@code null} if unknown
 * @param samples the number of calibration samples, or 0 if unknown
 */
public record SimilarityMatrix(List<String> names, double[][] values, Estimator estimator, CkaKernel kernel, int samples)
        implements Displayable {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the names are empty, repeated or unfit for CSV, the values are not
     *     L x L finite numbers, or samples is negative
     */
    public SimilarityMatrix {
        names = List.copyOf(names);
        int size = names.size();
        if (size == 0) {
            throw new IllegalArgumentException("expected at least one layer, found none");
        }
        if (new HashSet<>(names).size() != size) {
            throw new IllegalArgumentException("expected distinct layer names, found duplicates in " + names);
        }
        for (String name : names) {
            if (name.isBlank() || name.matches("(?s).*[,\"\r\n].*")) {
                throw new IllegalArgumentException("expected a layer name without comma, quote or line break,"
                        + " found '" + name + "'");
            }
        }
        if (values.length != size) {
            throw new IllegalArgumentException("expected " + size + " rows of values (one per layer), found "
                    + values.length);
        }
        values = copy(values);
        for (int i = 0; i < size; i++) {
            if (values[i].length != size) {
                throw new IllegalArgumentException("expected " + size + " values in row " + i + " (one per layer),"
                        + " found " + values[i].length);
            }
            for (int j = 0; j < size; j++) {
                if (!Double.isFinite(values[i][j])) {
                    throw new IllegalArgumentException("expected finite similarities, found " + values[i][j]
                            + " at [" + i + "][" + j + "]");
                }
            }
        }
        if (samples < 0) {
            throw new IllegalArgumentException("expected a sample count >= 0, found " + samples);
        }
    }

    /**
     * A matrix of unknown provenance, e.g. read from a file.
     *
     * @param names the layer names in forward order
     * @param values the similarities, L x L
     */
    public SimilarityMatrix(List<String> names, double[][] values) {
        this(names, values, null, null, 0);
    }

    /**
     * Reads a matrix from CSV: a header row of layer names, then L rows of L numbers, no row-label column. A UTF-8
     * byte-order mark before the header is dropped. The numbers must be similarities in [-1, 1] (CKA lies in [0, 1];
     * the debiased estimator can be slightly negative), finite, and symmetric, up to 1e-6 for rounding.
     *
     * @param path the file
     * @return the matrix, with unknown estimator, kernel and sample count
     * @throws IllegalArgumentException naming the file, line and column (and the two layers), if the content is not
     *     such a matrix: NaN or infinite values, values outside [-1, 1], an asymmetric matrix
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static SimilarityMatrix readCsv(Path path) {
        return SimilarityCsv.read(path);
    }

    /**
     * Writes this matrix as CSV (see {@link #readCsv}), atomically: a reader sees the old file or the new one.
     *
     * @param path the file
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void writeCsv(Path path) {
        SimilarityCsv.write(this, path);
    }

    /** @return a copy of the values */
    @Override
    public double[][] values() {
        return copy(values);
    }

    /** @return the number of layers L */
    public int size() {
        return names.size();
    }

    /**
     * @param i a layer index
     * @param j a layer index
     * @return the similarity of layers i and j
     */
    public double get(int i, int j) {
        return values[i][j];
    }

    /** @return e.g. {@code "CKA similarity (linear, biased, n=256)"}, leaving out what is unknown */
    public String title() {
        List<String> parts = new ArrayList<>();
        if (kernel != null) {
            parts.add(kernel.label());
        }
        if (estimator != null) {
            parts.add(estimator.label());
        }
        if (samples > 0) {
            parts.add("n=" + samples);
        }
        return "CKA similarity" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** @return a column "layer" of names, then one column of similarities per layer */
    @Override
    public Table table() {
        Table table = Table.create(title(), StringColumn.create("layer", names));
        for (int j = 0; j < size(); j++) {
            double[] column = new double[size()];
            for (int i = 0; i < size(); i++) {
                column[i] = values[i][j];
            }
            table.addColumns(DoubleColumn.create(names.get(j), column));
        }
        return table;
    }

    /** @return a heatmap with fixed color range [0, 1], layer 0 at the top left */
    @Override
    public Figure figure() {
        return figure(List.of());
    }

    /**
     * The heatmap with contiguous segments outlined: a rectangle around each diagonal block.
     *
     * @param segments {first, last} layer indices of each segment, 0-based inclusive
     * @return the figure
     * @throws IllegalArgumentException if a segment is not a pair 0 &le; first &le; last &lt; L
     */
    public Figure figure(List<int[]> segments) {
        String suffix = segments.isEmpty() ? "" : " with " + segments.size() + " segments";
        Figure heatmap = Figures.heatmap(title() + suffix, "layer", "layer", "CKA", names, names, values, 0, 1,
                Figures.SEQUENTIAL);
        return Figures.withShapes(heatmap, Figures.shapes(segments.stream().map(this::outline)
                .toArray(JsonObject[]::new)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimilarityMatrix s && names.equals(s.names) && Arrays.deepEquals(values, s.values)
                && estimator == s.estimator && kernel == s.kernel && samples == s.samples;
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, Arrays.deepHashCode(values), estimator, kernel, samples);
    }

    @Override
    public String toString() {
        return "SimilarityMatrix[" + size() + " layers, " + title() + "]";
    }

    private JsonObject outline(int[] segment) {
        if (segment.length != 2 || segment[0] < 0 || segment[0] > segment[1] || segment[1] >= size()) {
            throw new IllegalArgumentException("expected a segment {first, last} with 0 <= first <= last <= "
                    + (size() - 1) + ", found " + Arrays.toString(segment));
        }
        return Figures.diagonalBlock(segment[0], segment[1], Figures.ACCENT);
    }

    private static double[][] copy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}
