package sglp.select;

/**
 * A way of choosing which prunable layers to keep at a budget: SGLP, its ablations, or a baseline
 * ({@link Selectors}).
 */
public interface LayerSelector {

    /** @return the name users type and tables show, such as {@code "sglp"} or {@code "shortgpt"} */
    String name();

    /**
     * Chooses the layers to keep.
     *
     * @param target the model and its calibration data (unchanged)
     * @param keep M, the number of prunable layers to keep, 1 to L
     * @return the kept layers and the scores that led there
     * @throws IllegalArgumentException if M is out of range or the method's definition does not apply to the model
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    Selection select(SelectionTarget target, int keep);
}
