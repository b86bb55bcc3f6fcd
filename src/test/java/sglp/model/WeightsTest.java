package sglp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.DType;
import sglp.io.StateDict;
import sglp.io.Tensor;

/** PyTorch state dicts in and out: exact round trips, the public layouts' quirks, strict errors. */
class WeightsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripThroughBothFormatsKeepsEveryValue() throws Exception {
        for (String file : List.of("w.npz", "w.safetensors")) {
            try (Network net = Network.create(Architectures.byName("resnet20a", 10), 3);
                    NDManager m = NDManager.newBaseManager()) {
                net.set("layer1.0.bn1.running_mean", m.arange(16f));
                Weights.save(net, dir.resolve(file));
                try (Network back = Weights.load(net.architecture(), dir.resolve(file))) {
                    for (String key : net.parameters().keySet()) {
                        assertArrayEquals(net.parameters().get(key).getArray().toFloatArray(),
                                back.parameters().get(key).getArray().toFloatArray(), key);
                    }
                }
            }
        }
    }

    @Test
    void stateDictHasThePyTorchKeysInOrder() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3)) {
            StateDict sd = Weights.stateDict(net);
            assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "layer1.0.conv1.weight"), sd.keys().subList(0, 6));
            assertEquals(List.of("fc.weight", "fc.bias"), sd.keys().subList(sd.size() - 2, sd.size()));
            assertArrayEquals(new long[] {10, 64}, sd.get("fc.weight").shape());
        }
    }

    @Test
    void dataParallelPrefixBatchCountersAndHalfPrecisionAreAccepted() throws Exception {
        Path file = dir.resolve("dp.safetensors");
        float[] head;
        try (Network net = Network.create(Architectures.byName("resnet20a", 10), 4)) {
            StateDict sd = new StateDict();
            for (var e : Weights.stateDict(net)) {
                sd.put("module." + e.getKey(), e.getValue().as(DType.F16));
                if (e.getKey().endsWith("running_var")) {
                    String counter = "module." + e.getKey().replace("running_var", "num_batches_tracked");
                    sd.put(counter, Tensor.ofLongs(new long[0], new long[] {100}));
                }
            }
            sd.write(file);
            head = Weights.stateDict(net).get("linear.weight").as(DType.F16).toFloats();
        }
        try (Network back = Weights.load(Architectures.byName("resnet20a", 10), file)) {
            assertArrayEquals(head, back.parameters().get("linear.weight").getArray().toFloatArray());
        }
    }

    @Test
    void missingExtraAndMisshapenKeysAreNamedWithShapes() throws Exception {
        Path file = dir.resolve("bad.npz");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            StateDict sd = new StateDict();
            for (var e : Weights.stateDict(net)) {
                if (e.getKey().equals("layer2.1.conv2.weight")) {
                    continue;
                }
                sd.put(e.getKey(), e.getKey().equals("fc.weight")
                        ? Tensor.ofFloats(new long[] {100, 64}, new float[6400]) : e.getValue());
            }
            sd.put("classifier.weight", Tensor.ofFloats(new long[] {2}, new float[2]));
            sd.write(file);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Weights.load(Architectures.byName("resnet20", 10), file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("bad.npz does not fit resnet20 (3 problems)"), msg);
        assertTrue(msg.contains("missing key 'layer2.1.conv2.weight' (expected shape [32, 32, 3, 3])"), msg);
        assertTrue(msg.contains("key 'fc.weight': expected shape [10, 64], found [100, 64]"), msg);
        assertTrue(msg.contains("unexpected key 'classifier.weight' (shape [2])"), msg);
    }

    @Test
    void unreadableFilesNameTheFile() throws Exception {
        Path file = dir.resolve("cut.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        var e = assertThrows(RuntimeException.class, () -> Weights.load(Architectures.byName("resnet20", 10), file));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    }

    @Test
    void vggAndResNet50LayoutsRoundTrip() throws Exception {
        try (Network vgg = Network.create(Architectures.vgg16Bn(10), 1); NDManager m = NDManager.newBaseManager()) {
            Weights.save(vgg, dir.resolve("vgg.safetensors"));
            try (Network back = Weights.load(vgg.architecture(), dir.resolve("vgg.safetensors"))) {
                var x = m.randomUniform(0, 1, new Shape(1, 3, 32, 32));
                assertArrayEquals(vgg.forward(x, false).toFloatArray(), back.forward(x, false).toFloatArray(), 1e-6f);
            }
        }
        Architecture r50 = Architectures.resnet50(10, 64);
        try (Network net = Network.create(r50, 1)) {
            StateDict sd = Weights.stateDict(net);
            assertTrue(sd.contains("layer4.0.downsample.1.running_var"));
            assertArrayEquals(new long[] {512, 2048, 1, 1}, sd.get("layer4.1.conv1.weight").shape());
        }
    }
}
