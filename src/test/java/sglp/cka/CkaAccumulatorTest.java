package sglp.cka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sglp.cka.Matrices.gaussian;
import static sglp.cka.Matrices.plus;
import static sglp.cka.Matrices.rows;
import static sglp.cka.Matrices.scaled;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CkaAccumulatorTest {

    private static final List<String> NAMES = List.of("stem", "layer1.0", "layer1.1", "head");

    private final Random random = new Random(7);

    /** Four related layers of 45 samples with different feature counts. */
    private final List<double[][]> layers = relatedLayers(45);

    @Test
    void oneBatchGivesAllPairsOfTheGrams() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        addBatch(accumulator, layers);
        SimilarityMatrix s = accumulator.result();
        List<double[][]> grams = layers.stream().map(x -> CkaKernel.LINEAR.gram(x, 1)).toList();
        assertMatrixEquals(Cka.allPairs(grams, Estimator.BIASED), s.values(), 1e-12);
        assertEquals(NAMES, s.names());
        assertEquals(Estimator.BIASED, s.estimator());
        assertEquals(CkaKernel.LINEAR, s.kernel());
        assertEquals(45, s.samples());
    }

    @Test
    void layersMayArriveInAnyOrder() {
        CkaAccumulator forward = CkaAccumulator.builder(NAMES).optEstimator(Estimator.DEBIASED).build();
        CkaAccumulator backward = CkaAccumulator.builder(NAMES).optEstimator(Estimator.DEBIASED).build();
        addBatch(forward, layers);
        for (int layer = NAMES.size() - 1; layer >= 0; layer--) {
            backward.add(layer, layers.get(layer));
        }
        assertMatrixEquals(forward.result().values(), backward.result().values(), 0);
    }

    @Test
    void minibatchesSumHsicThenTakeTheRatio() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        List<double[][]> first = new ArrayList<>();
        List<double[][]> second = new ArrayList<>();
        for (double[][] x : layers) {
            first.add(rows(x, 0, 20));
            second.add(rows(x, 20, 45));
        }
        addBatch(accumulator, first);
        addBatch(accumulator, second);
        SimilarityMatrix s = accumulator.result();
        assertEquals(45, s.samples());
        for (int i = 0; i < NAMES.size(); i++) {
            for (int j = 0; j < NAMES.size(); j++) {
                double cross = hsic(first.get(i), first.get(j)) + hsic(second.get(i), second.get(j));
                double selfI = hsic(first.get(i), first.get(i)) + hsic(second.get(i), second.get(i));
                double selfJ = hsic(first.get(j), first.get(j)) + hsic(second.get(j), second.get(j));
                assertEquals(cross / Math.sqrt(selfI * selfJ), s.get(i, j), 1e-12);
            }
        }
        double wholeSet = Cka.linear(layers.get(0), layers.get(3));
        assertTrue(Math.abs(wholeSet - s.get(0, 3)) > 1e-4, "minibatch CKA is not CKA of the concatenated set");
    }

    @Test
    void ndArrayPathEqualsJavaPath() {
        int n = 24;
        for (CkaKernel kernel : CkaKernel.values()) {
            for (Estimator estimator : Estimator.values()) {
                CkaAccumulator fromArrays = CkaAccumulator.builder(NAMES).optEstimator(estimator)
                        .optKernel(kernel).optRbfSigma(0.8).build();
                CkaAccumulator fromJava = CkaAccumulator.builder(NAMES).optEstimator(estimator)
                        .optKernel(kernel).optRbfSigma(0.8).build();
                try (NDManager manager = NDManager.newBaseManager()) {
                    for (int batch = 0; batch < 2; batch++) {
                        for (int layer = 0; layer < NAMES.size(); layer++) {
                            int channels = 2 + layer;
                            float[] values = new float[n * channels * 3 * 3];
                            for (int v = 0; v < values.length; v++) {
                                values[v] = (float) Math.max(0, random.nextGaussian() + 0.3);
                            }
                            NDArray activation = manager.create(values, new Shape(n, channels, 3, 3));
                            fromArrays.add(layer, activation);
                            fromJava.add(layer, Matrices.fromFlat(values, n));
                            assertEquals(n, activation.getShape().get(0), "the activation is left open and whole");
                        }
                    }
                }
                // float32 products (linear kernel) agree to about 1e-8 here; the RBF kernel multiplies in float64
                assertMatrixEquals(fromJava.result().values(), fromArrays.result().values(),
                        kernel == CkaKernel.RBF ? 1e-9 : 1e-6);
            }
        }
    }

    @Test
    void theFeatureFormGivesTheNumbersOfTheGramForm() {
        // three minibatches of more samples than features (the feature form's case), float64 and float32 activations
        for (DataType type : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
            CkaAccumulator gram = CkaAccumulator.builder(NAMES).optForm(CkaAccumulator.Form.GRAM, 7).build();
            CkaAccumulator features = CkaAccumulator.builder(NAMES).optForm(CkaAccumulator.Form.FEATURES, 7).build();
            CkaAccumulator auto = CkaAccumulator.builder(NAMES).build();
            try (NDManager manager = NDManager.newBaseManager()) {
                for (int batch = 0; batch < 3; batch++) {
                    List<double[][]> batchLayers = relatedLayers(30 + 5 * batch);
                    for (int layer = 0; layer < NAMES.size(); layer++) {
                        NDArray a = manager.create(batchLayers.get(layer)).toType(type, false).add(50);
                        gram.add(layer, a);
                        features.add(layer, a);
                        auto.add(layer, a);
                    }
                }
            }
            double tolerance = type == DataType.FLOAT64 ? 1e-12 : 1e-6;
            assertMatrixEquals(gram.result().values(), features.result().values(), tolerance);
            assertMatrixEquals(gram.result().values(), auto.result().values(), tolerance);
            assertEquals(30 + 35 + 40, features.result().samples());
        }
    }

    @Test
    void overwritingCentresGramFormActivationsInPlaceWithTheSameNumbersAndKeepsOtherwiseWhatItMustKeep() {
        for (CkaAccumulator.Form form : List.of(CkaAccumulator.Form.GRAM, CkaAccumulator.Form.FEATURES)) {
            CkaAccumulator kept = CkaAccumulator.builder(NAMES).optForm(form, 7).build();
            CkaAccumulator overwriting = CkaAccumulator.builder(NAMES).optForm(form, 7).optOverwriteActivations(true)
                    .build();
            try (NDManager manager = NDManager.newBaseManager()) {
                for (int layer = 0; layer < NAMES.size(); layer++) {
                    NDArray a = manager.create(layers.get(layer)).toType(DataType.FLOAT32, false).add(50);
                    float[] before = a.toFloatArray();
                    kept.add(layer, a);
                    assertArrayEquals(before, a.toFloatArray(), 0f, "left as it was by default");
                    overwriting.add(layer, a);
                    float[] after = a.toFloatArray();
                    if (form == CkaAccumulator.Form.GRAM) {
                        double columnMean = 0;
                        for (int i = 0; i < 45; i++) {
                            columnMean += after[i * (int) a.getShape().get(1)] / 45.0;
                        }
                        assertEquals(0, columnMean, 1e-4, "centred in place");
                    } else {
                        assertArrayEquals(before, after, 0f, "the feature form holds the centred values: a copy");
                    }
                }
            }
            assertMatrixEquals(kept.result().values(), overwriting.result().values(), 0);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            CkaAccumulator overwriting = CkaAccumulator.builder(NAMES).optForm(CkaAccumulator.Form.GRAM, 7)
                    .optOverwriteActivations(true).build();
            float[] values = {1, 2, Float.NaN, 4, 5, 6, 7, 8};
            NDArray nan = manager.create(values, new Shape(4, 2));
            assertThrows(IllegalArgumentException.class, () -> overwriting.add(3, nan));
            assertArrayEquals(values, nan.toFloatArray(), 0f, "a NaN leaves the activation as it was, to be located");
        }
    }

    @Test
    void manyTokensOfFewFeaturesHoldTheFeaturesNotTheGrams() {
        int tokens = 600;
        int hidden = 16;
        try (NDManager manager = NDManager.newBaseManager();
                CkaAccumulator auto = CkaAccumulator.builder(NAMES).build();
                CkaAccumulator gram = CkaAccumulator.builder(NAMES).optForm(CkaAccumulator.Form.GRAM, 64).build()) {
            for (int layer = 0; layer < NAMES.size() - 1; layer++) {
                NDArray states = manager.randomNormal(new Shape(tokens, hidden));
                auto.add(layer, states);
                gram.add(layer, states);
            }
            assertEquals(3L * tokens * hidden * Float.BYTES, auto.heldBytes(), "O(L n p): the centred states");
            assertEquals(4L * tokens * tokens * Double.BYTES, gram.heldBytes(), "O(L n^2): a row per layer");
        }
    }

    @Test
    void closeReleasesAnIncompleteBatchAndKeepsTheCompleteOnes() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        addBatch(accumulator, layers);
        double[][] before = accumulator.result().values();
        try (NDManager manager = NDManager.newBaseManager()) {
            accumulator.add(0, manager.create(layers.get(0)));
        }
        assertTrue(accumulator.heldBytes() > 0);
        accumulator.close();
        assertEquals(0, accumulator.heldBytes());
        assertMatrixEquals(before, accumulator.result().values(), 0);
        addBatch(accumulator, layers);
        assertMatrixEquals(before, accumulator.result().values(), 1e-12);
    }

    @Test
    void resultOfAnIncompleteBatchNamesTheMissingLayers() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        addBatch(accumulator, layers);
        accumulator.add(2, layers.get(2));
        var e = assertThrows(IllegalStateException.class, accumulator::result);
        assertEquals("batch 2 is incomplete: expected all 4 layers, found 1 (missing 'stem', 'layer1.0', 'head')",
                e.getMessage());
    }

    @Test
    void resultWithNothingAddedFails() {
        var e = assertThrows(IllegalStateException.class, () -> CkaAccumulator.builder(NAMES).build().result());
        assertEquals("expected at least one complete batch, found none", e.getMessage());
    }

    @Test
    void aLayerTwiceInOneBatchFailsAndLeavesTheBatchIntact() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        accumulator.add(1, layers.get(1));
        var e = assertThrows(IllegalStateException.class, () -> accumulator.add(1, layers.get(1)));
        assertEquals("layer 'layer1.0' was already added to batch 1; expected each layer once per batch",
                e.getMessage());
        accumulator.add(0, layers.get(0));
        accumulator.add(2, layers.get(2));
        accumulator.add(3, layers.get(3));
        assertEquals(4, accumulator.result().size());
    }

    @Test
    void layersOfOneBatchMustHaveTheSameSampleCount() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        accumulator.add(0, layers.get(0));
        var e = assertThrows(IllegalArgumentException.class, () -> accumulator.add(1, rows(layers.get(1), 0, 30)));
        assertEquals("layer 'layer1.0' has 30 samples in batch 1, expected 45 like the layers already added to it",
                e.getMessage());
    }

    @Test
    void nonFiniteActivationsNameTheLayer() {
        CkaAccumulator accumulator = CkaAccumulator.builder(NAMES).build();
        double[][] bad = rows(layers.get(2), 0, 45);
        bad[3][1] = Double.POSITIVE_INFINITY;
        var e = assertThrows(IllegalArgumentException.class, () -> accumulator.add(2, bad));
        assertEquals("the activation of layer 'layer1.1' holds Infinity at [3][1], expected finite values",
                e.getMessage());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray nan = manager.create(new float[] {1, 2, Float.NaN, 4, 5, 6, 7, 8}, new Shape(4, 2));
            var f = assertThrows(IllegalArgumentException.class, () -> accumulator.add(3, nan));
            assertEquals("the activation of layer 'head' in batch 1 holds NaN or infinite values, expected finite"
                    + " values", f.getMessage());
        }
    }

    @Test
    void rejectsBadIndicesSmallBatchesAndConstantLayers() {
        CkaAccumulator debiased = CkaAccumulator.builder(NAMES).optEstimator(Estimator.DEBIASED).build();
        var e = assertThrows(IllegalArgumentException.class, () -> debiased.add(4, layers.get(0)));
        assertEquals("layer index must be between 0 and 3, found 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> debiased.add(0, rows(layers.get(0), 0, 3)));
        assertEquals("the debiased estimator needs at least 4 samples per batch, found 3 for layer 'stem'",
                e.getMessage());
        CkaAccumulator biased = CkaAccumulator.builder(NAMES).build();
        List<double[][]> withDeadLayer = new ArrayList<>(layers);
        withDeadLayer.set(1, new double[45][6]);
        addBatch(biased, withDeadLayer);
        var f = assertThrows(IllegalStateException.class, biased::result);
        assertTrue(f.getMessage().startsWith("CKA is undefined for layer 'layer1.0'"), f.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CkaAccumulator.builder(List.of("a", "b", "a")));
        assertEquals("expected distinct layer names, found duplicates in [a, b, a]", e.getMessage());
    }

    private List<double[][]> relatedLayers(int n) {
        double[][] base = gaussian(random, n, 6);
        List<double[][]> result = new ArrayList<>();
        for (int layer = 0; layer < NAMES.size(); layer++) {
            double[][] mixed = Matrices.times(base, gaussian(random, 6, 5 + 3 * layer));
            result.add(plus(mixed, scaled(gaussian(random, n, mixed[0].length), 0.5 * layer)));
        }
        return result;
    }

    private static void addBatch(CkaAccumulator accumulator, List<double[][]> batch) {
        for (int layer = 0; layer < batch.size(); layer++) {
            accumulator.add(layer, batch.get(layer));
        }
    }

    /** Biased HSIC straight from its definition: trace(K H L H) / (n-1)^2 with explicit loops. */
    private static double hsic(double[][] x, double[][] y) {
        int n = x.length;
        double[][] k = Matrices.times(x, transpose(x));
        double[][] l = Matrices.times(y, transpose(y));
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 1.0 / n;
            }
        }
        double[][] khlh = Matrices.times(Matrices.times(Matrices.times(k, h), l), h);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += khlh[i][i];
        }
        return trace / ((n - 1.0) * (n - 1.0));
    }

    private static double[][] transpose(double[][] a) {
        return org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(a).transpose().getData();
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, "row " + i);
        }
    }
}
