package sglp.select;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a {@link LayerSelector} chose.
 *
 * @param method the selector's name
 * @param layers every prunable layer's name, in forward order
 * @param kept the indices of the kept layers, ascending
 * @param scores one score per layer the choice was made from (the method's criterion, such as block influence), or
 *     empty for methods that score candidates rather than layers
 * @param search the segment search, for SGLP and its ablations; null for the baselines
 * @param seconds the wall time of the choice
 */
public record Selection(String method, List<String> layers, List<Integer> kept, List<Double> scores,
        SegmentSearch.Result search, double seconds) {

    /** Copies the lists. */
    public Selection {
        layers = List.copyOf(layers);
        kept = kept.stream().sorted().toList();
        scores = List.copyOf(scores);
    }

    /** @return the indices of the removed layers, ascending */
    public List<Integer> removed() {
        return IntStream.range(0, layers.size()).filter(l -> !kept.contains(l)).boxed().toList();
    }

    /** @return the kept layers' names, in forward order */
    public List<String> keptLayers() {
        return kept.stream().map(layers::get).toList();
    }

    /** @return the removed layers' names, in forward order */
    public List<String> removedLayers() {
        return removed().stream().map(layers::get).toList();
    }
}
