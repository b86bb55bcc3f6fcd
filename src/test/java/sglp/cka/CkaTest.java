package sglp.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sglp.cka.Matrices.gaussian;
import static sglp.cka.Matrices.orthogonal;
import static sglp.cka.Matrices.plus;
import static sglp.cka.Matrices.scaled;
import static sglp.cka.Matrices.times;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

class CkaTest {

    private static final double EXACT = 1e-12;

    private final Random random = new Random(20240611);
    private final double[][] x = gaussian(random, 40, 12);
    private final double[][] y = plus(scaled(gaussian(random, 40, 12), 0.8), x);

    @Test
    void everyFormGivesOneForALayerWithItself() {
        assertEquals(1, Cka.linear(x, x), EXACT);
        assertEquals(1, Cka.debiased(x, x), EXACT);
        assertEquals(1, Cka.featureSpace(x, x), EXACT);
        assertEquals(1, Cka.rbf(x, x, 1.0), EXACT);
    }

    @Test
    void everyFormIsSymmetric() {
        assertEquals(Cka.linear(x, y), Cka.linear(y, x), EXACT);
        assertEquals(Cka.debiased(x, y), Cka.debiased(y, x), EXACT);
        assertEquals(Cka.featureSpace(x, y), Cka.featureSpace(y, x), EXACT);
        assertEquals(Cka.rbf(x, y, 0.7), Cka.rbf(y, x, 0.7), EXACT);
    }

    @Test
    void isotropicScalingChangesNothing() {
        double[][] big = scaled(x, 37.5);
        assertEquals(Cka.linear(x, y), Cka.linear(big, y), EXACT);
        assertEquals(Cka.debiased(x, y), Cka.debiased(big, y), EXACT);
        assertEquals(Cka.rbf(x, y, 1.0), Cka.rbf(big, y, 1.0), EXACT);
    }

    @Test
    void orthogonalTransformOfTheFeaturesChangesNothing() {
        double[][] rotated = times(x, orthogonal(random, x[0].length));
        assertEquals(Cka.linear(x, y), Cka.linear(rotated, y), EXACT);
        assertEquals(Cka.debiased(x, y), Cka.debiased(rotated, y), EXACT);
        assertEquals(Cka.rbf(x, y, 1.0), Cka.rbf(rotated, y, 1.0), EXACT);
    }

    @Test
    void nonOrthogonalInvertibleTransformChangesTheValue() {
        double[][] a = gaussian(random, x[0].length, x[0].length);
        assertTrue(new LUDecomposition(MatrixUtils.createRealMatrix(a)).getSolver().isNonSingular());
        double[][] skewed = times(x, a);
        assertTrue(Math.abs(Cka.linear(x, y) - Cka.linear(skewed, y)) > 1e-3,
                () -> Cka.linear(x, y) + " vs " + Cka.linear(skewed, y));
        assertTrue(Math.abs(Cka.debiased(x, y) - Cka.debiased(skewed, y)) > 1e-3);
    }

    @Test
    void biasedLinearCkaLiesInTheUnitInterval() {
        for (int trial = 0; trial < 50; trial++) {
            double[][] a = gaussian(random, 10, 1 + random.nextInt(20));
            double[][] b = gaussian(random, 10, 1 + random.nextInt(20));
            double cka = Cka.linear(a, b);
            assertTrue(cka >= 0 && cka <= 1 + EXACT, () -> "CKA " + cka);
        }
    }

    @Test
    void matchesKornblithsPublishedTestVector() {
        double[][] kx = Matrices.resource("kornblith_x.csv");
        double[][] ky = Matrices.resource("kornblith_y.csv");
        assertEquals(100, kx.length);
        assertEquals(10, kx[0].length);
        assertEquals(0.55761, Cka.linear(kx, ky), 5e-6);
        assertEquals(0.55761, Cka.featureSpace(kx, ky), 5e-6);
        assertEquals(0.51346, Cka.debiased(kx, ky), 5e-6);
        List<double[][]> grams = List.of(CkaKernel.LINEAR.gram(kx, 1), CkaKernel.LINEAR.gram(ky, 1));
        assertEquals(0.51346, Cka.allPairs(grams, Estimator.DEBIASED)[0][1], 5e-6);
    }

    @Test
    void allPairsPairwiseReferenceAndFeatureSpaceAgree() {
        List<double[][]> layers = new ArrayList<>();
        double[][] base = gaussian(random, 30, 8);
        for (int layer = 0; layer < 6; layer++) {
            double[][] mixed = times(base, gaussian(random, 8, 3 + 4 * layer));
            layers.add(plus(mixed, scaled(gaussian(random, 30, mixed[0].length), 0.3 * layer)));
        }
        List<double[][]> grams = layers.stream().map(a -> CkaKernel.LINEAR.gram(a, 1)).toList();
        double[][] biased = Cka.allPairs(grams, Estimator.BIASED);
        double[][] biasedPairwise = Cka.pairwise(grams, Estimator.BIASED);
        double[][] debiased = Cka.allPairs(grams, Estimator.DEBIASED);
        double[][] debiasedPairwise = Cka.pairwise(grams, Estimator.DEBIASED);
        for (int i = 0; i < layers.size(); i++) {
            for (int j = 0; j < layers.size(); j++) {
                double reference = Cka.linear(layers.get(i), layers.get(j));
                assertEquals(reference, biased[i][j], 1e-9);
                assertEquals(reference, biasedPairwise[i][j], 1e-9);
                assertEquals(reference, Cka.featureSpace(layers.get(i), layers.get(j)), 1e-9);
                double debiasedReference = Cka.debiased(layers.get(i), layers.get(j));
                assertEquals(debiasedReference, debiased[i][j], 1e-9);
                assertEquals(debiasedReference, debiasedPairwise[i][j], 1e-9);
            }
        }
        assertTrue(Math.abs(biased[0][5] - debiased[0][5]) > 1e-3, "the estimators differ");
    }

    @Test
    void rbfCkaNeedsAPositiveSigmaAndDistinctSamples() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cka.rbf(x, y, 0));
        assertEquals("the RBF sigma must be a positive finite number, found 0.0", e.getMessage());
        double[][] same = new double[5][3];
        var f = assertThrows(IllegalArgumentException.class, () -> Cka.rbf(same, same, 1));
        assertTrue(f.getMessage().startsWith("the RBF bandwidth must be positive, found 0.0"), f.getMessage());
    }

    @Test
    void rejectsBadInputWithExpectedAndFound() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cka.debiased(Matrices.rows(x, 0, 3),
                Matrices.rows(y, 0, 3)));
        assertEquals("debiased CKA needs at least 4 samples, found 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cka.linear(x, Matrices.rows(y, 0, 39)));
        assertEquals("x and y must hold the same samples: expected 40 rows in y like in x, found 39", e.getMessage());
        double[][] bad = Matrices.rows(x, 0, 40);
        bad[7][2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Cka.featureSpace(x, bad));
        assertEquals("y holds NaN at [7][2], expected finite values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cka.allPairs(List.of(new double[3][3], new double[4][4]), Estimator.BIASED));
        assertEquals("every Gram matrix must be 3 x 3 like gram 0, found 4 rows in gram 1", e.getMessage());
    }
}
