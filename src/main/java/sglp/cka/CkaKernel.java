package sglp.cka;

import java.util.Arrays;
import java.util.Locale;

/** The kernel that turns one layer's activations (n samples x p features) into an n x n Gram matrix. */
public enum CkaKernel {

    /** K = X X<sup>T</sup>. */
    LINEAR {
        @Override
        double[] fromLinear(double[] gram, int n, double sigma) {
            return gram;
        }
    },

    /**
     * K<sub>ij</sub> = exp(-|x<sub>i</sub> - x<sub>j</sub>|<sup>2</sup> / (2 b<sup>2</sup>)) with bandwidth
     * b = sigma x the median of the n(n-1)/2 distances between distinct samples of the batch. The median makes
     * CKA with this kernel invariant to isotropic scaling.
     */
    RBF {
        @Override
        double[] fromLinear(double[] gram, int n, double sigma) {
            checkSigma(sigma);
            double[] squared = new double[n * n];
            double[] distances = new double[n * (n - 1) / 2];
            int pair = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double d2 = Math.max(0, gram[i * n + i] + gram[j * n + j] - 2 * gram[i * n + j]);
                    squared[i * n + j] = d2;
                    if (j > i) {
                        distances[pair++] = Math.sqrt(d2);
                    }
                }
            }
            double bandwidth = sigma * median(distances);
            if (!(bandwidth > 0)) {
                throw new IllegalArgumentException("the RBF bandwidth must be positive, found " + bandwidth
                        + " (the median distance between samples is 0: more than half of the sample pairs are"
                        + " identical)");
            }
            double[] kernel = new double[n * n];
            double denominator = 2 * bandwidth * bandwidth;
            for (int k = 0; k < kernel.length; k++) {
                kernel[k] = Math.exp(-squared[k] / denominator);
            }
            return kernel;
        }
    };

    /** @return the lower-case name used in titles and logs, e.g. {@code "linear"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Gram matrix of the rows of {@code x} under this kernel.
     *
     * @param x n samples x p features
     * @param sigma the RBF bandwidth factor (ignored by {@link #LINEAR})
     * @return the n x n Gram matrix
     * @throws IllegalArgumentException if {@code x} is empty or ragged or holds NaN or infinite values
     */
    public double[][] gram(double[][] x, double sigma) {
        int n = x.length;
        double[] flat = fromLinear(Grams.linear(x, "x"), n, sigma);
        double[][] gram = new double[n][];
        for (int i = 0; i < n; i++) {
            gram[i] = Arrays.copyOfRange(flat, i * n, (i + 1) * n);
        }
        return gram;
    }

    /**
     * Applies this kernel given the linear Gram matrix, from which every pairwise distance follows.
     *
     * @param gram the linear Gram matrix X X<sup>T</sup>, n x n row-major
     * @param n the number of samples
     * @param sigma the RBF bandwidth factor
     * @return this kernel's Gram matrix, n x n row-major (possibly {@code gram} itself)
     */
    abstract double[] fromLinear(double[] gram, int n, double sigma);

    /**
     * @param sigma an RBF bandwidth factor
     * @throws IllegalArgumentException unless it is positive and finite
     */
    static void checkSigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("the RBF sigma must be a positive finite number, found " + sigma);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
