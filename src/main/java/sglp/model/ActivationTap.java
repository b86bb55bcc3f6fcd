package sglp.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives the output of each unit of a model during a forward pass, e.g. to stream activations into CKA: the one
 * seam through which both model families show their insides ({@link Network#forward(NDArray, ForwardMode,
 * java.util.Set, ActivationTap)} for CNNs, {@code LlamaModel.forward} for decoders).
 */
@FunctionalInterface
public interface ActivationTap {

    /**
     * Called once per unit that ran, in forward order; a bypassed unit is not shown and keeps its number.
     *
     * @param unit the unit's index in forward order: its position in {@link Network#unitNames()} for a CNN (N x C x
     *     H x W outputs, or N x features after the head's flattening), the decoder layer's number for a LLaMA
     *     decoder (batch x tokens x hidden)
     * @param output its output; valid until the forward pass's arrays are closed
     */
    void accept(int unit, NDArray output);
}
