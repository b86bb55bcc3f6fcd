package sglp.train;

/** Hears about training as it goes: for progress bars and live curves. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * After each training batch.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param batches the batches of an epoch
     * @param loss the batch's mean cross-entropy
     */
    default void onBatch(int epoch, int batch, int batches, double loss) {
    }

    /**
     * After each epoch, once the test accuracy is known.
     *
     * @param stats the epoch's numbers
     */
    default void onEpoch(EpochStats stats) {
    }
}
