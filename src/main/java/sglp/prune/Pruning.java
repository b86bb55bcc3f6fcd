package sglp.prune;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import sglp.model.Architecture;
import sglp.model.Network;

/** Builds the physically smaller network that keeps some prunable layers and every fixed unit. */
public final class Pruning {

    private Pruning() {
    }

    /**
     * The pruned network: removed layers are gone, every kept unit carries the pretrained weights, BatchNorm running
     * statistics included.
     *
     * @param pretrained the network to prune (left unchanged)
     * @param keptLayers names of the prunable layers to keep
     * @return a new network on the same device; the caller closes it
     */
    public static Network apply(Network pretrained, Collection<String> keptLayers) {
        Architecture smaller = pretrained.architecture().keeping(keptLayers);
        Network pruned = Network.create(smaller, 0, pretrained.device());
        pruned.copyWeights(pretrained, pruned.unitNames());
        return pruned;
    }

    /**
     * The summary of a pruning: what was kept and removed, params and MACs before and after.
     *
     * @param before the architecture before pruning
     * @param keptLayers names of the prunable layers kept
     * @return the summary
     */
    public static PruneSummary summarize(Architecture before, Collection<String> keptLayers) {
        Set<String> kept = new LinkedHashSet<>(keptLayers);
        return new PruneSummary(before, before.keeping(kept));
    }
}
