package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/** The layer-removal baselines SGLP-LLM is compared with, each a {@link LayerRanking}. */
public final class Baselines {

    private Baselines() {
    }

    /**
     * Removes L - M layers drawn at random.
     *
     * @param seed the seed
     * @return the ranking
     */
    public static LayerRanking random(long seed) {
        return (model, calibration, keep) -> {
            Random r = new Random(seed);
            double[] scores = r.doubles(model.config().numLayers()).toArray();
            return LayerRanking.lowest(scores, keep);
        };
    }

    /**
     * Keeps the layers of largest weight norm: the L1 norm (sum of absolute values) or the L2 norm of all of a
     * layer's weights.
     *
     * @param p 1 or 2
     * @return the ranking
     */
    public static LayerRanking magnitude(int p) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("magnitude norm: expected 1 or 2, found " + p);
        }
        return (model, calibration, keep) -> {
            double[] scores = new double[model.config().numLayers()];
            for (int l = 0; l < scores.length; l++) {
                String prefix = "model.layers." + l + ".";
                double sum = 0;
                for (var e : model.parameters().entrySet()) {
                    if (e.getKey().startsWith(prefix) && e.getKey().endsWith(".weight")) {
                        try (NDManager scope = model.manager().newSubManager()) {
                            NDArray w = e.getValue().getArray().toType(DataType.FLOAT64, true);
                            w.attach(scope);
                            sum += (p == 1 ? w.abs().sum() : w.square().sum()).getDouble();
                        }
                    }
                }
                scores[l] = p == 1 ? sum : Math.sqrt(sum);
            }
            return LayerRanking.lowest(scores, keep);
        };
    }

    /**
     * ShortGPT (Men et al. 2024): removes the layers of lowest Block Influence, one minus the mean over calibration
     * tokens of the cosine between the layer's input and output hidden states.
     *
     * @param batchSize calibration sequences per forward pass
     * @return the ranking
     */
    public static LayerRanking shortGpt(int batchSize) {
        return (model, calibration, keep) -> LayerRanking.lowest(
                TokenStates.meanOverTokens(model, calibration, batchSize, 1, c -> 1 - c), keep);
    }

    /**
     * The angular distance of Gromov et al. (2024): removes the block of L - M consecutive layers whose input and
     * output hidden states are closest, by the mean over calibration tokens of {@code arccos(cos) / pi}.
     *
     * @param batchSize calibration sequences per forward pass
     * @return the ranking
     */
    public static LayerRanking angular(int batchSize) {
        return (model, calibration, keep) -> {
            int n = model.config().numLayers() - keep;
            if (n == 0) {
                return List.of();
            }
            double[] d = TokenStates.meanOverTokens(model, calibration, batchSize, n, c -> Math.acos(c) / Math.PI);
            int start = LayerRanking.lowest(d, d.length - 1).get(0);
            return IntStream.range(start, start + n).boxed().toList();
        };
    }

    /**
     * Removes the layers whose removal alone raises the calibration perplexity least.
     *
     * @param windowing the perplexity windows
     * @return the ranking
     */
    public static LayerRanking perplexityOneByOne(Perplexity.Windowing windowing) {
        return (model, calibration, keep) -> {
            long[] ids = calibration.stream().flatMapToLong(LongStream::of).toArray();
            double[] ppl = IntStream.range(0, model.config().numLayers())
                    .mapToDouble(l -> Perplexity.compute(model, ids, windowing, Set.of(l)).ppl()).toArray();
            return LayerRanking.lowest(ppl, keep);
        };
    }
}
