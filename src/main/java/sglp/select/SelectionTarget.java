package sglp.select;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Set;

/**
 * A model whose prunable layers are to be chosen among, with the calibration data the choice is made on: what a
 * {@link LayerSelector} may ask of either model family. Layers are indexed {@code 0..L-1} in forward order.
 */
public interface SelectionTarget {

    /** @return the prunable layers' names, in forward order */
    List<String> layers();

    /**
     * The weight tensors of one layer that magnitude criteria read: convolution, linear and normalization weights;
     * not biases, not running statistics (METHOD.md section 5).
     *
     * @param layer the layer's index
     * @return the tensors, owned by the model (do not close them)
     */
    List<NDArray> weights(int layer);

    /**
     * Runs the calibration data through the model, batch by batch, handing every prunable layer's input and output
     * to a visitor as positions x features matrices: one row per token of a decoder (padding left out), one row per
     * spatial location of a CNN's feature map (its channel vector).
     *
     * @param visitor receives each batch's matrices, valid during the call only
     * @throws java.util.concurrent.CancellationException if the thread is interrupted between batches
     */
    void visitStates(StateVisitor visitor);

    /**
     * Whether layer {@code layer + 1} reads exactly what layer {@code layer} writes: no fixed unit (a downsampling
     * block, say) sits between them. Blocks of consecutive layers are compared input to output only when every
     * layer in them follows the previous one directly.
     *
     * @param layer a layer's index, below {@code L - 1}
     * @return whether the next layer's input is this layer's output
     */
    boolean feedsNext(int layer);

    /**
     * The calibration loss with some layers removed and nothing retrained: mean cross-entropy of a CNN on its
     * calibration images, perplexity of a decoder on its calibration text.
     *
     * @param removed the indices of the layers to remove
     * @return the loss (lower is better)
     */
    double loss(Set<Integer> removed);

    /**
     * The similarity of the layers for SGLP's segmentation.
     *
     * @return the L x L CKA matrix of the calibration data
     */
    sglp.cka.SimilarityMatrix similarity();

    /** @return the scorer of SGLP's candidates: GradNorm for a CNN, calibration perplexity for a decoder */
    CandidateScorer scorer();

    /** Receives the calibration data's layer inputs and outputs, one batch at a time. */
    @FunctionalInterface
    interface StateVisitor {
        /**
         * @param inputs each prunable layer's input, positions x features, in layer order
         * @param outputs each prunable layer's output, positions x features, in layer order
         */
        void visit(List<NDArray> inputs, List<NDArray> outputs);
    }
}
