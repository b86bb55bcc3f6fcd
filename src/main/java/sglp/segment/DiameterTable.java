package sglp.segment;

/**
 * The diameters D(t, u) of every contiguous segment t..u of L points: the sum of squared distances of the points
 * to their mean, computed for all O(L<sup>2</sup>) segments from prefix sums, as
 * D(t, u) = sum |p<sub>r</sub>|<sup>2</sup> - |sum p<sub>r</sub>|<sup>2</sup> / (u - t + 1).
 *
 * <p>The points are first shifted by their overall mean (the diameter does not change) so that the prefix sums
 * stay small and the subtraction loses few digits. A single point has diameter exactly 0, and rounding never makes
 * a diameter negative.
 */
final class DiameterTable {

    private final double[][] diameters;

    /**
     * @param points L points of equal dimension, as rows
     */
    DiameterTable(double[][] points) {
        int size = points.length;
        int dim = points[0].length;
        double[] mean = new double[dim];
        for (double[] p : points) {
            for (int d = 0; d < dim; d++) {
                mean[d] += p[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= size;
        }
        double[][] prefix = new double[size + 1][dim];
        double[] prefixSquares = new double[size + 1];
        for (int r = 0; r < size; r++) {
            double square = 0;
            for (int d = 0; d < dim; d++) {
                double shifted = points[r][d] - mean[d];
                prefix[r + 1][d] = prefix[r][d] + shifted;
                square += shifted * shifted;
            }
            prefixSquares[r + 1] = prefixSquares[r] + square;
        }
        diameters = new double[size][size];
        for (int t = 0; t < size; t++) {
            for (int u = t; u < size; u++) {
                double sumSquared = 0;
                for (int d = 0; d < dim; d++) {
                    double sum = prefix[u + 1][d] - prefix[t][d];
                    sumSquared += sum * sum;
                }
                double spread = prefixSquares[u + 1] - prefixSquares[t] - sumSquared / (u - t + 1);
                diameters[t][u] = u == t ? 0 : Math.max(0, spread);
            }
        }
    }

    /**
     * @param t the first point of the segment
     * @param u the last point of the segment, u &ge; t
     * @return D(t, u)
     */
    double of(int t, int u) {
        return diameters[t][u];
    }
}
