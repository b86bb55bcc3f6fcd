package sglp.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sglp.model.Architectures;
import sglp.model.Network;

/** The pruned network is physically smaller and computes what the original computes without the removed layers. */
class PruningTest {
    private static final List<String> KEPT = List.of("layer1.0", "layer2.1", "layer3.1", "layer3.2");

    @Test
    void prunedNetworkComputesTheOriginalWithoutTheRemovedLayers() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 11);
                Network pruned = Pruning.apply(net, KEPT); NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            Set<String> removed = Set.of("layer1.1", "layer1.2", "layer2.2");
            assertArrayEquals(net.forward(x, false, removed, null).toFloatArray(),
                    pruned.forward(x, false).toFloatArray(), 1e-5f);
            assertEquals(KEPT, pruned.architecture().layerNames());
            long trainable = pruned.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(pruned.architecture().params(), trainable);
        }
    }

    @Test
    void removingABlockWhoseResidualBranchIsZeroLeavesTheOutputUnchanged() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4);
                NDManager m = NDManager.newBaseManager()) {
            net.set("layer1.2.bn2.weight", m.zeros(new Shape(16)));
            net.set("layer1.2.bn2.bias", m.zeros(new Shape(16)));
            List<String> kept = net.architecture().layerNames().stream().filter(n -> !n.equals("layer1.2")).toList();
            try (Network pruned = Pruning.apply(net, kept)) {
                NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
                assertArrayEquals(net.forward(x, false).toFloatArray(), pruned.forward(x, false).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void runningStatisticsAreCarriedOver() {
        try (Network net = Network.create(Architectures.byName("vgg16", 10), 4);
                NDManager m = NDManager.newBaseManager()) {
            net.set("features.11.running_mean", m.arange(128f));
            try (Network pruned = Pruning.apply(net, List.of("features.10", "features.37"))) {
                assertArrayEquals(m.arange(128f).toFloatArray(),
                        pruned.parameters().get("features.11.running_mean").getArray().toFloatArray());
                assertEquals(2, pruned.architecture().layers().size());
            }
        }
    }

    @Test
    void summaryReportsReductions() {
        var s = Pruning.summarize(Architectures.byName("resnet56", 10), List.of("layer1.0", "layer2.4", "layer3.7"));
        assertEquals(3, s.keptLayers().size());
        assertEquals(22, s.removedLayers().size());
        assertEquals(1 - (double) s.after().params() / s.before().params(), s.paramsReduction(), 1e-12);
        assertTrue(s.macsReduction() > 0.7 && s.macsReduction() < 0.95, "MAC reduction " + s.macsReduction());
        assertEquals(3, s.table().rowCount());
        assertEquals(3, s.figure().data().size());
        assertTrue(s.table().name().contains("thop"));
    }
}
