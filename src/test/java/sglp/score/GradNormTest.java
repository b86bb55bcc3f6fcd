package sglp.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sglp.model.Architecture;
import sglp.model.Network;
import sglp.score.GradNorm.Variant;

/** GradNorm on a bypassed network equals the gradient norm of the physically pruned network. */
class GradNormTest {
    private static final Set<String> REMOVED = Set.of("layer1.1", "layer2.2");
    private static NDManager manager;
    private static NDArray x;
    private static NDArray y;

    @BeforeAll
    static void data() {
        manager = NDManager.newBaseManager();
        x = Fixtures.images(manager, 8, 1);
        y = Fixtures.labels(manager, 8);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void equalsTheGradientNormOfThePhysicallyPrunedNetwork() {
        for (Variant v : Variant.values()) {
            try (Network source = Network.create(Fixtures.RESNET20, 11)) {
                double bypassed = GradNorm.score(source, x, y, REMOVED, v);
                double direct = prunedGradNorm(source, v);
                assertEquals(direct, bypassed, 1e-4 * direct, v.name());
            }
        }
    }

    @Test
    void variantsDiffer() {
        try (Network net = Network.create(Fixtures.RESNET20, 11)) {
            double global = GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2);
            double perLayer = GradNorm.score(net, x, y, REMOVED, Variant.PER_LAYER_SUM);
            assertTrue(global > 0 && perLayer > global, global + " vs " + perLayer);
        }
    }

    @Test
    void gradientsAreZeroedNotAccumulated() {
        try (Network net = Network.create(Fixtures.RESNET20, 11); Network fresh = Network.create(Fixtures.RESNET20, 11)) {
            double first = GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2);
            assertEquals(first, GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2), 1e-9 * first);
            // a candidate that keeps layer1.1 leaves gradients in it; the next candidate bypasses it again
            GradNorm.score(net, x, y, Set.of("layer3.2"), Variant.GLOBAL_L2);
            double after = GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2);
            assertEquals(GradNorm.score(fresh, x, y, REMOVED, Variant.GLOBAL_L2), after, 1e-9 * after);
            assertEquals(first, after, 1e-9 * first);
        }
    }

    @Test
    void nativeArraysOfThePassAreReleased() {
        try (Network net = Network.create(Fixtures.RESNET20, 11)) {
            GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2);
            int netArrays = net.manager().getManagedArrays().size();
            int callerArrays = manager.getManagedArrays().size();
            GradNorm.score(net, x, y, Set.of("layer1.0"), Variant.PER_LAYER_SUM);
            assertEquals(netArrays, net.manager().getManagedArrays().size());
            assertEquals(callerArrays, manager.getManagedArrays().size());
        }
    }

    @Test
    void badInputsAreRejected() {
        try (Network net = Network.create(Fixtures.RESNET20, 11)) {
            var labels = assertThrows(IllegalArgumentException.class,
                    () -> GradNorm.score(net, x, Fixtures.labels(manager, 7), Set.of(), Variant.GLOBAL_L2));
            assertTrue(labels.getMessage().contains("expected shape (8)"), labels.getMessage());
            var fixed = assertThrows(IllegalArgumentException.class,
                    () -> GradNorm.score(net, x, y, Set.of("layer2.0"), Variant.GLOBAL_L2));
            assertTrue(fixed.getMessage().contains("layer2.0"), fixed.getMessage());
        }
    }

    @Test
    void batchesTheNetworkCannotScoreAreRefusedBeforeTheEngineSeesThem() {
        try (Network net = Network.create(Fixtures.RESNET20, 11); NDManager m = NDManager.newBaseManager()) {
            var empty = assertThrows(IllegalArgumentException.class, () -> GradNorm.score(net,
                    m.zeros(new Shape(0, 3, 32, 32)), m.zeros(new Shape(0), DataType.INT64), Set.of(),
                    Variant.GLOBAL_L2));
            assertEquals("batch 'x': expected at least 1 sample, found 0 (and at least 2: BatchNorm runs in training "
                    + "mode in this pass and normalizes each channel with the batch's own mean and variance, which one "
                    + "sample makes degenerate)", empty.getMessage());
            var one = assertThrows(IllegalArgumentException.class, () -> GradNorm.score(net,
                    Fixtures.images(m, 1, 3), Fixtures.labels(m, 1), Set.of(), Variant.GLOBAL_L2));
            assertEquals("batch 'x': expected at least 2 samples, found 1: BatchNorm runs in training mode in this "
                    + "pass and normalizes each channel with the batch's own mean and variance, which one sample makes "
                    + "degenerate", one.getMessage());
            var label = assertThrows(IllegalArgumentException.class, () -> GradNorm.score(net, x,
                    m.create(new long[] {0, 1, 2, 3, 4, 5, 10, 7}), Set.of(), Variant.GLOBAL_L2));
            assertEquals("batch 'y': expected class labels in [0, 10) (resnet20 has 10 classes), found 10 at index 6",
                    label.getMessage());
            NDArray nan = x.duplicate();
            nan.set(new NDIndex("2, 1, 3, 4"), Float.NEGATIVE_INFINITY);
            var inf = assertThrows(IllegalArgumentException.class,
                    () -> GradNorm.score(net, nan, y, Set.of(), Variant.GLOBAL_L2));
            assertEquals("batch 'x': expected finite numbers, found -Infinity at index [2, 1, 3, 4]",
                    inf.getMessage());
            var gray = assertThrows(IllegalArgumentException.class, () -> GradNorm.score(net,
                    m.zeros(new Shape(2, 1, 32, 32)), Fixtures.labels(m, 2), Set.of(), Variant.GLOBAL_L2));
            assertTrue(gray.getMessage().contains("found 1 x 32 x 32"), gray.getMessage());
            var search = assertThrows(IllegalArgumentException.class, () -> GradNormSearch.builder().optKeep(4)
                    .build().search(net, Fixtures.SEGMENTS, Fixtures.images(m, 1, 3), Fixtures.labels(m, 1)));
            assertEquals(one.getMessage(), search.getMessage());
        }
    }

    @Test
    void vggScoresAreExactlyRepeatableDespiteItsDropoutClassifier() {
        try (Network vgg = Network.create(Fixtures.VGG16, 3); NDManager m = NDManager.newBaseManager()) {
            NDArray images = Fixtures.images(m, 2, 4);
            NDArray labels = m.create(new long[] {0, 1});
            double first = GradNorm.score(vgg, images, labels, Set.of(), Variant.GLOBAL_L2);
            double second = GradNorm.score(vgg, images, labels, Set.of(), Variant.GLOBAL_L2);
            assertTrue(first > 0, "score " + first);
            assertEquals(first, second, 0.0, "dropout is off and BatchNorm uses batch statistics while scoring");
        }
    }

    @Test
    void removingLayersChangesTheScore() {
        try (Network net = Network.create(Fixtures.RESNET20, 11)) {
            assertNotEquals(GradNorm.score(net, x, y, Set.of(), Variant.GLOBAL_L2),
                    GradNorm.score(net, x, y, REMOVED, Variant.GLOBAL_L2));
        }
    }

    /** The norm computed directly on a physically smaller network that carries the source's weights. */
    private static double prunedGradNorm(Network source, Variant v) {
        Architecture pruned = Fixtures.RESNET20.without(REMOVED);
        try (Network net = Network.create(pruned, 99); NDManager scope = NDManager.newBaseManager()) {
            net.copyWeights(source, net.unitNames());
            NDArray input = x.duplicate();
            input.attach(scope);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(input, true);
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            double squares = 0;
            double perLayer = 0;
            for (Parameter p : net.trainableParameters()) {
                float[] g = p.getArray().getGradient().toFloatArray();
                double s = 0;
                for (float f : g) {
                    s += (double) f * f;
                }
                squares += s;
                int dims = p.getArray().getShape().dimension();
                if (p.getName().equals("weight") && (dims == 4 || dims == 2)) {
                    perLayer += Math.sqrt(s);
                }
            }
            return v == Variant.GLOBAL_L2 ? Math.sqrt(squares) : perLayer;
        }
    }
}
