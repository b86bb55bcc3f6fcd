package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Physically removing decoder layers. */
class PruningTest {
    private static final long[] IDS = {2, 7, 7, 1, 10, 4};

    @TempDir
    Path dir;

    @Test
    void removingALayerWhoseOutputsAreZeroLeavesTheLogitsUnchanged() {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 6, 0.4)) {
            model.set(LlamaModel.key(1, "self_attn.o_proj"), new float[16 * 24]);
            model.set(LlamaModel.key(1, "mlp.down_proj"), new float[16 * 24]);
            try (LlamaModel pruned = model.withoutLayers(Set.of(1))) {
                assertEquals(2, pruned.config().numLayers());
                assertArrayEquals(Fixtures.logits(model, IDS, Set.of()), Fixtures.logits(pruned, IDS, Set.of()));
            }
        }
    }

    @Test
    void keptLayersAreRenumberedAndMatchTheBypassedForward() {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 8, 0.4);
                LlamaModel pruned = model.withoutLayers(Set.of(0))) {
            assertEquals(model.tensor(LlamaModel.key(2, "self_attn.k_proj")),
                    pruned.tensor(LlamaModel.key(1, "self_attn.k_proj")));
            assertEquals(model.tensor(LlamaModel.key(1, "post_attention_layernorm")),
                    pruned.tensor(LlamaModel.key(0, "post_attention_layernorm")));
            assertEquals(2 + 2 * 9 + 1, pruned.parameters().size());
            assertArrayEquals(Fixtures.logits(model, IDS, Set.of(0)), Fixtures.logits(pruned, IDS, Set.of()));

            HfExport.builder().build().write(pruned, dir.resolve("pruned"));
            try (LlamaModel back = HfCheckpoint.load(dir.resolve("pruned"))) {
                assertEquals(2, LlamaConfig.read(dir.resolve("pruned/config.json")).numLayers());
                assertArrayEquals(Fixtures.logits(pruned, IDS, Set.of()), Fixtures.logits(back, IDS, Set.of()));
            }
            assertThrows(IllegalArgumentException.class, () -> model.withoutLayers(Set.of(3)).close());
        }
    }
}
