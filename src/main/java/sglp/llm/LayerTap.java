package sglp.llm;

import ai.djl.ndarray.NDArray;

/** Receives the output hidden states of each decoder layer during a forward pass, e.g. to stream them into CKA. */
@FunctionalInterface
public interface LayerTap {

    /**
     * Called once per decoder layer that ran, in forward order.
     *
     * @param layer the layer's index in the model (bypassed layers keep their numbers out of the sequence)
     * @param hidden its output, batch x tokens x hidden; valid until the forward pass's arrays are closed
     */
    void accept(int layer, NDArray hidden);
}
