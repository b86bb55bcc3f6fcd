package sglp.cka;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;
import sglp.data.Batch;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.ForwardMode;
import sglp.model.Inputs;
import sglp.model.Network;

/**
 * Feeds calibration batches through a network and hands the output of every prunable layer to a
 * {@link CkaAccumulator} as soon as it is computed, so that only the accumulator's per-layer forms stay in memory
 * (O(L n min(n, p))), never the activations of all layers at once.
 */
public final class Probe {

    private Probe() {
    }

    /**
     * The CKA matrix of the network's prunable layers, BatchNorm in inference mode.
     *
     * @param net the network
     * @param batches calibration batches; their results are accumulated (sum of HSIC terms, then the ratio)
     * @param accumulator an empty accumulator built for {@code net.architecture().layerNames()}
     * @param afterBatch told the number of batches done after each one
     * @return the similarity matrix
     * @throws IllegalArgumentException if a batch is empty, its images do not fit the network or hold NaN or infinite
     *     values ({@link Inputs}), before the engine sees that batch
     * @throws CancellationException when the thread is interrupted between batches
     */
    public static SimilarityMatrix similarity(Network net, Iterable<Batch> batches, CkaAccumulator accumulator,
            IntConsumer afterBatch) {
        int[] layerOfUnit = layerOfUnit(net);
        int done = 0;
        for (Batch b : batches) {
            if (Thread.interrupted()) {
                throw new CancellationException("CKA probe interrupted after " + done + " batches");
            }
            check(net, b, "calibration batch " + (done + 1));
            try (NDManager scope = net.manager().newSubManager()) {
                NDList xy = b.toNDList(scope);
                net.forward(xy.get(0), false, Set.of(), (unit, out) -> {
                    if (layerOfUnit[unit] >= 0) {
                        accumulator.add(layerOfUnit[unit], out);
                    }
                });
            }
            afterBatch.accept(++done);
        }
        return accumulator.result();
    }

    /**
     * The outputs of every prunable layer on one batch, for files that other tools read: one array per layer under
     * its name, in forward order, first axis = samples.
     *
     * @param net the network
     * @param batch the batch
     * @return the activations
     * @throws IllegalArgumentException if the batch is empty, its images do not fit the network or hold NaN or
     *     infinite values ({@link Inputs})
     */
    public static StateDict activations(Network net, Batch batch) {
        int[] layerOfUnit = layerOfUnit(net);
        List<String> units = net.unitNames();
        check(net, batch, "batch");
        StateDict out = new StateDict();
        try (NDManager scope = net.manager().newSubManager()) {
            NDList xy = batch.toNDList(scope);
            net.forward(xy.get(0), false, Set.of(), (unit, a) -> {
                if (layerOfUnit[unit] >= 0) {
                    out.put(units.get(unit), Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
                }
            });
        }
        return out;
    }

    /** Checks a batch's images (inference mode: one sample is enough; the labels are not used). */
    private static void check(Network net, Batch b, String what) {
        long[] shape = {b.size(), b.channels(), b.height(), b.width()};
        Inputs.checkImages(net.architecture(), shape, ForwardMode.INFERENCE, what + " 'x'");
        Inputs.checkFinite(b.x(), shape, what + " 'x'");
    }

    /** For each unit in forward order, its index among the prunable layers, or -1 for a fixed unit. */
    private static int[] layerOfUnit(Network net) {
        List<String> layers = net.architecture().layerNames();
        return net.unitNames().stream().mapToInt(layers::indexOf).toArray();
    }
}
