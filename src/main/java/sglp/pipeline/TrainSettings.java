package sglp.pipeline;

/**
 * How a CNN is trained or fine-tuned: SGD with momentum 0.9 and weight decay 5e-4, cosine schedule (METHOD.md
 * section 4).
 *
 * @param epochs epochs, at least 0 (0: no training)
 * @param batchSize images per step, at least 1
 * @param learningRate the base learning rate, above 0
 */
public record TrainSettings(int epochs, int batchSize, double learningRate) {
    /** The default epochs of training the model to prune. */
    public static final int PRETRAIN_EPOCHS = 4;
    /** The default base learning rate of training the model to prune. */
    public static final double PRETRAIN_LR = 0.1;
    /** The default epochs of fine-tuning the pruned model. */
    public static final int FINETUNE_EPOCHS = 2;
    /** The default base learning rate of fine-tuning. */
    public static final double FINETUNE_LR = 0.01;
    /** The default images per step. */
    public static final int BATCH_SIZE = 128;
    /** Training the model to prune: 4 epochs, 128 images per step, learning rate 0.1. */
    public static final TrainSettings PRETRAIN = new TrainSettings(PRETRAIN_EPOCHS, BATCH_SIZE, PRETRAIN_LR);
    /** Fine-tuning the pruned model: 2 epochs, 128 images per step, learning rate 0.01. */
    public static final TrainSettings FINETUNE = new TrainSettings(FINETUNE_EPOCHS, BATCH_SIZE, FINETUNE_LR);

    /** Checks the values. */
    public TrainSettings {
        if (epochs < 0 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("training: expected epochs >= 0, batch size >= 1 and a learning rate "
                    + "> 0, found " + epochs + ", " + batchSize + " and " + learningRate);
        }
    }
}
