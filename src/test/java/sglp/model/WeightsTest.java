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
        assertTrue(msg.startsWith("bad.npz does not fit resnet20 (3 problems; no prefix is common to all keys):"), msg);
        assertTrue(msg.contains("missing key 'layer2.1.conv2.weight' (expected shape [32, 32, 3, 3])"), msg);
        assertTrue(msg.contains("key 'fc.weight': expected shape [10, 64], found [100, 64]"), msg);
        assertTrue(msg.contains("unexpected key 'classifier.weight' (shape [2])"), msg);
    }

    @Test
    void everyKindOfWrapperPrefixIsStripped() {
        List<String> prefixes = List.of("module.", "module.module.", "_orig_mod.", "module._orig_mod.", "model.",
                "net.", "network.", "backbone.", "model.backbone.", "_orig_mod.module.model.");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            for (String prefix : prefixes) {
                StateDict sd = new StateDict();
                for (var e : Weights.stateDict(net)) {
                    sd.put(prefix + e.getKey(), e.getValue());
                }
                sd.put(prefix + "bn1.num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {7}));
                try (Network back = Network.create(Architectures.byName("resnet20", 10), 5)) {
                    Weights.load(back, sd, prefix + "w.npz");
                    assertArrayEquals(net.parameters().get("fc.weight").getArray().toFloatArray(),
                            back.parameters().get("fc.weight").getArray().toFloatArray(), prefix);
                }
            }
        }
    }

    @Test
    void keysThatDoNotFitSayWhichPrefixTheyShare() {
        try (Network small = Network.create(Architectures.byName("resnet20", 10), 4);
                Network big = Network.create(Architectures.byName("resnet32", 10), 4)) {
            StateDict sd = new StateDict();
            for (var e : Weights.stateDict(small)) {
                sd.put("model." + e.getKey(), e.getValue());
            }
            String msg = assertThrows(IllegalArgumentException.class, () -> Weights.load(big, sd, "lit.npz"))
                    .getMessage();
            assertTrue(msg.startsWith("lit.npz does not fit resnet32 (60 problems; every key starts with 'model.'; "
                    + "'model.' was removed before matching, and removing more or less does not make them fit "
                    + "either):"), msg);
            assertTrue(msg.contains("missing key 'model.layer1.3.conv1.weight' (expected shape [16, 16, 3, 3])"), msg);

            StateDict other = new StateDict().put("encoder.proj.weight", Tensor.ofFloats(new long[] {1}, new float[1]))
                    .put("encoder.head.bias", Tensor.ofFloats(new long[] {1}, new float[1]));
            msg = assertThrows(IllegalArgumentException.class, () -> Weights.load(small, other, "enc.npz"))
                    .getMessage();
            assertTrue(msg.contains("every key starts with 'encoder.', and removing it does not make them fit "
                    + "either"), msg);
            assertTrue(msg.contains("unexpected key 'encoder.proj.weight' (shape [1])"), msg);
        }
    }

    @Test
    void integerWeightsAreRefusedWithTheirKeyAndDtype() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            StateDict sd = new StateDict();
            for (var e : Weights.stateDict(net)) {
                sd.put(e.getKey(), e.getKey().equals("fc.bias") ? e.getValue().as(DType.I32) : e.getValue());
            }
            sd.put("bn1.num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {3}));
            String msg = assertThrows(IllegalArgumentException.class, () -> Weights.load(net, sd, "int.npz"))
                    .getMessage();
            assertTrue(msg.startsWith("int.npz does not fit resnet20 (1 problems"), msg);
            assertTrue(msg.contains("key 'fc.bias': expected a floating-point tensor (F16, BF16, F32 or F64), found "
                    + "I32"), msg);
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedBeforeAnyIsLoaded() throws Exception {
        Path file = dir.resolve("nan.npz");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            StateDict sd = Weights.stateDict(net);
            float[] w = sd.get("layer1.0.conv1.weight").toFloats();
            w[1 * 16 * 9 + 2 * 9 + 5] = Float.NaN;
            sd.put("layer1.0.conv1.weight", Tensor.ofFloats(new long[] {16, 16, 3, 3}, w));
            float[] v = sd.get("bn1.running_var").toFloats();
            v[3] = Float.POSITIVE_INFINITY;
            sd.put("bn1.running_var", Tensor.ofFloats(new long[] {16}, v));
            sd.write(file);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Weights.load(Architectures.byName("resnet20", 10), file));
        assertEquals("nan.npz: key 'bn1.running_var': expected finite numbers, found Infinity at index [3]",
                e.getMessage());
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            StateDict sd = Weights.stateDict(net);
            float[] before = net.parameters().get("bn1.running_var").getArray().toFloatArray();
            sd.put("bn1.running_var", StateDict.read(file).get("bn1.running_var"));
            sd.put("layer1.0.conv1.weight", StateDict.read(file).get("layer1.0.conv1.weight"));
            sd.put("bn1.running_var", sd.get("bn1.running_var").as(DType.F64));
            var again = assertThrows(IllegalArgumentException.class, () -> Weights.load(net, sd, "nan.npz"));
            assertTrue(again.getMessage().contains("Infinity at index [3]"), again.getMessage());
            assertArrayEquals(before, net.parameters().get("bn1.running_var").getArray().toFloatArray(),
                    "nothing is loaded when a value is refused");
            sd.put("bn1.running_var", Tensor.ofFloats(new long[] {16}, before));
            var nan = assertThrows(IllegalArgumentException.class, () -> Weights.load(net, sd, "nan.npz"));
            assertEquals("nan.npz: key 'layer1.0.conv1.weight': expected finite numbers, found NaN at index "
                    + "[1, 2, 1, 2]", nan.getMessage());
        }
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
