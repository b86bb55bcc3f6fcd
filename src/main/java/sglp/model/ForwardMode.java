package sglp.model;

/**
 * How a forward pass treats the layers that behave differently in training: BatchNorm and dropout (VGG's classifier).
 *
 * <p>{@link #SCORING} exists because METHOD.md section 6 asks two things of a scoring pass that DJL's single
 * {@code training} flag cannot give at once: BatchNorm uses the batch's statistics, and the pass is deterministic, so
 * dropout is off.
 */
public enum ForwardMode {
    /** Evaluation: BatchNorm uses its running statistics, dropout is the identity. */
    INFERENCE(false, false),
    /** Training: BatchNorm uses the batch's statistics and updates its running statistics; dropout is on. */
    TRAINING(true, true),
    /**
     * Scoring (GradNorm): BatchNorm uses the batch's statistics (and updates its running statistics, as in training);
     * dropout is the identity, so the same network and batch always give the same score.
     */
    SCORING(true, false);

    private final boolean batchStatistics;
    private final boolean dropout;

    ForwardMode(boolean batchStatistics, boolean dropout) {
        this.batchStatistics = batchStatistics;
        this.dropout = dropout;
    }

    /**
     * The mode of DJL's {@code training} flag.
     *
     * @param training DJL's flag
     * @return {@link #TRAINING} or {@link #INFERENCE}
     */
    public static ForwardMode of(boolean training) {
        return training ? TRAINING : INFERENCE;
    }

    /** @return whether BatchNorm normalizes with the batch's statistics (DJL's {@code training} for BatchNorm) */
    public boolean batchStatistics() {
        return batchStatistics;
    }

    /** @return whether dropout drops (DJL's {@code training} for dropout) */
    public boolean dropout() {
        return dropout;
    }
}
