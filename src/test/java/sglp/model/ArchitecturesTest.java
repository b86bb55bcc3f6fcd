package sglp.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter and MAC counts against the published figures (METHOD.md section 4), and the layer views. */
class ArchitecturesTest {

    @Test
    void optionBResNetParameterCountsAreExact() {
        assertEquals(272_474, Architectures.cifarResNet(20, Shortcut.B, 10).params());
        assertEquals(466_906, Architectures.cifarResNet(32, Shortcut.B, 10).params());
        assertEquals(855_770, Architectures.cifarResNet(56, Shortcut.B, 10).params());
        assertEquals(1_730_714, Architectures.cifarResNet(110, Shortcut.B, 10).params());
        assertEquals(269_722, Architectures.cifarResNet(20, Shortcut.A, 10).params());
    }

    @Test
    void macsMatchThePublishedFigures() {
        assertEquals(40.81, Architectures.cifarResNet(20, Shortcut.B, 10).macs() / 1e6, 0.005);
        assertEquals(69.12, Architectures.cifarResNet(32, Shortcut.B, 10).macs() / 1e6, 0.005);
        assertEquals(125.75, Architectures.cifarResNet(56, Shortcut.B, 10).macs() / 1e6, 0.005);
        assertEquals(313.73, Architectures.vgg16Bn(10).macs() / 1e6, 0.005);
        assertEquals(15.25, Architectures.vgg16Bn(10).params() / 1e6, 0.005);
    }

    @Test
    void resnet50MatchesTorchvision() {
        Architecture a = Architectures.resnet50(1000, 224);
        assertEquals(25_557_032, a.params());
        assertEquals(4.09, a.macs() / 1e9, 0.01);
        assertEquals(List.of("layer1.1", "layer1.2", "layer2.1", "layer2.2", "layer2.3", "layer3.1", "layer3.2",
                "layer3.3", "layer3.4", "layer3.5", "layer4.1", "layer4.2"), a.layerNames());
    }

    @Test
    void layerViewsListThePrunableUnits() {
        Architecture r20 = Architectures.byName("resnet20", 10);
        assertEquals(List.of("layer1.0", "layer1.1", "layer1.2", "layer2.1", "layer2.2", "layer3.1", "layer3.2"),
                r20.layerNames());
        assertEquals(25, Architectures.byName("resnet56", 10).layers().size());
        Architecture vgg = Architectures.vgg16Bn(10);
        assertEquals(List.of("features.3", "features.10", "features.17", "features.20", "features.27", "features.30",
                "features.34", "features.37", "features.40"), vgg.layerNames());
        assertFalse(vgg.unit("features.0").prunable());
        assertFalse(vgg.unit("features.6").prunable());
    }

    @Test
    void pruningRemovesOnlyPrunableLayers() {
        Architecture r20 = Architectures.byName("resnet20", 10);
        Architecture pruned = r20.without(List.of("layer1.1", "layer3.2"));
        assertEquals("resnet20-pruned", pruned.name());
        assertEquals(r20.units().size() - 2, pruned.units().size());
        long removed = r20.unit("layer1.1").params() + r20.unit("layer3.2").params();
        assertEquals(r20.params() - removed, pruned.params());
        var e = assertThrows(IllegalArgumentException.class, () -> r20.without(List.of("layer2.0")));
        assertTrue(e.getMessage().contains("layer2.0") && e.getMessage().contains("fixed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r20.without(List.of("layer9.9")));
        assertEquals(pruned, r20.keeping(List.of("layer1.0", "layer1.2", "layer2.1", "layer2.2", "layer3.1")));
    }

    @Test
    void jsonRoundTrip() {
        Architecture vgg = Architectures.vgg16Bn(10).without(List.of("features.37"));
        assertEquals(vgg, Architecture.fromJson(vgg.toJson()));
    }

    @Test
    void unknownNamesAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Architectures.byName("resnet21", 10));
        assertTrue(e.getMessage().contains("resnet21") && e.getMessage().contains("resnet56"), e.getMessage());
    }
}
