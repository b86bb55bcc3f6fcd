package sglp.cka;

import java.util.ArrayList;
import java.util.List;

/**
 * CKA as plain functions on Java arrays.
 *
 * <p>{@link #linear}, {@link #debiased} and {@link #featureSpace} follow their textbook formulas literally, with
 * no shared code with the streaming path, so they serve as references in tests and as reading material. {@link
 * #allPairs} is the fast path that {@link CkaAccumulator} uses (every Gram centred once, every HSIC from one
 * product); {@link #pairwise} is the naive path that recomputes each pair from the raw Grams.
 */
public final class Cka {

    private Cka() {
    }

    /**
     * Linear CKA with the biased HSIC, literally: K = XX<sup>T</sup>, K~ = HKH with an explicit centring matrix H,
     * HSIC = &lt;K~, L~&gt;<sub>F</sub> / (n-1)<sup>2</sup>. O(n<sup>3</sup>).
     *
     * @param x n samples x p features
     * @param y n samples x q features (same samples)
     * @return CKA in [0, 1]
     */
    public static double linear(double[][] x, double[][] y) {
        checkPair(x, y);
        return biasedCka(product(x, transpose(x)), product(y, transpose(y)));
    }

    /**
     * RBF CKA with the biased HSIC, from the Grams of {@link CkaKernel#RBF} and the literal centring of {@link
     * #linear}.
     *
     * @param x n samples x p features
     * @param y n samples x q features (same samples)
     * @param sigma the bandwidth factor: bandwidth = sigma x median distance between samples
     * @return CKA in [0, 1]
     */
    public static double rbf(double[][] x, double[][] y, double sigma) {
        checkPair(x, y);
        return biasedCka(CkaKernel.RBF.gram(x, sigma), CkaKernel.RBF.gram(y, sigma));
    }

    /**
     * Linear CKA with the unbiased HSIC, by the formula of Song et al. (2012): with K~, L~ the Grams with zeroed
     * diagonals, HSIC = [tr(K~L~) + 1'K~1 1'L~1 / ((n-1)(n-2)) - 2/(n-2) 1'K~L~1] / (n(n-3)).
     *
     * @param x n samples x p features, n &ge; 4
     * @param y n samples x q features (same samples)
     * @return debiased CKA, near [0, 1] but possibly slightly negative
     */
    public static double debiased(double[][] x, double[][] y) {
        checkPair(x, y);
        if (x.length < 4) {
            throw new IllegalArgumentException("debiased CKA needs at least 4 samples, found " + x.length);
        }
        double[][] k = zeroDiagonal(product(x, transpose(x)));
        double[][] l = zeroDiagonal(product(y, transpose(y)));
        return unbiasedHsic(k, l) / Math.sqrt(unbiasedHsic(k, k) * unbiasedHsic(l, l));
    }

    /**
     * Linear CKA in feature space: after centring the columns of X and Y,
     * ||Y<sup>T</sup>X||<sub>F</sub><sup>2</sup> / (||X<sup>T</sup>X||<sub>F</sub> ||Y<sup>T</sup>Y||<sub>F</sub>).
     * Equals {@link #linear}; cheaper when the feature counts are below n.
     *
     * @param x n samples x p features
     * @param y n samples x q features (same samples)
     * @return CKA in [0, 1]
     */
    public static double featureSpace(double[][] x, double[][] y) {
        checkPair(x, y);
        double[][] xc = centreColumns(x);
        double[][] yc = centreColumns(y);
        double cross = frobenius(product(transpose(yc), xc));
        return cross * cross / (frobenius(product(transpose(xc), xc)) * frobenius(product(transpose(yc), yc)));
    }

    /**
     * Every CKA between L layers at once: each Gram is centred once, stacked as a row of G (L x n<sup>2</sup>), and
     * every HSIC comes from G G<sup>T</sup>.
     *
     * @param grams the L Gram matrices, n x n each (same n)
     * @param estimator the HSIC estimator
     * @return the L x L CKA matrix
     */
    public static double[][] allPairs(List<double[][]> grams, Estimator estimator) {
        int n = sampleCount(grams, estimator);
        List<double[]> centred = new ArrayList<>();
        for (int i = 0; i < grams.size(); i++) {
            centred.add(estimator.centre(Grams.flatten(grams.get(i), "gram " + i), n));
        }
        return Grams.cka(Grams.hsic(centred, estimator.scale(n)), labels(grams.size()));
    }

    /**
     * Every CKA between L layers, one pair at a time: for each pair both Grams are centred again and the three
     * HSICs of the pair recomputed, as a per-pair CKA function in a double loop does. The reference and baseline
     * for {@link #allPairs}; O(L<sup>2</sup> n<sup>2</sup>) centrings instead of O(L n<sup>2</sup>).
     *
     * @param grams the L Gram matrices, n x n each (same n)
     * @param estimator the HSIC estimator
     * @return the L x L CKA matrix
     */
    public static double[][] pairwise(List<double[][]> grams, Estimator estimator) {
        int n = sampleCount(grams, estimator);
        int layers = grams.size();
        List<double[]> flat = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            flat.add(Grams.flatten(grams.get(i), "gram " + i));
        }
        double[][] cka = new double[layers][layers];
        for (int i = 0; i < layers; i++) {
            for (int j = i; j < layers; j++) {
                List<double[]> pair = List.of(estimator.centre(flat.get(i), n), estimator.centre(flat.get(j), n));
                double v = Grams.cka(Grams.hsic(pair, estimator.scale(n)), List.of("gram " + i, "gram " + j))[0][1];
                cka[i][j] = v;
                cka[j][i] = v;
            }
        }
        return cka;
    }

    private static void checkPair(double[][] x, double[][] y) {
        Grams.checkActivation(x, "x");
        Grams.checkActivation(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must hold the same samples: expected " + x.length
                    + " rows in y like in x, found " + y.length);
        }
    }

    private static int sampleCount(List<double[][]> grams, Estimator estimator) {
        if (grams.isEmpty()) {
            throw new IllegalArgumentException("expected at least one Gram matrix, found none");
        }
        int n = grams.get(0).length;
        for (int i = 0; i < grams.size(); i++) {
            if (grams.get(i).length != n) {
                throw new IllegalArgumentException("every Gram matrix must be " + n + " x " + n + " like gram 0,"
                        + " found " + grams.get(i).length + " rows in gram " + i);
            }
        }
        if (n < estimator.minSamples()) {
            throw new IllegalArgumentException("the " + estimator.label() + " estimator needs at least "
                    + estimator.minSamples() + " samples, found " + n);
        }
        return n;
    }

    private static List<String> labels(int count) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add("gram " + i);
        }
        return labels;
    }

    private static double biasedCka(double[][] k, double[][] l) {
        double[][] kc = centreLiterally(k);
        double[][] lc = centreLiterally(l);
        return inner(kc, lc) / Math.sqrt(inner(kc, kc) * inner(lc, lc));
    }

    /** H K H with H = I - (1/n) 1 1'; the (n-1)^-2 of HSIC cancels in CKA. */
    private static double[][] centreLiterally(double[][] k) {
        int n = k.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1.0 : 0.0) - 1.0 / n;
            }
        }
        return product(product(h, k), h);
    }

    private static double unbiasedHsic(double[][] k, double[][] l) {
        int n = k.length;
        double[] kOnes = rowSums(k);
        double[] lOnes = rowSums(l);
        double trace = inner(k, l);
        double kSum = sum(kOnes);
        double lSum = sum(lOnes);
        double middle = 0;
        for (int i = 0; i < n; i++) {
            middle += kOnes[i] * lOnes[i];
        }
        return (trace + kSum * lSum / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * middle) / (n * (n - 3.0));
    }

    private static double[][] zeroDiagonal(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            m[i][i] = 0;
        }
        return m;
    }

    private static double[][] centreColumns(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[][] c = new double[n][p];
        for (int f = 0; f < p; f++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[f];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                c[i][f] = x[i][f] - mean;
            }
        }
        return c;
    }

    private static double[][] product(double[][] a, double[][] b) {
        int rows = a.length;
        int inner = b.length;
        int cols = b[0].length;
        double[][] c = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                for (int j = 0; j < cols; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double inner(double[][] a, double[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Grams.dot(a[i], b[i]);
        }
        return sum;
    }

    private static double frobenius(double[][] a) {
        return Math.sqrt(inner(a, a));
    }

    private static double[] rowSums(double[][] m) {
        double[] sums = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            sums[i] = sum(m[i]);
        }
        return sums;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
