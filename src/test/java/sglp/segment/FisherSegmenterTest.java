package sglp.segment;

import org.junit.jupiter.api.Test;
import sglp.cka.SimilarityMatrix;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FisherSegmenterTest {

    private final Random random = new Random(1234);

    @Test
    void diameterTableMatchesTheDefinition() {
        for (Diameter diameter : Diameter.values()) {
            double[][] s = randomSymmetric(9);
            double[][] points = diameter.points(s);
            DiameterTable table = new DiameterTable(points);
            for (int t = 0; t < 9; t++) {
                for (int u = t; u < 9; u++) {
                    assertEquals(spread(points, t, u), table.of(t, u), 1e-12, diameter + " " + t + ".." + u);
                }
            }
        }
    }

    @Test
    void dynamicProgrammingEqualsBruteForceOverEveryPartition() {
        for (int size = 1; size <= 10; size++) {
            for (int trial = 0; trial < 15; trial++) {
                double[][] s = randomSymmetric(size);
                for (Diameter diameter : Diameter.values()) {
                    FisherSegmenter segmenter = FisherSegmenter.builder().optDiameter(diameter).optMaxK(size).build();
                    DiameterTable table = new DiameterTable(diameter.points(s));
                    for (int k = 1; k <= size; k++) {
                        Segmentation dp = segmenter.segment(s, names(size), k);
                        BruteForce best = bruteForce(table, size, k);
                        assertEquals(Segmentation.partitions(size, k), BigInteger.valueOf(best.count));
                        assertEquals(best.loss, dp.loss(), 1e-12);
                        assertEquals(best.segments, dp.segments(), () -> "L=" + dp.names().size() + " " + diameter);
                        assertEquals(dp.loss(), dp.lossByK()[k - 1]);
                    }
                }
            }
        }
    }

    @Test
    void tiesGoToTheEarliestSplit() {
        double[][] same = new double[6][6];
        for (double[] row : same) {
            java.util.Arrays.fill(row, 1);
        }
        for (Diameter diameter : Diameter.values()) {
            Segmentation s = FisherSegmenter.builder().optDiameter(diameter).build().segment(same, names(6), 3);
            assertEquals(List.of(new Segment(0, 0), new Segment(1, 1), new Segment(2, 5)), s.segments());
            assertEquals(0, s.loss());
        }
        // Row sums 5, 6, 6, 5: splitting after layer 0 or after layer 2 costs exactly the same.
        double[][] mirrored = {{4, 1, 0, 0}, {1, 4, 1, 0}, {0, 1, 4, 1}, {0, 0, 1, 4}};
        Segmentation s = FisherSegmenter.builder().build().segment(mirrored, names(4), 2);
        assertEquals(List.of(new Segment(0, 0), new Segment(1, 3)), s.segments());
        assertEquals(bruteForce(new DiameterTable(Diameter.ROW_SUM.points(mirrored)), 4, 2).segments, s.segments());
    }

    @Test
    void findsThreeClearBlocks() {
        double[][] s = blocks(2, 4, 3);
        List<Segment> expected = List.of(new Segment(0, 1), new Segment(2, 5), new Segment(6, 8));
        for (Diameter diameter : Diameter.values()) {
            Segmentation result = FisherSegmenter.builder().optDiameter(diameter).build().segment(s, names(9), 3);
            assertEquals(expected, result.segments(), diameter.name());
        }
        assertEquals(0, FisherSegmenter.builder().build().segment(s, names(9), 3).loss());
    }

    @Test
    void onlyTheRowDiameterSeesBlocksOfEqualRowSums() {
        double[][] s = blocks(3, 3, 3);
        List<Segment> blocks = List.of(new Segment(0, 2), new Segment(3, 5), new Segment(6, 8));
        assertEquals(blocks, FisherSegmenter.builder().optDiameter(Diameter.ROWS).build()
                .segment(s, names(9), 3).segments());
        assertEquals(List.of(new Segment(0, 0), new Segment(1, 1), new Segment(2, 8)),
                FisherSegmenter.builder().build().segment(s, names(9), 3).segments());
    }

    @Test
    void lossCurveFallsToZeroAtOneLayerPerSegment() {
        double[][] s = randomSymmetric(12);
        for (Diameter diameter : Diameter.values()) {
            double[] curve = FisherSegmenter.builder().optDiameter(diameter).optMaxK(12).build()
                    .segment(s, names(12), 4).lossByK();
            assertEquals(12, curve.length);
            for (int m = 1; m < curve.length; m++) {
                assertTrue(curve[m] <= curve[m - 1] + 1e-12, "non-increasing at k = " + (m + 1));
            }
            assertEquals(0, curve[11]);
        }
        assertEquals(10, FisherSegmenter.builder().build().segment(s, names(12), 3).lossByK().length);
        assertEquals(5, FisherSegmenter.builder().optMaxK(2).build().segment(s, names(12), 5).lossByK().length);
        double[][] small = randomSymmetric(6);
        assertEquals(6, FisherSegmenter.builder().build().segment(small, names(6), 2).lossByK().length);
    }

    @Test
    void segmentsASimilarityMatrixByItsNames() {
        double[][] s = blocks(2, 4, 3);
        SimilarityMatrix matrix = new SimilarityMatrix(names(9), s);
        FisherSegmenter segmenter = FisherSegmenter.builder().build();
        assertEquals(segmenter.segment(s, names(9), 3), segmenter.segment(matrix, 3));
    }

    @Test
    void rejectsBadInputWithExpectedAndFound() {
        FisherSegmenter segmenter = FisherSegmenter.builder().build();
        double[][] s = randomSymmetric(9);
        assertMessage("k must be between 1 and 9 (the number of layers), found 12",
                () -> segmenter.segment(s, names(9), 12));
        assertMessage("k must be between 1 and 9 (the number of layers), found 0",
                () -> segmenter.segment(s, names(9), 0));
        assertMessage("expected a non-empty similarity matrix, found 0 rows",
                () -> segmenter.segment(new double[0][0], List.of(), 1));
        assertMessage("expected a square matrix with 2 values in each row, found 3 in row 1",
                () -> segmenter.segment(new double[][] {{1, 0}, {0, 1, 0}}, names(2), 1));
        assertMessage("expected finite similarities, found NaN at [0][1]",
                () -> segmenter.segment(new double[][] {{1, Double.NaN}, {0, 1}}, names(2), 1));
        assertMessage("expected a symmetric matrix (within 1.0E-9 x the largest |value| 1.0), found [0][1] = 0.5 but"
                + " [1][0] = 0.4", () -> segmenter.segment(new double[][] {{1, 0.5}, {0.4, 1}}, names(2), 1));
        assertMessage("expected 9 layer names (one per row), found 2", () -> segmenter.segment(s, names(2), 2));
        assertMessage("maxK must be at least 1, found 0", () -> FisherSegmenter.builder().optMaxK(0));
        double[][] nearlySymmetric = {{1, 0.5}, {0.5 + 1e-12, 1}};
        assertEquals(1, segmenter.segment(nearlySymmetric, names(2), 1).k());
    }

    private static void assertMessage(String expected, Runnable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }

    /** The best of all C(L-1, k-1) partitions, ties broken as documented, and how many there were. */
    private record BruteForce(List<Segment> segments, double loss, long count) {
    }

    private static BruteForce bruteForce(DiameterTable table, int size, int k) {
        List<Segment> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        long count = 0;
        for (int cuts = 0; cuts < 1 << (size - 1); cuts++) {
            if (Integer.bitCount(cuts) != k - 1) {
                continue;
            }
            count++;
            List<Segment> segments = new ArrayList<>();
            int first = 0;
            for (int layer = 0; layer < size; layer++) {
                if (layer == size - 1 || (cuts & (1 << layer)) != 0) {
                    segments.add(new Segment(first, layer));
                    first = layer + 1;
                }
            }
            double loss = 0;
            for (Segment segment : segments) {
                loss += table.of(segment.first(), segment.last());
            }
            if (loss < bestLoss || (loss == bestLoss && startsEarlierFromTheEnd(segments, best))) {
                best = segments;
                bestLoss = loss;
            }
        }
        return new BruteForce(best, bestLoss, count);
    }

    /** The tie rule: compare the starts of the last segments first; the earlier start wins. */
    private static boolean startsEarlierFromTheEnd(List<Segment> a, List<Segment> b) {
        for (int s = a.size() - 1; s > 0; s--) {
            if (a.get(s).first() != b.get(s).first()) {
                return a.get(s).first() < b.get(s).first();
            }
        }
        return false;
    }

    /** Sum of squared distances of points t..u to their mean, straight from the definition. */
    private static double spread(double[][] points, int t, int u) {
        int dim = points[0].length;
        double total = 0;
        for (int d = 0; d < dim; d++) {
            double mean = 0;
            for (int r = t; r <= u; r++) {
                mean += points[r][d];
            }
            mean /= u - t + 1;
            for (int r = t; r <= u; r++) {
                total += (points[r][d] - mean) * (points[r][d] - mean);
            }
        }
        return total;
    }

    private double[][] randomSymmetric(int size) {
        double[][] s = new double[size][size];
        for (int i = 0; i < size; i++) {
            s[i][i] = 1;
            for (int j = i + 1; j < size; j++) {
                s[i][j] = random.nextDouble();
                s[j][i] = s[i][j];
            }
        }
        return s;
    }

    /** Similarity 0.75 inside each block, 0.25 across blocks, 1 on the diagonal: row sums are exact. */
    private static double[][] blocks(int... sizes) {
        int size = java.util.Arrays.stream(sizes).sum();
        int[] block = new int[size];
        for (int b = 0, layer = 0; b < sizes.length; b++) {
            for (int i = 0; i < sizes[b]; i++) {
                block[layer++] = b;
            }
        }
        double[][] s = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                s[i][j] = i == j ? 1 : block[i] == block[j] ? 0.75 : 0.25;
            }
        }
        return s;
    }

    static List<String> names(int size) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            names.add("layer" + i);
        }
        return names;
    }
}
