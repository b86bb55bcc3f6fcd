package sglp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sglp.cka.SimilarityMatrix;
import sglp.segment.Segment;

/** Every method on a constructed target whose right answers are known, against the definitions of METHOD.md. */
class SelectorsTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * Five layers: weights with chosen norms; on two positions per batch, layers 1 and 3 give back their input
     * (one of its positions the zero vector), the others rotate it by their own angle; the loss is the sum of the
     * removed layers' costs; layer 2's input is not layer 1's output (a fixed unit sits between).
     */
    private final class Target implements SelectionTarget {
        final double[] angle = {0.6, 0, 0.3, 0, 0.9};
        final double[] cost = {5, 0.1, 3, 0.2, 4};
        final double[][] weights = {{3, -4}, {1, 0}, {0, 2}, {-1, 0}, {2, 2}};
        final ToDoubleFunction<Set<Integer>> candidateScore;

        Target(ToDoubleFunction<Set<Integer>> candidateScore) {
            this.candidateScore = candidateScore;
        }

        @Override
        public List<String> layers() {
            return List.of("a", "b", "c", "d", "e");
        }

        @Override
        public List<NDArray> weights(int layer) {
            return List.of(manager.create(new float[] {(float) weights[layer][0]}),
                    manager.create(new float[] {(float) weights[layer][1]}));
        }

        @Override
        public void visitStates(StateVisitor visitor) {
            for (int batch = 0; batch < 2; batch++) {
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> in = new ArrayList<>();
                    List<NDArray> out = new ArrayList<>();
                    double turned = 0;
                    for (int l = 0; l < 5; l++) {
                        in.add(rotated(scope, batch, turned));
                        turned += angle[l];
                        out.add(rotated(scope, batch, turned));
                    }
                    visitor.visit(in, out);
                }
            }
        }

        /** Rows (1, batch) and (0, 0) turned by an angle: what flows between the layers. */
        private NDArray rotated(NDManager scope, int batch, double turned) {
            float c = (float) Math.cos(turned);
            float s = (float) Math.sin(turned);
            return scope.create(new float[] {c - batch * s, s + batch * c, 0, 0}, new Shape(2, 2));
        }

        @Override
        public boolean feedsNext(int layer) {
            return layer != 1;
        }

        @Override
        public double loss(Set<Integer> removed) {
            return 1 + removed.stream().mapToDouble(l -> cost[l]).sum();
        }

        @Override
        public SimilarityMatrix similarity() {
            double[][] s = new double[5][5];
            int[] block = {0, 0, 1, 1, 1};
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    s[i][j] = i == j ? 1 : block[i] == block[j] ? 0.9 : 0.2;
                }
            }
            return new SimilarityMatrix(layers(), s);
        }

        @Override
        public CandidateScorer scorer() {
            return new CandidateScorer() {
                @Override
                public String name() {
                    return "test score";
                }

                @Override
                public boolean largerIsBetter() {
                    return true;
                }

                @Override
                public Scoring open(List<Integer> segmentLayers) {
                    return new Scoring() {
                        @Override
                        public double score(Set<Integer> removed) {
                            return candidateScore.applyAsDouble(removed);
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
        }
    }

    private static Selection select(String method, SelectionTarget target, int keep) {
        return Selectors.byName(method, Selectors.Settings.DEFAULT).select(target, keep);
    }

    @Test
    void magnitudeKeepsTheLargestSumsOfPerTensorNorms() {
        Target t = new Target(r -> 0);
        // L1 per layer: 7, 1, 2, 1, 4; L2 (sum of per-tensor norms): 7, 1, 2, 1, 4 as well for 1-element tensors
        assertEquals(List.of(0, 2, 4), select("l1", t, 3).kept());
        assertEquals(List.of(7.0, 1.0, 2.0, 1.0, 4.0), select("l2", t, 3).scores());
        assertEquals(List.of(0, 4), select("l2", t, 2).kept());
        assertEquals(List.of(0, 2, 3, 4), select("l1", t, 4).kept(), "equal norms: the earlier layer goes first");
        assertEquals(List.of(7.0, 1.0, 2.0, 1.0, 4.0), select("l1", t, 4).scores());
    }

    @Test
    void shortGptRemovesTheLayersThatGiveBackTheirInput() {
        Selection s = select("shortgpt", new Target(r -> 0), 3);
        assertEquals(List.of(1, 3), s.removed());
        assertEquals(0.0, s.scores().get(1), 1e-12, "identity: cosine 1 at every position, zero vectors included");
        assertEquals(1 - (Math.cos(0.6) + 1) / 2, s.scores().get(0), 1e-6, "rows (1, b) turn by 0.6, zero rows stay");
    }

    @Test
    void angularRemovesTheClosestBlockThatHasNoFixedUnitInside() {
        Selection s = select("angular", new Target(r -> 0), 3);
        assertTrue(Double.isNaN(s.scores().get(1)), "block [1, 2] crosses the fixed unit after layer 1: " + s.scores());
        assertEquals(List.of(2, 3), s.removed(), "block [2, 3] turns its input by 0.3, the least: " + s.scores());
        assertEquals((0.3 / Math.PI + 0) / 2, s.scores().get(2), 1e-6, "rows turned by 0.3 and zero rows");
    }

    @Test
    void oneShotRemovesTheLayersWhoseRemovalAloneCostsLeast() {
        Selection s = select("oneshot", new Target(r -> 0), 3);
        assertEquals(List.of(1, 3), s.removed());
        assertEquals(1.1, s.scores().get(1), 1e-12);
        assertEquals(List.of(1, 3), select("ppl1", new Target(r -> 0), 3).removed(), "ppl1 is oneshot");
    }

    @Test
    void randomIsSeededAndUniformOverLayers() {
        Target t = new Target(r -> 0);
        assertEquals(select("random", t, 2).kept(), select("random", t, 2).kept());
        int[] kept = new int[5];
        Set<List<Integer>> seen = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            List<Integer> k = Selectors.byName("random", new Selectors.Settings(3, seed, 10)).select(t, 2).kept();
            k.forEach(l -> kept[l]++);
            seen.add(k);
        }
        assertEquals(10, seen.size(), "every pair appears");
        for (int count : kept) {
            assertTrue(count > 120 && count < 200, "about 160 each: " + java.util.Arrays.toString(kept));
        }
    }

    @Test
    void sglpSearchesInsideTheFisherSegmentsAndTheAblationsDoWhatTheirNamesSay() {
        // the scorer prefers removing layer 1 in segment {0,1} and layers 2 and 4 in segment {2,3,4}
        Target t = new Target(removed -> (removed.contains(1) ? 1 : 0) + (removed.contains(2) ? 1 : 0)
                + (removed.contains(4) ? 1 : 0));
        Selectors.Settings two = new Selectors.Settings(2, 0, SegmentSearch.DEFAULT_LIMIT);
        Selection sglp = Selectors.byName("sglp", two).select(t, 2);
        assertEquals(List.of(new Segment(0, 1), new Segment(2, 4)), sglp.search().segments());
        assertEquals(List.of(0, 3), sglp.kept());
        assertEquals(List.of(1, 1), sglp.search().perSegment());
        assertEquals(2 + 3, sglp.search().candidates().size());

        Selection noseg = select("sglp-noseg", t, 2);
        assertEquals(List.of(new Segment(0, 4)), noseg.search().segments());
        assertEquals(10, noseg.search().candidates().size(), "C(5, 2)");
        IllegalArgumentException limited = assertThrows(IllegalArgumentException.class,
                () -> Selectors.byName("sglp-noseg", new Selectors.Settings(2, 0, 9)).select(t, 2));
        assertEquals("search space: expected at most the candidate limit of 9 candidates, found 10 = C(5,2); more "
                + "segments shrink it (a larger k), or raise the limit (--candidate-limit) if you mean it",
                limited.getMessage());

        Selection random = Selectors.byName("sglp-random", two).select(t, 3);
        assertEquals(List.of(1, 2).size(), random.kept().stream().filter(l -> l >= 2).count(),
                "allocation 1 + 2 as SGLP's");
        assertEquals(random.kept(), Selectors.byName("sglp-random", two).select(t, 3).kept(), "seeded");
    }

    @Test
    void wrongNamesAndBudgetsAreRefusedWithTheAcceptedValues() {
        assertEquals("method: expected one of sglp|sglp-noseg|sglp-random|random|l1|l2|shortgpt|angular|oneshot "
                + "(or ppl1), found 'best'", assertThrows(IllegalArgumentException.class,
                        () -> Selectors.byName("best", Selectors.Settings.DEFAULT)).getMessage());
        assertEquals("l1: expected to keep 1 to 5 layers, found 6", assertThrows(IllegalArgumentException.class,
                () -> select("l1", new Target(r -> 0), 6)).getMessage());
    }
}
