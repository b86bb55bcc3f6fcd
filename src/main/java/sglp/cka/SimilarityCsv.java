package sglp.cka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sglp.io.AtomicFiles;
import sglp.io.CsvRows;
import sglp.io.InputFiles;

/**
 * The CSV form of a similarity matrix: a header row of the L layer names, then L rows of L numbers in the same
 * order, with no row-label column.
 *
 * <p>Reading ({@link CsvRows}: RFC 4180, blank lines left out) accepts a UTF-8 byte-order mark (which spreadsheet
 * programs write) and drops it. The numbers must be finite similarities in [-1, 1] (CKA lies in [0, 1]; the debiased
 * estimator can be slightly negative, METHOD.md section 1), up to {@link #TOLERANCE} beyond either end, and the
 * matrix symmetric within {@link #TOLERANCE}; anything else is not a similarity matrix and would make the
 * segmentation meaningless.
 */
final class SimilarityCsv {
    /** How far a value may lie outside [-1, 1], and S[i][j] from S[j][i], for rounding by other tools. */
    static final double TOLERANCE = 1e-6;

    private SimilarityCsv() {
    }

    /**
     * Writes the matrix atomically: to a temporary file in the target's directory, then moved over the target.
     *
     * @param s the matrix
     * @param path the target file
     */
    static void write(SimilarityMatrix s, Path path) {
        StringBuilder text = new StringBuilder(String.join(",", s.names())).append('\n');
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < s.size(); j++) {
                text.append(j == 0 ? "" : ",").append(s.get(i, j));
            }
            text.append('\n');
        }
        try {
            AtomicFiles.writeString(path, text.toString());
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write " + path, e);
        }
    }

    /**
     * Reads a matrix written by {@link #write} or by another tool in the same format.
     *
     * @param path the file
     * @return the matrix, with unknown estimator, kernel and sample count
     * @throws IllegalArgumentException naming the file, line and column, if the file is not in that format, a value
     *     is outside [-1, 1] or the matrix is not symmetric (see the class comment)
     */
    static SimilarityMatrix read(Path path) {
        List<CsvRows.Row> rows = CsvRows.parse(InputFiles.readText(path, "a similarity .csv"), path.toString());
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(path + ": expected a header row of layer names, found an empty file");
        }
        List<String> names = header(path, rows.get(0));
        int size = names.size();
        if (rows.size() - 1 != size) {
            throw new IllegalArgumentException(path + ": expected " + size + " rows of numbers after the header (one"
                    + " per layer, a " + size + " x " + size + " matrix), found " + (rows.size() - 1));
        }
        double[][] values = new double[size][];
        int[] lines = new int[size];
        for (int i = 0; i < size; i++) {
            lines[i] = rows.get(i + 1).line();
            values[i] = row(path, rows.get(i + 1), size);
        }
        checkSimilarities(path, names, lines, values);
        return new SimilarityMatrix(names, values);
    }

    private static void checkSimilarities(Path path, List<String> names, int[] lines, double[][] values) {
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values.length; j++) {
                double v = values[i][j];
                if (v < -1 - TOLERANCE || v > 1 + TOLERANCE) {
                    throw new IllegalArgumentException(path + " " + where(names, lines, i, j)
                            + ": expected a similarity in [-1, 1], found " + v);
                }
                if (j < i && Math.abs(v - values[j][i]) > TOLERANCE) {
                    throw new IllegalArgumentException(path + " " + where(names, lines, j, i) + ": expected a "
                            + "symmetric matrix (within " + TOLERANCE + "), found " + values[j][i] + " here and " + v
                            + " at " + where(names, lines, i, j));
                }
            }
        }
    }

    /** The line, column and layer names of matrix entry (i, j). */
    private static String where(List<String> names, int[] lines, int i, int j) {
        return "line " + lines[i] + ", column " + (j + 1) + " (row '" + names.get(i) + "', column '" + names.get(j)
                + "')";
    }

    private static List<String> header(Path path, CsvRows.Row row) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < row.fields().size(); c++) {
            String name = row.fields().get(c).strip();
            if (name.isEmpty() || !seen.add(name)) {
                throw new IllegalArgumentException(path + " line " + row.line() + ", column " + (c + 1)
                        + ": expected a distinct layer name, found " + (name.isEmpty() ? "an empty cell"
                        : "'" + name + "' again"));
            }
            names.add(name);
        }
        return names;
    }

    private static double[] row(Path path, CsvRows.Row row, int size) {
        List<String> cells = row.fields();
        if (cells.size() != size) {
            throw new IllegalArgumentException(path + " line " + row.line() + ": expected " + size
                    + " numbers (one per layer in the header), found " + cells.size());
        }
        double[] values = new double[size];
        for (int c = 0; c < size; c++) {
            String cell = cells.get(c).strip();
            try {
                values[c] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                values[c] = Double.NaN;
            }
            if (!Double.isFinite(values[c])) {
                throw new IllegalArgumentException(path + " line " + row.line() + ", column " + (c + 1)
                        + ": expected a finite number, found '" + cell + "'");
            }
        }
        return values;
    }
}
