package sglp.cka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sglp.io.AtomicFiles;
import sglp.io.InputFiles;

/**
 * The CSV form of a similarity matrix: a header row of the L layer names, then L rows of L numbers in the same
 * order, with no row-label column.
 *
 * <p>Reading accepts a UTF-8 byte-order mark (which spreadsheet programs write) and drops it. The numbers must be
 * finite similarities in [-1, 1] (CKA lies in [0, 1]; the debiased estimator can be slightly negative, METHOD.md
 * section 1), up to {@link #TOLERANCE} beyond either end, and the matrix symmetric within {@link #TOLERANCE}; anything
 * else is not a similarity matrix and would make the segmentation meaningless.
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
        List<String> lines = InputFiles.readLines(path, "a similarity .csv");
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw new IllegalArgumentException(path + ": expected a header row of layer names, found an empty file");
        }
        List<String> names = header(path, lines.get(0));
        int size = names.size();
        if (last - 1 != size) {
            throw new IllegalArgumentException(path + ": expected " + size + " rows of numbers after the header (one"
                    + " per layer, a " + size + " x " + size + " matrix), found " + (last - 1));
        }
        double[][] values = new double[size][];
        for (int i = 0; i < size; i++) {
            values[i] = row(path, i + 2, lines.get(i + 1), size);
        }
        checkSimilarities(path, names, values);
        return new SimilarityMatrix(names, values);
    }

    private static void checkSimilarities(Path path, List<String> names, double[][] values) {
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values.length; j++) {
                double v = values[i][j];
                if (v < -1 - TOLERANCE || v > 1 + TOLERANCE) {
                    throw new IllegalArgumentException(where(path, names, i, j) + ": expected a similarity in [-1, 1],"
                            + " found " + v);
                }
                if (j < i && Math.abs(v - values[j][i]) > TOLERANCE) {
                    throw new IllegalArgumentException(where(path, names, j, i) + ": expected a symmetric matrix"
                            + " (within " + TOLERANCE + "), found " + values[j][i] + " here and " + v + " at "
                            + where(null, names, i, j));
                }
            }
        }
    }

    /** The file (if any), line, column and layer names of matrix entry (i, j). */
    private static String where(Path path, List<String> names, int i, int j) {
        return (path == null ? "" : path + " ") + "line " + (i + 2) + ", column " + (j + 1) + " (row '" + names.get(i)
                + "', column '" + names.get(j) + "')";
    }

    private static List<String> header(Path path, String line) {
        String[] cells = line.split(",", -1);
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < cells.length; c++) {
            String name = cells[c].strip();
            if (name.isEmpty() || !seen.add(name)) {
                throw new IllegalArgumentException(path + " line 1, column " + (c + 1) + ": expected a distinct"
                        + " layer name, found " + (name.isEmpty() ? "an empty cell" : "'" + name + "' again"));
            }
            names.add(name);
        }
        return names;
    }

    private static double[] row(Path path, int lineNumber, String line, int size) {
        String[] cells = line.split(",", -1);
        if (cells.length != size) {
            throw new IllegalArgumentException(path + " line " + lineNumber + ": expected " + size
                    + " numbers (one per layer in the header), found " + cells.length);
        }
        double[] values = new double[size];
        for (int c = 0; c < size; c++) {
            String cell = cells[c].strip();
            try {
                values[c] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                values[c] = Double.NaN;
            }
            if (!Double.isFinite(values[c])) {
                throw new IllegalArgumentException(path + " line " + lineNumber + ", column " + (c + 1)
                        + ": expected a finite number, found '" + cell + "'");
            }
        }
        return values;
    }
}
