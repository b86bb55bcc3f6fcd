package sglp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DJL networks agree with their architectures and behave as residual networks must. */
class NetworkTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet20", "resnet20a", "vgg16"})
    void parametersAndOutputShapeMatchTheArchitecture(String name) {
        Architecture a = Architectures.byName(name, 10);
        try (Network net = Network.create(a, 7); NDManager m = NDManager.newBaseManager()) {
            long trainable = net.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(a.params(), trainable);
            NDArray logits = net.forward(m.randomUniform(0, 1, new Shape(2, 3, 32, 32)), false);
            assertEquals(new Shape(2, 10), logits.getShape());
        }
    }

    @Test
    void resnet50RunsOnSmallImages() {
        Architecture a = Architectures.resnet50(10, 64);
        try (Network net = Network.create(a, 1); NDManager m = NDManager.newBaseManager()) {
            assertEquals(new Shape(1, 10), net.forward(m.randomUniform(0, 1, new Shape(1, 3, 64, 64)), false).getShape());
            assertEquals(a.params(), net.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum());
        }
    }

    @Test
    void stateDictKeysFollowThePublicLayouts() {
        try (Network b = Network.create(Architectures.byName("resnet20", 10), 1);
                Network a = Network.create(Architectures.byName("resnet20a", 10), 1);
                Network v = Network.create(Architectures.vgg16Bn(10), 1)) {
            assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"),
                    b.unitKeys("conv1"));
            assertTrue(b.parameters().containsKey("layer2.0.downsample.0.weight"));
            assertTrue(b.parameters().containsKey("fc.weight"));
            assertTrue(a.parameters().containsKey("linear.bias"));
            assertTrue(a.parameters().keySet().stream().noneMatch(k -> k.contains("downsample")));
            assertEquals(List.of("features.3.weight", "features.3.bias", "features.4.weight", "features.4.bias",
                    "features.4.running_mean", "features.4.running_var"), v.unitKeys("features.3"));
            assertEquals(List.of("classifier.0.weight", "classifier.0.bias", "classifier.3.weight",
                    "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"), v.unitKeys("classifier"));
        }
    }

    @Test
    void initialWeightsDependOnlyOnSeedAndKey() {
        Architecture full = Architectures.byName("resnet20", 10);
        try (Network n1 = Network.create(full, 5); Network n2 = Network.create(full.without(List.of("layer1.1")), 5);
                Network n3 = Network.create(full, 6)) {
            float[] w1 = n1.parameters().get("layer3.1.conv2.weight").getArray().toFloatArray();
            assertArrayEquals(w1, n2.parameters().get("layer3.1.conv2.weight").getArray().toFloatArray());
            assertNotEquals(w1[0], n3.parameters().get("layer3.1.conv2.weight").getArray().toFloatArray()[0]);
            double var = 0;
            for (float f : w1) {
                var += f * f;
            }
            double kaiming = 2.0 / (64 * 9);
            assertEquals(kaiming, var / w1.length, 0.1 * kaiming);
        }
    }

    @Test
    void bypassingABlockWhoseResidualBranchIsZeroLeavesTheOutputUnchanged() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3);
                NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
            float[] before = net.forward(x, false).toFloatArray();
            net.set("layer2.1.bn2.weight", m.zeros(new Shape(32)));
            net.set("layer2.1.bn2.bias", m.zeros(new Shape(32)));
            float[] zeroed = net.forward(x, false).toFloatArray();
            float[] bypassed = net.forward(x, false, Set.of("layer2.1"), null).toFloatArray();
            assertArrayEquals(zeroed, bypassed, 1e-5f);
            assertTrue(Math.abs(before[0] - zeroed[0]) > 1e-6, "zeroing the branch should change the output");
        }
    }

    @Test
    void tapSeesEveryUnitThatRanAndBypassRejectsFixedUnits() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3);
                NDManager m = NDManager.newBaseManager()) {
            List<String> seen = new ArrayList<>();
            net.forward(m.ones(new Shape(1, 3, 32, 32)), false, Set.of("layer1.0"),
                    (u, out) -> seen.add(net.unitNames().get(u)));
            List<String> expected = new ArrayList<>(net.architecture().units().stream().map(Unit::name).toList());
            expected.remove("layer1.0");
            assertEquals(expected, seen, "every unit that ran, in forward order, under its index in unitNames()");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(m.ones(new Shape(1, 3, 32, 32)), false, Set.of("layer2.0"), null));
            assertTrue(e.getMessage().contains("layer2.0"));
        }
    }

    @Test
    void gradientsReachEveryTrainableParameter() {
        try (Network net = Network.create(Architectures.byName("resnet20a", 10), 3);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(8, 3, 32, 32));
            NDArray y = m.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(net.forward(x, true)));
                gc.backward(loss);
            }
            for (Parameter p : net.trainableParameters()) {
                assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName());
            }
        }
    }

    @Test
    void copyHasEqualButIndependentWeights() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3); Network c = net.copy();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            assertArrayEquals(net.forward(x, false).toFloatArray(), c.forward(x, false).toFloatArray(), 1e-6f);
            c.reinitialize(List.of("fc"), 99);
            assertNotEquals(net.forward(x, false).toFloatArray()[0], c.forward(x, false).toFloatArray()[0]);
        }
    }
}
