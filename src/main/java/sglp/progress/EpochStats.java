package sglp.progress;

/**
 * What one epoch of training gave.
 *
 * @param epoch the epoch, from 1
 * @param learningRate the learning rate at the epoch's last step
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy top-1 accuracy on the epoch's (augmented) training batches, in [0, 1]
 * @param testAccuracy top-1 accuracy on the test set after the epoch, in [0, 1]
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainAccuracy, double testAccuracy,
        double seconds) {
}
