package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import sglp.select.Selectors;

/** The baselines on decoders whose answer is known by construction (the selectors of sglp.select). */
class BaselinesTest {

    private static final List<long[]> CALIBRATION = List.of(Fixtures.tokens(9, 40, 1), Fixtures.tokens(14, 40, 2),
            Fixtures.tokens(5, 40, 3));

    /** A random 5-layer model in which the given layers add nothing to the residual stream. */
    private static LlamaModel withIdentities(int... identities) {
        LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(5), 4, 0.1);
        for (int l : identities) {
            for (String module : List.of("self_attn.o_proj", "mlp.down_proj")) {
                String key = LlamaModel.key(l, module);
                model.set(key, new float[(int) model.parameters().get(key).getArray().size()]);
            }
        }
        return model;
    }

    private static final Perplexity.Windowing WINDOWS = new Perplexity.Windowing(16, 8);

    private static List<Integer> removed(String method, LlamaModel model, long seed, int keep) {
        return Selectors.byName(method, new Selectors.Settings(2, seed, 10_000))
                .select(new DecoderTarget(model, CALIBRATION, WINDOWS, 2), keep).removed();
    }

    @Test
    void shortGptRemovesAnIdentityLayerFirst() {
        try (LlamaModel model = withIdentities(3)) {
            assertEquals(List.of(3), removed("shortgpt", model, 0, 4));
            assertEquals(List.of(), removed("shortgpt", model, 0, 5));
        }
    }

    @Test
    void angularRemovesTheBlockOfIdentityLayers() {
        try (LlamaModel model = withIdentities(1, 2)) {
            assertEquals(List.of(1, 2), removed("angular", model, 0, 3));
        }
    }

    @Test
    void magnitudesKeepTheLargestLayers() {
        try (LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(4), 5, 0.1)) {
            for (int l : new int[] {0, 2}) {
                for (String key : model.parameters().keySet()) {
                    if (key.startsWith("model.layers." + l + ".")) {
                        float[] v = model.parameters().get(key).getArray().toFloatArray();
                        for (int i = 0; i < v.length; i++) {
                            v[i] *= l == 0 ? 0.5f : 0.1f;
                        }
                        model.set(key, v);
                    }
                }
            }
            assertEquals(List.of(2), removed("l1", model, 0, 3));
            assertEquals(List.of(0, 2), removed("l2", model, 0, 2));
        }
    }

    @Test
    void randomIsSeeded() {
        try (LlamaModel model = LlamaModel.create(LlamaConfig.tiny(40).withNumLayers(8), 1)) {
            List<Integer> a = removed("random", model, 3, 5);
            assertEquals(a, removed("random", model, 3, 5));
            assertEquals(3, Set.copyOf(a).size());
            List<List<Integer>> others = new ArrayList<>();
            for (long seed = 4; seed < 8; seed++) {
                others.add(removed("random", model, seed, 5));
            }
            assertNotEquals(List.of(a, a, a, a), others);
        }
    }

    @Test
    void onePerplexityAtATimeRemovesTheLeastHarmfulLayers() {
        try (LlamaModel model = withIdentities()) {
            long[] ids = CALIBRATION.stream().flatMapToLong(LongStream::of).toArray();
            double[] ppl = IntStream.range(0, 5).mapToDouble(l -> Perplexity.compute(model, ids, WINDOWS, Set.of(l))
                    .ppl()).toArray();
            List<Integer> byHand = IntStream.range(0, 5).boxed()
                    .sorted(java.util.Comparator.comparingDouble((Integer l) -> ppl[l]).thenComparing(l -> l)).limit(2)
                    .sorted().toList();
            assertEquals(byHand, removed("oneshot", model, 0, 3));
            assertEquals(byHand, removed("ppl1", model, 0, 3));
        }
    }
}
