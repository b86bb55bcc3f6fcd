package sglp.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's Gram kernel against float64 Java: its stated error bound, data with a large mean (where a float32 Gram
 * of uncentred data cancels) and sparse non-negative (ReLU-like) activations.
 */
class GramKernelTest {

    private static final double U = Math.scalb(1.0, -24);
    private static final List<String> NAMES = List.of("a", "b", "c");

    private final Random random = new Random(11);

    @Test
    void everyGramEntryIsWithinTheStatedBound() {
        assertWithinTheBound(20, 3000, 256);
    }

    @Test
    void aLargeGramComesFromTheBlocksOnAndAboveItsDiagonal() {
        for (int m = 2; m <= GramKernel.ROW_BLOCKS; m++) {
            int n = m * GramKernel.SPLIT + m - 1;  // row blocks of unequal sizes
            assertWithinTheBound(n, 120, 64);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray gram = GramKernel.gram(GramKernel.centred(manager.create(relu(n * 40, 0.1),
                        new Shape(n, 40))), 16);
                assertEquals(new Shape(n, n), gram.getShape());
                double[] k = gram.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (rowBlock(i, n, m) != rowBlock(j, n, m)) {
                            assertEquals(k[j * n + i], k[i * n + j], 0.0, m + " blocks: [" + i + "][" + j
                                    + "] is the transpose of a block above the diagonal");
                        }
                    }
                }
            }
        }
    }

    /** The row block of row i when n rows are cut at n * b / m, b = 1..m-1, as {@link GramKernel#gram} cuts them. */
    private static int rowBlock(int i, int n, int m) {
        int b = 0;
        while ((long) n * (b + 1) / m <= i) {
            b++;
        }
        return b;
    }

    private void assertWithinTheBound(int n, int p, int block) {
        float[] values = relu(n * p, 0.3);
        double[][] rows = Matrices.fromFlat(values, n);
        double[] exact = Grams.linear(rows, "x");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(values, new Shape(n, p));
            double[] gram = GramKernel.gram(GramKernel.centred(x), block).toDoubleArray();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double bound = (block + 2) * U * Math.sqrt(exact[i * n + i] * exact[j * n + j]);
                    double error = Math.abs(gram[i * n + j] - exact[i * n + j]);
                    assertTrue(error <= bound, "entry [" + i + "][" + j + "]: error " + error + " > bound " + bound);
                    worst = Math.max(worst, error / bound);
                }
            }
            assertTrue(worst > 0, "the float32 products round somewhere");
        }
    }

    @Test
    void aLargeMeanDoesNotCancel() {
        int n = 48;
        int p = 700;
        float[][] layers = new float[3][];
        double[] base = gaussian(n * p);
        for (int l = 0; l < 3; l++) {
            layers[l] = new float[n * p];
            for (int v = 0; v < n * p; v++) {
                layers[l][v] = (float) (1000 + (l + 1) * 100 * (v % p) / p + base[v] + 0.5 * l * random.nextGaussian());
            }
        }
        double[][] expected = javaCka(layers, n);
        double[][] engine = engineCka(layers, n, 64);
        assertMatrixEquals(expected, engine, 1e-6);
        // the same data through a float32 Gram of the uncentred rows is far off: the test has teeth
        double naive = naiveFloat32Cka(layers[0], layers[1], n);
        assertTrue(Math.abs(naive - expected[0][1]) > 1e-3, "naive float32 " + naive + " vs " + expected[0][1]);
    }

    @Test
    void sparseNonNegativeActivationsAgreeWithFloat64() {
        int n = 40;
        int p = 900;
        float[][] layers = new float[3][];
        for (int l = 0; l < 3; l++) {
            layers[l] = relu(n * p, -0.8 + 0.3 * l);
        }
        assertMatrixEquals(javaCka(layers, n), engineCka(layers, n, 128), 1e-6);
    }

    @Test
    void float64ActivationsAreMultipliedInFloat64() {
        int n = 30;
        double[] values = gaussian(n * 50);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(values, new Shape(n, 50));
            NDArray centred = GramKernel.centred(x);
            assertEquals(DataType.FLOAT64, centred.getDataType());
            double[] gram = GramKernel.gram(centred, 8).toDoubleArray();
            double[] exact = Grams.linear(rows(values, n), "x");
            for (int k = 0; k < gram.length; k++) {
                assertEquals(exact[k], gram[k], 1e-12 * Math.abs(exact[k]) + 1e-12);
            }
        }
    }

    private double[][] engineCka(float[][] layers, int n, int block) {
        CkaAccumulator acc = CkaAccumulator.builder(NAMES).optForm(CkaAccumulator.Form.GRAM, block).build();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int l = 0; l < layers.length; l++) {
                acc.add(l, m.create(layers[l], new Shape(n, layers[l].length / n)));
            }
        }
        return acc.result().values();
    }

    private static double[][] javaCka(float[][] layers, int n) {
        CkaAccumulator acc = CkaAccumulator.builder(NAMES).build();
        for (int l = 0; l < layers.length; l++) {
            acc.add(l, Matrices.fromFlat(layers[l], n));
        }
        return acc.result().values();
    }

    /** CKA of the Grams of the uncentred rows multiplied in float32, centred afterwards in float64. */
    private static double naiveFloat32Cka(float[] a, float[] b, int n) {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] centred = new double[2][];
            float[][] both = {a, b};
            for (int l = 0; l < 2; l++) {
                NDArray x = m.create(both[l], new Shape(n, both[l].length / n));
                double[] gram = x.matMul(x.transpose()).toType(DataType.FLOAT64, false).toDoubleArray();
                centred[l] = Estimator.BIASED.centre(gram, n);
            }
            return Grams.dot(centred[0], centred[1])
                    / Math.sqrt(Grams.dot(centred[0], centred[0]) * Grams.dot(centred[1], centred[1]));
        }
    }

    private float[] relu(int size, double shift) {
        float[] v = new float[size];
        for (int k = 0; k < size; k++) {
            v[k] = (float) Math.max(0, random.nextGaussian() + shift);
        }
        return v;
    }

    private double[] gaussian(int size) {
        double[] v = new double[size];
        for (int k = 0; k < size; k++) {
            v[k] = random.nextGaussian();
        }
        return v;
    }

    private static double[][] rows(double[] values, int n) {
        int p = values.length / n;
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, i * p, x[i], 0, p);
        }
        return x;
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], actual[i][j], tolerance, "[" + i + "][" + j + "]");
            }
        }
    }
}
