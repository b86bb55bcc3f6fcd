package sglp.llm;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A baseline that chooses which decoder layers to remove so that M of the L layers stay.
 */
@FunctionalInterface
public interface LayerRanking {

    /**
     * Chooses the layers to remove.
     *
     * @param model the model (unchanged)
     * @param calibration calibration sequences, token ids (ignored by rankings that only read weights)
     * @param keep M, the number of layers to keep, 1 to L
     * @return the L - M layers to remove, ascending
     */
    List<Integer> remove(LlamaModel model, List<long[]> calibration, int keep);

    /**
     * The L - M layers of lowest score, ties to the earlier layer, ascending.
     *
     * @param scores one score per layer
     * @param keep M
     * @return the layers to remove
     */
    static List<Integer> lowest(double[] scores, int keep) {
        if (keep < 1 || keep > scores.length) {
            throw new IllegalArgumentException("keep M: expected 1 <= M <= " + scores.length + " layers, found "
                    + keep);
        }
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer l) -> scores[l]).thenComparing(l -> l))
                .limit(scores.length - keep).sorted().toList();
    }
}
