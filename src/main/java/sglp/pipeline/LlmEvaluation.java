package sglp.pipeline;

import java.util.List;
import sglp.llm.Perplexity;
import sglp.zeroshot.TaskScore;

/**
 * One row of the comparison: a model with some decoder layers removed, measured on held-out text and on the
 * zero-shot tasks.
 *
 * @param method the row's name, e.g. {@code "Dense"}, {@code "ShortGPT"}, {@code "SGLP+LoRA"}
 * @param removed the removed decoder layers, ascending (empty for the dense model)
 * @param layers the decoder layers left
 * @param parameters the weights left
 * @param heldOut the held-out perplexity
 * @param scores one score per zero-shot task, in the session's task order
 * @param seconds time to choose the layers (0 for the dense model)
 */
public record LlmEvaluation(String method, List<Integer> removed, int layers, long parameters,
        Perplexity.Result heldOut, List<TaskScore> scores, double seconds) {

    /** Copies the lists. */
    public LlmEvaluation {
        removed = List.copyOf(removed);
        scores = List.copyOf(scores);
    }

    /**
     * @param layers decoder layer indices
     * @return them joined by {@code ;}, as the CSV files write layer lists
     */
    static String joined(List<Integer> layers) {
        return String.join(";", layers.stream().map(String::valueOf).toList());
    }

    /**
     * @param otherMethod another method that removed the same layers
     * @param otherSeconds its time to choose them
     * @return the same measurement under that method's name and time
     */
    LlmEvaluation as(String otherMethod, double otherSeconds) {
        return new LlmEvaluation(otherMethod, removed, layers, parameters, heldOut, scores, otherSeconds);
    }

    /** @return the mean accuracy over the tasks, NaN without tasks */
    public double meanAccuracy() {
        return scores.stream().mapToDouble(TaskScore::acc).average().orElse(Double.NaN);
    }
}
