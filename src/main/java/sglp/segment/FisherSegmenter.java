package sglp.segment;

import sglp.cka.SimilarityMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Fisher optimal segmentation: splits L ordered layers into k contiguous segments of least total diameter, exactly,
 * by dynamic programming in O(k L<sup>2</sup>) (METHOD.md section 2, paper eq. 12-22).
 *
 * <p>With D(t, u) the diameter of layers t..u (see {@link Diameter}), the least loss of splitting layers 0..u into m
 * segments is Loss*(u, 1) = D(0, u) and Loss*(u, m) = min over m-1 &le; j &le; u of Loss*(j-1, m-1) + D(j, u),
 * where j is where the last segment starts. Back-tracking the minimising j from u = L-1 gives the partition.
 *
 * <p><b>Ties.</b> When several j give exactly the same (floating-point) minimum, the smallest j wins: the earliest
 * split. The partition returned is therefore, among the optimal ones, the one whose last segment starts earliest;
 * among those, the one whose second-last segment starts earliest; and so on back to the first. For example, if
 * every layer has the same row, all partitions cost 0 and the result is {0}, {1}, ..., {k-2}, {k-1..L-1}.
 */
public final class FisherSegmenter {

    private static final double SYMMETRY_TOLERANCE = 1e-9;

    private final Diameter diameter;
    private final int maxK;

    private FisherSegmenter(Builder builder) {
        this.diameter = builder.diameter;
        this.maxK = builder.maxK;
    }

    /** @return a builder with the row-sum diameter and a loss curve up to k = 10 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Splits the layers of a similarity matrix into k segments.
     *
     * @param s the L x L similarity matrix
     * @param k the number of segments, 1 &le; k &le; L
     * @return the optimal segmentation and the loss curve
     * @throws IllegalArgumentException if k is out of range or the matrix is not symmetric
     */
    public Segmentation segment(SimilarityMatrix s, int k) {
        return segment(s.values(), s.names(), k);
    }

    /**
     * Splits L layers into k segments by their similarity matrix. The loss curve covers m = 1 to
     * min(L, max(k, maxK)).
     *
     * @param s an L x L symmetric matrix of finite numbers
     * @param names the L layer names
     * @param k the number of segments, 1 &le; k &le; L
     * @return the optimal segmentation and the loss curve
     * @throws IllegalArgumentException if the matrix is empty, not square, not symmetric (within 1e-9 of its
     *     largest absolute value) or not finite, the names do not match it, or k is out of range
     */
    public Segmentation segment(double[][] s, List<String> names, int k) {
        int size = checkMatrix(s);
        if (names.size() != size) {
            throw new IllegalArgumentException("expected " + size + " layer names (one per row), found "
                    + names.size());
        }
        checkK(size, k);
        DiameterTable diameters = new DiameterTable(diameter.points(s));
        int curve = Math.min(size, Math.max(k, maxK));
        double[][] loss = new double[curve + 1][size];
        int[][] start = new int[curve + 1][size];
        for (int u = 0; u < size; u++) {
            loss[1][u] = diameters.of(0, u);
        }
        for (int m = 2; m <= curve; m++) {
            for (int u = m - 1; u < size; u++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = m - 1; j <= u; j++) {
                    double candidate = loss[m - 1][j - 1] + diameters.of(j, u);
                    if (candidate < best) {
                        best = candidate;
                        start[m][u] = j;
                    }
                }
                loss[m][u] = best;
            }
        }
        List<Segment> segments = new ArrayList<>();
        double[] segmentDiameters = new double[k];
        int last = size - 1;
        for (int m = k; m >= 1; m--) {
            int first = m == 1 ? 0 : start[m][last];
            segments.add(new Segment(first, last));
            segmentDiameters[m - 1] = diameters.of(first, last);
            last = first - 1;
        }
        Collections.reverse(segments);
        double[] lossByK = new double[curve];
        for (int m = 1; m <= curve; m++) {
            lossByK[m - 1] = loss[m][size - 1];
        }
        return new Segmentation(names, k, segments, loss[k][size - 1], lossByK, diameter, segmentDiameters);
    }

    /**
     * @param size the number of layers L
     * @param k a number of segments
     * @throws IllegalArgumentException unless 1 &le; k &le; L
     */
    static void checkK(int size, int k) {
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("k must be between 1 and " + size + " (the number of layers), found "
                    + k);
        }
    }

    private static int checkMatrix(double[][] s) {
        int size = s.length;
        if (size == 0) {
            throw new IllegalArgumentException("expected a non-empty similarity matrix, found 0 rows");
        }
        double largest = 0;
        for (int i = 0; i < size; i++) {
            if (s[i].length != size) {
                throw new IllegalArgumentException("expected a square matrix with " + size + " values in each row,"
                        + " found " + s[i].length + " in row " + i);
            }
            for (int j = 0; j < size; j++) {
                if (!Double.isFinite(s[i][j])) {
                    throw new IllegalArgumentException("expected finite similarities, found " + s[i][j] + " at ["
                            + i + "][" + j + "]");
                }
                largest = Math.max(largest, Math.abs(s[i][j]));
            }
        }
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                if (Math.abs(s[i][j] - s[j][i]) > SYMMETRY_TOLERANCE * largest) {
                    throw new IllegalArgumentException("expected a symmetric matrix (within " + SYMMETRY_TOLERANCE
                            + " x the largest |value| " + largest + "), found [" + i + "][" + j + "] = " + s[i][j]
                            + " but [" + j + "][" + i + "] = " + s[j][i]);
                }
            }
        }
        return size;
    }

    /** Settings of a {@link FisherSegmenter}. */
    public static final class Builder {

        private Diameter diameter = Diameter.ROW_SUM;
        private int maxK = 10;

        private Builder() {
        }

        /**
         * @param diameter how a segment's spread is measured (default {@link Diameter#ROW_SUM})
         * @return this builder
         */
        public Builder optDiameter(Diameter diameter) {
            this.diameter = Objects.requireNonNull(diameter, "diameter");
            return this;
        }

        /**
         * @param maxK the largest number of segments on the loss curve (default 10); the curve always reaches the
         *     requested k and never passes the number of layers
         * @return this builder
         */
        public Builder optMaxK(int maxK) {
            if (maxK < 1) {
                throw new IllegalArgumentException("maxK must be at least 1, found " + maxK);
            }
            this.maxK = maxK;
            return this;
        }

        /** @return a new segmenter */
        public FisherSegmenter build() {
            return new FisherSegmenter(this);
        }
    }
}
