package sglp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import sglp.data.Batch;
import sglp.data.Batches;
import sglp.data.ImageSet;
import sglp.model.Network;

/** Top-1 accuracy of a network on a data set, BatchNorm in inference mode. */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The fraction of images whose highest logit is their label.
     *
     * @param net the network
     * @param data the images
     * @param batchSize images per forward pass
     * @return top-1 accuracy in [0, 1]
     */
    public static double accuracy(Network net, ImageSet data, int batchSize) {
        long correct = 0;
        for (Batch b : Batches.builder(data).optBatchSize(batchSize).build()) {
            if (Thread.interrupted()) {
                throw new java.util.concurrent.CancellationException("evaluation interrupted");
            }
            try (NDManager scope = net.manager().newSubManager()) {
                NDList xy = b.toNDList(scope);
                correct += correct(net.forward(xy.get(0), false), xy.get(1));
            }
        }
        return (double) correct / data.size();
    }

    /** Counts rows whose argmax equals the label. */
    static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
    }
}
