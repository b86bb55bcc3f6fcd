package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The strided-window contract, checked against a brute-force reading of it. */
class PerplexityTest {

    /** Log-softmax of one row in double precision. */
    private static double logProb(float[] row, long target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (float v : row) {
            z += Math.exp(v - max);
        }
        return row[(int) target] - max - Math.log(z);
    }

    /**
     * Walks the windows token by token: a token is scored by the first window that contains it at a position other
     * than its first, with that window's context.
     */
    private static double[] bruteForce(LlamaModel model, long[] ids, int w, int s) {
        int n = ids.length;
        boolean[] scored = new boolean[n];
        double nll = 0;
        int count = 0;
        for (int begin = 0; begin < n; begin += s) {
            int end = Math.min(begin + w, n);
            float[][] logits = Fixtures.logits(model, Arrays.copyOfRange(ids, begin, end), Set.of());
            for (int t = begin + 1; t < end; t++) {
                if (!scored[t]) {
                    scored[t] = true;
                    nll -= logProb(logits[t - 1 - begin], ids[t]);
                    count++;
                }
            }
            if (end == n) {
                break;
            }
        }
        return new double[] {Math.exp(nll / count), count};
    }

    @Test
    void tokensAndPerplexityFollowTheWindowingContract() {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 12, 0.4)) {
            long[] ids = Fixtures.tokens(9, 11, 4);
            int[][] cases = {{4, 2}, {4, 4}, {5, 3}, {16, 1}, {3, 3}, {2, 1}};
            int[] expectedTokens = {8, 6, 8, 8, 6, 8};
            for (int i = 0; i < cases.length; i++) {
                int w = cases[i][0];
                int s = cases[i][1];
                Perplexity.Result r = Perplexity.compute(model, ids, new Perplexity.Windowing(w, s));
                double[] expected = bruteForce(model, ids, w, s);
                String what = "W=" + w + " S=" + s;
                assertEquals(expectedTokens[i], r.tokens(), what);
                assertEquals(expected[1], r.tokens(), what);
                // windows run batched, so float32 logits may differ from the one-window reference in the last bits
                assertEquals(expected[0], r.ppl(), 1e-6 * expected[0], what);
                assertEquals(Math.log(r.ppl()), r.meanNll(), 1e-12, what);
            }
        }
    }

    @Test
    void aFullWindowEqualsTheFullContextPerplexity() {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(true), 13, 0.4)) {
            long[] ids = Fixtures.tokens(9, 11, 5);
            float[][] logits = Fixtures.logits(model, ids, Set.of());
            double nll = 0;
            for (int t = 1; t < ids.length; t++) {
                nll -= logProb(logits[t - 1], ids[t]);
            }
            Perplexity.Result r = Perplexity.compute(model, ids, new Perplexity.Windowing(64, 7));
            assertEquals(8, r.tokens());
            assertEquals(Math.exp(nll / 8), r.ppl(), 1e-9 * r.ppl());
            assertTrue(r.ppl() > 1);
        }
    }

    @Test
    void aWindowBeyondMaxPositionEmbeddingsIsRefusedNamingTheConfig(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        try (LlamaModel model = Fixtures.randomModel(Fixtures.small(false), 3, 0.4)) {
            long[] ids = Fixtures.tokens(100, 11, 5);
            assertEquals(99, Perplexity.compute(model, ids, new Perplexity.Windowing(64, 32)).tokens());
            String m = assertThrows(IllegalArgumentException.class,
                    () -> Perplexity.compute(model, ids, new Perplexity.Windowing(65, 32))).getMessage();
            assertEquals("window W (--window): expected at most 64 tokens, the max_position_embeddings of the "
                    + "configuration of a model built in memory (the longest context the model was trained for), "
                    + "found 65", m);
            HfExport.builder().build().write(model, dir.resolve("m"));
            try (LlamaModel back = HfCheckpoint.load(dir.resolve("m"));
                    LlamaModel pruned = back.withoutLayers(Set.of(0))) {
                for (LlamaModel each : new LlamaModel[] {back, pruned}) {
                    String named = assertThrows(IllegalArgumentException.class,
                            () -> Perplexity.compute(each, ids, new Perplexity.Windowing(128, 64))).getMessage();
                    assertTrue(named.startsWith("window W (--window): expected at most 64 tokens, the "
                            + "max_position_embeddings of " + dir.resolve("m").resolve("config.json")), named);
                    assertTrue(named.endsWith("found 128"), named);
                }
            }
        }
    }

    @Test
    void badWindowsAndTooShortTextsAreRejected() {
        assertEquals("window W: expected at least 2 tokens, found 1",
                assertThrows(IllegalArgumentException.class, () -> new Perplexity.Windowing(1, 1)).getMessage());
        assertEquals("stride S: expected 1 <= S <= W (4), found 5",
                assertThrows(IllegalArgumentException.class, () -> new Perplexity.Windowing(4, 5)).getMessage());
        assertEquals("stride S: expected 1 <= S <= W (4), found 0",
                assertThrows(IllegalArgumentException.class, () -> new Perplexity.Windowing(4, 0)).getMessage());
        try (LlamaModel model = LlamaModel.create(Fixtures.small(false), 1)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Perplexity.compute(model, new long[] {1}, new Perplexity.Windowing(2, 1)));
        }
    }
}
