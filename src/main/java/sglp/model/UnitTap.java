package sglp.model;

import ai.djl.ndarray.NDArray;

/** Receives the output of each unit during a forward pass, e.g. to stream activations into Gram matrices. */
@FunctionalInterface
public interface UnitTap {

    /**
     * Called once per unit that ran, in forward order.
     *
     * @param unit the unit
     * @param output its output; valid until the forward pass's arrays are closed
     */
    void accept(Unit unit, NDArray output);
}
