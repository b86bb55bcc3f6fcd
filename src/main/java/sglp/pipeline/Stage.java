package sglp.pipeline;

/**
 * The stages of a pruning session, in the order they run. Each stage's result depends on the stages before it, so
 * running a stage again clears the results of every later stage. A session runs the stages of its family: a CNN
 * session data, model, CKA, segment, search, prune and tune (fine-tuning); a language-model session model, CKA,
 * segment, search, compare and tune (LoRA).
 */
public enum Stage {
    /** The training and test data. */
    DATA,
    /** The model to prune, trained or loaded. */
    MODEL,
    /** CKA similarity of the prunable layers. */
    CKA,
    /** Fisher segmentation of the layers. */
    SEGMENT,
    /** The search for the layers to keep inside each segment. */
    SEARCH,
    /** The pruned model. */
    PRUNE,
    /** Methods compared on one budget. */
    COMPARE,
    /** Recovery of the pruned model: fine-tuning or LoRA. */
    TUNE
}
