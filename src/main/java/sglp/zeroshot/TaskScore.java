package sglp.zeroshot;

/**
 * A model's score on a task.
 *
 * @param task the task's name
 * @param items the items scored
 * @param acc the share of items whose right answer has the highest log-likelihood
 * @param accNorm the same with each log-likelihood divided by its answer's length in characters
 * @param accStderr the standard error of {@code acc}: sample standard deviation / sqrt(items), as lm-eval; NaN
 *     (undefined) with fewer than 2 items, written as {@code null} into JSON files
 * @param accNormStderr the standard error of {@code accNorm}, NaN with fewer than 2 items
 * @param seconds the wall time
 */
public record TaskScore(String task, int items, double acc, double accNorm, double accStderr, double accNormStderr,
        double seconds) {
}
