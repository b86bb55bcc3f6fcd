package sglp.select;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import sglp.data.Rng;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segment;

/**
 * Every layer-selection method, under the names users type (METHOD.md sections 3, 5 and 6):
 * <ul>
 *   <li>{@code sglp}: CKA, Fisher segments, and in each segment the candidate the target's scorer rates best;</li>
 *   <li>{@code sglp-noseg}: the scorer over all C(L, M) subsets (one segment), refused above the candidate limit;</li>
 *   <li>{@code sglp-random}: SGLP's segments and allocation, a seeded random subset inside each segment (the paper's
 *       "w/o GradNorm" ablation);</li>
 *   <li>{@code random}: M layers drawn uniformly (seeded);</li>
 *   <li>{@code l1}, {@code l2}: keep the M layers whose weight tensors have the largest sum of L1, resp. L2
 *       (Frobenius), norms;</li>
 *   <li>{@code shortgpt}: remove the L - M layers of least block influence, 1 minus the mean cosine between a layer's
 *       input and output over calibration positions (Men et al. 2024);</li>
 *   <li>{@code angular}: remove the block of L - M consecutive layers whose input and output are closest by the mean
 *       angular distance {@code arccos(cos) / pi} (Gromov et al. 2024); only blocks without a fixed unit inside;</li>
 *   <li>{@code oneshot}: remove the L - M layers whose removal alone raises the calibration loss least ({@code ppl1}
 *       is its name on the decoder path).</li>
 * </ul>
 * Of layers with equal scores the earlier one is removed; of blocks at equal distance the earlier one. Random draws come from streams of the seed named after the method
 * ({@link Rng#of(long, String)}), independent of every other use of the seed.
 */
public final class Selectors {
    /** The names of every method, in the order tables list them. */
    public static final List<String> NAMES = List.of("sglp", "sglp-noseg", "sglp-random", "random", "l1", "l2",
            "shortgpt", "angular", "oneshot");

    private Selectors() {
    }

    /**
     * The settings the methods share.
     *
     * @param k SGLP's number of segments
     * @param seed the seed of the random methods
     * @param candidateLimit the most candidates a search scores
     */
    public record Settings(int k, long seed, long candidateLimit) {
        /** k = 3, seed 0, {@link SegmentSearch#DEFAULT_LIMIT} candidates. */
        public static final Settings DEFAULT = new Settings(3, 0, SegmentSearch.DEFAULT_LIMIT);

        /** Checks the values. */
        public Settings {
            if (k < 1 || candidateLimit < 1) {
                throw new IllegalArgumentException("expected k >= 1 and a candidate limit >= 1, found " + k + " and "
                        + candidateLimit);
            }
        }
    }

    /**
     * A method by name.
     *
     * @param name one of {@link #NAMES}, or {@code ppl1} (the decoder path's name of {@code oneshot})
     * @param settings k, seed and candidate limit
     * @return the selector
     * @throws IllegalArgumentException naming the accepted names
     */
    public static LayerSelector byName(String name, Settings settings) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sglp" -> sglp(n, settings.k(), settings.candidateLimit(), null);
            case "sglp-noseg" -> sglp(n, 1, settings.candidateLimit(), null);
            case "sglp-random" -> sglp(n, settings.k(), settings.candidateLimit(), settings.seed());
            case "random" -> random(settings.seed());
            case "l1" -> magnitude(1);
            case "l2" -> magnitude(2);
            case "shortgpt" -> shortGpt();
            case "angular" -> angular();
            case "oneshot", "ppl1" -> oneShot();
            default -> throw new IllegalArgumentException("method: expected one of " + String.join("|", NAMES)
                    + " (or ppl1), found '" + name + "'");
        };
    }

    /**
     * SGLP (k segments) or its ablations: one segment ({@code sglp-noseg}), or a random subset in each segment
     * ({@code sglp-random}, when a seed is given).
     */
    private static LayerSelector sglp(String name, int k, long limit, Long randomSeed) {
        return selector(name, (target, keep) -> {
            int layers = target.layers().size();
            List<Segment> segments = k == 1 ? List.of(new Segment(0, layers - 1))
                    : FisherSegmenter.builder().build().segment(target.similarity(), k).segments();
            if (randomSeed != null) {
                return randomInSegments(target, segments, keep, randomSeed);
            }
            try (CandidateScorer scorer = target.scorer()) {
                SegmentSearch.Result r = SegmentSearch.builder().optKeep(keep).optLimit(limit).build()
                        .search(target.layers(), segments, scorer);
                return new Pick(r.kept(), List.of(), r);
            }
        });
    }

    private static Pick randomInSegments(SelectionTarget target, List<Segment> segments, int keep, long seed) {
        int[] m = Allocation.proportional(segments, keep);
        SplittableRandom random = Rng.of(seed, "sglp-random selection");
        List<Integer> kept = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            List<List<Integer>> candidates = Candidates.of(segments.get(s), m[s]);
            kept.addAll(candidates.get(random.nextInt(candidates.size())));
        }
        return new Pick(kept, List.of(), null);
    }

    private static LayerSelector random(long seed) {
        return selector("random", (target, keep) -> {
            SplittableRandom random = Rng.of(seed, "random selection");
            double[] draws = IntStream.range(0, target.layers().size()).mapToDouble(l -> random.nextDouble())
                    .toArray();
            return new Pick(largest(draws, keep), boxed(draws), null);
        });
    }

    private static LayerSelector magnitude(int p) {
        return selector("l" + p, (target, keep) -> {
            double[] norms = new double[target.layers().size()];
            for (int l = 0; l < norms.length; l++) {
                for (NDArray w : target.weights(l)) {
                    norms[l] += p == 1 ? w.abs().sum().getFloat() : Math.sqrt(w.square().sum().getFloat());
                }
            }
            return new Pick(largest(norms, keep), boxed(norms), null);
        });
    }

    private static LayerSelector shortGpt() {
        return selector("shortgpt", (target, keep) -> {
            double[] influence = PositionStatistics.blockMeans(target, 1, false);
            return new Pick(largest(influence, keep), boxed(influence), null);
        });
    }

    private static LayerSelector angular() {
        return selector("angular", (target, keep) -> {
            int layers = target.layers().size();
            int n = layers - keep;
            if (n == 0) {
                return new Pick(IntStream.range(0, layers).boxed().toList(), List.of(), null);
            }
            double[] distance = PositionStatistics.blockMeans(target, n, true);
            int start = IntStream.range(0, distance.length).filter(l -> !Double.isNaN(distance[l])).boxed()
                    .min(Comparator.comparingDouble((Integer l) -> distance[l]).thenComparing(l -> l))
                    .orElseThrow(() -> new IllegalArgumentException("angular: expected a block of " + n
                            + " consecutive layers with no fixed unit inside, found none among " + layers + " layers"));
            return new Pick(IntStream.range(0, layers).filter(l -> l < start || l >= start + n).boxed().toList(),
                    boxed(distance), null);
        });
    }

    private static LayerSelector oneShot() {
        return selector("oneshot", (target, keep) -> {
            double[] loss = IntStream.range(0, target.layers().size())
                    .mapToDouble(l -> target.loss(java.util.Set.of(l))).toArray();
            return new Pick(largest(loss, keep), boxed(loss), null);
        });
    }

    /**
     * The M layers of largest score, ascending; of equal scores the later layer is kept (the earlier one removed, as
     * the decoder path's removal rankings always did); NaN scores count as smallest.
     *
     * @param scores one score per layer
     * @param keep M
     * @return the kept layers
     */
    static List<Integer> largest(double[] scores, int keep) {
        ToDoubleFunction<Integer> score = l -> Double.isNaN(scores[l]) ? Double.NEGATIVE_INFINITY : scores[l];
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble(score).thenComparing(l -> l).reversed())
                .limit(keep).sorted().toList();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** A method's choice before timing: the kept layers, the per-layer scores, the search if any. */
    private record Pick(List<Integer> kept, List<Double> scores, SegmentSearch.Result search) {
    }

    /** How a method picks. */
    @FunctionalInterface
    private interface Picker {
        Pick pick(SelectionTarget target, int keep);
    }

    private static LayerSelector selector(String name, Picker picker) {
        return new LayerSelector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Selection select(SelectionTarget target, int keep) {
                int layers = target.layers().size();
                if (keep < 1 || keep > layers) {
                    throw new IllegalArgumentException(name + ": expected to keep 1 to " + layers + " layers, found "
                            + keep);
                }
                long start = System.nanoTime();
                Pick p = picker.pick(target, keep);
                return new Selection(name, target.layers(), p.kept(), p.scores(), p.search(),
                        (System.nanoTime() - start) / 1e9);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
