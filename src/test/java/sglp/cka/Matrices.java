package sglp.cka;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test data: seeded random activations, transforms of them, and the committed fixtures. */
final class Matrices {

    private Matrices() {
    }

    /** @return n x p standard normal values */
    static double[][] gaussian(Random random, int n, int p) {
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int f = 0; f < p; f++) {
                row[f] = random.nextGaussian();
            }
        }
        return x;
    }

    /** @return a random p x p orthogonal matrix: the Q of the QR decomposition of a Gaussian matrix */
    static double[][] orthogonal(Random random, int p) {
        return new QRDecomposition(MatrixUtils.createRealMatrix(gaussian(random, p, p))).getQ().getData();
    }

    /** @return a x b */
    static double[][] times(double[][] a, double[][] b) {
        return MatrixUtils.createRealMatrix(a).multiply(MatrixUtils.createRealMatrix(b)).getData();
    }

    /** @return factor x a */
    static double[][] scaled(double[][] a, double factor) {
        return MatrixUtils.createRealMatrix(a).scalarMultiply(factor).getData();
    }

    /** @return a + b */
    static double[][] plus(double[][] a, double[][] b) {
        RealMatrix sum = MatrixUtils.createRealMatrix(a).add(MatrixUtils.createRealMatrix(b));
        return sum.getData();
    }

    /** @return rows from..to-1 of x */
    static double[][] rows(double[][] x, int from, int to) {
        return MatrixUtils.createRealMatrix(x).getSubMatrix(from, to - 1, 0, x[0].length - 1).getData();
    }

    /** @return row-major values as n rows */
    static double[][] fromFlat(float[] values, int n) {
        int p = values.length / n;
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                x[i][f] = values[i * p + f];
            }
        }
        return x;
    }

    /** @return a numeric CSV test resource of this package (no header) */
    static double[][] resource(String name) {
        try {
            Path path = Path.of(Matrices.class.getResource(name).toURI());
            return Files.readAllLines(path).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
