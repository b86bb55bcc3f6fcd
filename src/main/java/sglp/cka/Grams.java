package sglp.cka;

import java.util.List;

/** Gram matrices as flat row-major arrays, and the HSIC and CKA matrices computed from them. */
final class Grams {

    private Grams() {
    }

    /**
     * The linear Gram matrix of the column-centred rows of {@code x}, (HX)(HX)<sup>T</sup> = HKH. Every kernel and
     * estimator here is invariant to that centring, and it spares the later centring a cancellation.
     *
     * @param x n samples x p features
     * @param what what {@code x} is, for error messages, e.g. {@code "the activation of layer 'conv1'"}
     * @return the n x n Gram matrix, row-major
     */
    static double[] linear(double[][] x, String what) {
        checkActivation(x, what);
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int f = 0; f < p; f++) {
                mean[f] += row[f];
            }
        }
        double[][] centred = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                centred[i][f] = x[i][f] - mean[f] / n;
            }
        }
        double[] gram = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = dot(centred[i], centred[j]);
                gram[i * n + j] = v;
                gram[j * n + i] = v;
            }
        }
        return gram;
    }

    /**
     * Checks that {@code x} is a non-empty rectangular matrix of finite numbers.
     *
     * @param x n samples x p features
     * @param what what {@code x} is, for error messages
     */
    static void checkActivation(double[][] x, String what) {
        int n = x.length;
        if (n == 0 || x[0].length == 0) {
            throw new IllegalArgumentException(what + " must have at least one sample and one feature, found "
                    + n + " x " + (n == 0 ? 0 : x[0].length));
        }
        int p = x[0].length;
        for (int i = 0; i < n; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " of " + what + " has " + x[i].length
                        + " values, expected " + p + " like row 0");
            }
            for (int f = 0; f < p; f++) {
                if (!Double.isFinite(x[i][f])) {
                    throw new IllegalArgumentException(what + " holds " + x[i][f] + " at [" + i + "][" + f
                            + "], expected finite values");
                }
            }
        }
    }

    /**
     * Flattens a square Gram matrix.
     *
     * @param gram an n x n matrix
     * @param what what it is, for error messages
     * @return the matrix, row-major
     */
    static double[] flatten(double[][] gram, String what) {
        int n = gram.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (gram[i].length != n) {
                throw new IllegalArgumentException(what + " must be square: expected " + n + " values in row " + i
                        + ", found " + gram[i].length);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(gram[i][j])) {
                    throw new IllegalArgumentException(what + " holds " + gram[i][j] + " at [" + i + "][" + j
                            + "], expected finite values");
                }
            }
            System.arraycopy(gram[i], 0, flat, i * n, n);
        }
        return flat;
    }

    /**
     * Every HSIC between centred Gram matrices: the rows of G G<sup>T</sup> where G stacks them as rows, times
     * {@code scale}. Only the upper triangle is computed.
     *
     * @param centred the L centred Gram matrices, flat, all of the same size
     * @param scale the estimator's factor
     * @return the L x L HSIC matrix
     */
    static double[][] hsic(List<double[]> centred, double scale) {
        int layers = centred.size();
        double[][] hsic = new double[layers][layers];
        for (int i = 0; i < layers; i++) {
            for (int j = i; j < layers; j++) {
                double v = scale * dot(centred.get(i), centred.get(j));
                hsic[i][j] = v;
                hsic[j][i] = v;
            }
        }
        return hsic;
    }

    /**
     * CKA from HSIC: CKA(i, j) = HSIC(i, j) / sqrt(HSIC(i, i) HSIC(j, j)).
     *
     * @param hsic the L x L HSIC matrix
     * @param names the layer names, for error messages
     * @return the L x L CKA matrix
     * @throws IllegalStateException if a layer's HSIC with itself is not positive (its Gram centres to 0)
     */
    static double[][] cka(double[][] hsic, List<String> names) {
        int layers = hsic.length;
        for (int i = 0; i < layers; i++) {
            if (!(hsic[i][i] > 0)) {
                throw new IllegalStateException("CKA is undefined for layer '" + names.get(i)
                        + "': expected a positive HSIC with itself, found " + hsic[i][i]
                        + " (its representation is the same for every sample)");
            }
        }
        double[][] cka = new double[layers][layers];
        for (int i = 0; i < layers; i++) {
            for (int j = 0; j < layers; j++) {
                cka[i][j] = hsic[i][j] / Math.sqrt(hsic[i][i] * hsic[j][j]);
            }
        }
        return cka;
    }

    /**
     * The inner product of two vectors of equal length, in four partial sums so that the additions overlap (about
     * 1.5 times faster than one running sum here).
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return a . b
     */
    static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < a.length; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < a.length; k++) {
            s0 += a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
