package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
    @TempDir
    Path dir;

    private static StateDict layers() {
        StateDict d = new StateDict();
        for (String name : List.of("layer3", "layer1", "fc", "layer2")) {
            d.put(name, TestTensors.sample(DType.F32, 2, 2));
        }
        return d;
    }

    @Test
    void keepsInsertionOrder() {
        StateDict d = layers();
        assertEquals(List.of("layer3", "layer1", "fc", "layer2"), d.keys());
        d.put("layer1", TestTensors.sample(DType.I64, 1));
        assertEquals(List.of("layer3", "layer1", "fc", "layer2"), d.keys(), "replacing keeps the position");
        assertEquals(DType.I64, d.get("layer1").dtype());
        List<String> iterated = new ArrayList<>();
        d.forEach(e -> iterated.add(e.getKey()));
        assertEquals(d.keys(), iterated);
        assertEquals(4, d.size());
        assertTrue(d.contains("fc"));
        assertFalse(d.contains("fc.weight"));
        assertThrows(UnsupportedOperationException.class, () -> d.asMap().clear());
        assertNotEquals(layers(), StateDict.of(Map.of("fc", d.get("fc"))));
        assertEquals(layers(), layers());
        assertEquals(layers().hashCode(), layers().hashCode());
    }

    @Test
    void missingKeyNamesTheKeyAndSomeThatExist() {
        var e = assertThrows(IllegalArgumentException.class, () -> layers().get("layer4"));
        assertEquals("no tensor named 'layer4'; the 4 names are 'layer3', 'layer1', 'fc', 'layer2'", e.getMessage());
        StateDict many = new StateDict();
        for (int i = 0; i < 20; i++) {
            many.put("k" + i, TestTensors.sample(DType.U8));
        }
        e = assertThrows(IllegalArgumentException.class, () -> many.get("x"));
        assertTrue(e.getMessage().endsWith("'k6', 'k7', ..."), e.getMessage());
    }

    @Test
    void readsAndWritesByExtension() throws IOException {
        StateDict d = layers();
        for (String name : List.of("a.npz", "a.safetensors", "A.NPZ")) {
            d.write(dir.resolve(name));
            assertEquals(d, StateDict.read(dir.resolve(name)), name);
        }
        assertTrue(Files.readString(dir.resolve("a.safetensors"), StandardCharsets.ISO_8859_1)
                .contains("\"layer3\""));
        StateDict one = new StateDict().put("ignored", TestTensors.sample(DType.I16, 3));
        one.write(dir.resolve("conv1.weight.npy"));
        StateDict read = StateDict.read(dir.resolve("conv1.weight.npy"));
        assertEquals(List.of("conv1.weight"), read.keys());
        assertEquals(one.get("ignored"), read.get("conv1.weight"));
    }

    @Test
    void rejectsUnknownExtensionsAndMisfits() {
        for (String name : List.of("weights.pt", "weights", "npz")) {
            var e = assertThrows(IllegalArgumentException.class, () -> StateDict.read(dir.resolve(name)));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(".npz, .safetensors or .npy"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> layers().write(dir.resolve(name)));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> layers().write(dir.resolve("x.npy")));
        assertTrue(e.getMessage().contains("exactly one tensor, found 4"), e.getMessage());
        StateDict bf16 = new StateDict().put("w", TestTensors.sample(DType.BF16, 2));
        assertThrows(IllegalArgumentException.class, () -> bf16.write(dir.resolve("x.npz")));
        assertTrue(Files.notExists(dir.resolve("x.npz")));
        assertThrows(NullPointerException.class, () -> bf16.put("v", null));
    }
}
