package sglp.cka;

import java.util.Locale;

/**
 * How HSIC is estimated from two Gram matrices. Both estimators centre each n x n Gram matrix once; HSIC is then
 * the Frobenius inner product of two centred Grams times {@link #scale(int)}.
 */
public enum Estimator {

    /**
     * The biased estimator of METHOD.md section 1: HSIC(K, L) = &lt;HKH, HLH&gt;<sub>F</sub> / (n-1)<sup>2</sup> with
     * H = I - (1/n) 1 1<sup>T</sup>. Linear CKA with it lies in [0, 1]. Needs n &ge; 2.
     */
    BIASED(2) {
        @Override
        double[] centre(double[] gram, int n) {
            double[] rowMean = new double[n];
            double[] colMean = new double[n];
            double grand = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = gram[i * n + j];
                    rowMean[i] += v;
                    colMean[j] += v;
                    grand += v;
                }
            }
            for (int i = 0; i < n; i++) {
                rowMean[i] /= n;
                colMean[i] /= n;
            }
            grand /= (double) n * n;
            double[] centred = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centred[i * n + j] = gram[i * n + j] - rowMean[i] - colMean[j] + grand;
                }
            }
            return centred;
        }

        @Override
        double scale(int n) {
            return 1.0 / ((n - 1.0) * (n - 1.0));
        }
    },

    /**
     * The unbiased HSIC estimator (Song et al. 2012) in its U-centring form (Szekely and Rizzo 2014, used for CKA
     * by Nguyen et al. 2021): zero the diagonal, subtract row and column sums / (n-2), add the total /
     * ((n-1)(n-2)), zero the diagonal again; HSIC = &lt;U(K), U(L)&gt;<sub>F</sub> / (n(n-3)). CKA with it can be
     * slightly negative. Needs n &ge; 4.
     */
    DEBIASED(4) {
        @Override
        double[] centre(double[] gram, int n) {
            double[] rowSum = new double[n];
            double[] colSum = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        double v = gram[i * n + j];
                        rowSum[i] += v;
                        colSum[j] += v;
                        total += v;
                    }
                }
            }
            double grand = total / ((n - 1.0) * (n - 2.0));
            double[] centred = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        centred[i * n + j] = gram[i * n + j] - (rowSum[i] + colSum[j]) / (n - 2.0) + grand;
                    }
                }
            }
            return centred;
        }

        @Override
        double scale(int n) {
            return 1.0 / ((double) n * (n - 3.0));
        }
    };

    private final int minSamples;

    Estimator(int minSamples) {
        this.minSamples = minSamples;
    }

    /** @return the smallest number of samples per batch that this estimator accepts */
    public int minSamples() {
        return minSamples;
    }

    /** @return the lower-case name used in titles and logs, e.g. {@code "biased"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Centres a Gram matrix.
     *
     * @param gram the n x n Gram matrix, row-major
     * @param n the number of samples
     * @return a new centred n x n matrix, row-major
     */
    abstract double[] centre(double[] gram, int n);

    /**
     * @param n the number of samples
     * @return the factor that turns the inner product of two centred Grams into HSIC
     */
    abstract double scale(int n);
}
