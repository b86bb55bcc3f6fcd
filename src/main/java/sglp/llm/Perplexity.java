package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Set;

/**
 * Strided-window perplexity of a token sequence, the convention of Hugging Face's perplexity guide.
 *
 * <p>Windows of at most {@code W} tokens start at positions 0, S, 2S, ... and stop after the one that reaches the
 * end. A token is <em>predicted</em> by a window when it lies in the window and is not its first token. The first
 * window scores all the tokens it predicts; each later window scores only those it predicts that no earlier window
 * scored, each with the context of its window. Perplexity is {@code exp} of the mean negative log-likelihood over all
 * scored tokens; log-softmax and the sum are taken in float64. (With {@code S = W}, a window's first token is never
 * scored, as in the guide.)
 */
public final class Perplexity {

    private Perplexity() {
    }

    /**
     * The window length and the stride.
     *
     * @param window W, the largest number of tokens one forward pass sees, at least 2
     * @param stride S, the distance between window starts, 1 to W
     */
    public record Windowing(int window, int stride) {
        /** Checks the bounds. */
        public Windowing {
            if (window < 2) {
                throw new IllegalArgumentException("window W: expected at least 2 tokens, found " + window);
            }
            if (stride < 1 || stride > window) {
                throw new IllegalArgumentException("stride S: expected 1 <= S <= W (" + window + "), found "
                        + stride);
            }
        }

        /** @return e.g. {@code "windows of 128 tokens, stride 64"}, for table captions */
        public String describe() {
            return "windows of " + window + " tokens, stride " + stride;
        }
    }

    /**
     * A perplexity.
     *
     * @param ppl exp(mean negative log-likelihood)
     * @param tokens the number of scored tokens
     * @param meanNll the mean negative log-likelihood, in nats
     */
    public record Result(double ppl, long tokens, double meanNll) {
    }

    /**
     * The perplexity of the whole model on a token sequence.
     *
     * @param model the model
     * @param ids the token sequence, at least 2 tokens
     * @param windowing the window and stride
     * @return the perplexity and the number of scored tokens
     */
    public static Result compute(LlamaModel model, long[] ids, Windowing windowing) {
        return compute(model, ids, windowing, Set.of());
    }

    /**
     * The perplexity of the model with some decoder layers bypassed, as used to score candidate layer sets.
     *
     * @param model the model
     * @param ids the token sequence, at least 2 tokens
     * @param windowing the window and stride
     * @param removed indices of decoder layers to skip
     * @return the perplexity and the number of scored tokens
     * @throws IllegalArgumentException if the sequence has fewer than 2 tokens
     */
    public static Result compute(LlamaModel model, long[] ids, Windowing windowing, Set<Integer> removed) {
        int n = ids.length;
        if (n < 2) {
            throw new IllegalArgumentException("perplexity: expected a text of at least 2 tokens, found " + n);
        }
        double nll = 0;
        long count = 0;
        int scoredEnd = 1;  // every position below is scored, or is position 0, which nothing predicts
        for (int begin = 0; begin < n && scoredEnd < n; begin += windowing.stride()) {
            int end = Math.min(begin + windowing.window(), n);
            int from = Math.max(scoredEnd, begin + 1);
            if (from >= end) {
                continue;
            }
            try (NDManager m = model.manager().newSubManager()) {
                NDArray window = m.create(Arrays.copyOfRange(ids, begin, end), new Shape(1, end - begin));
                NDArray logits = model.forward(window, null, removed, null);
                NDArray logProbs = logits.get("0, {}:{}", from - 1 - begin, end - 1 - begin)
                        .toType(DataType.FLOAT64, false).logSoftmax(-1);
                NDArray targets = m.create(Arrays.copyOfRange(ids, from, end), new Shape(end - from, 1));
                for (double lp : logProbs.gather(targets, 1).toDoubleArray()) {
                    nll -= lp;
                }
            }
            count += end - from;
            scoredEnd = end;
        }
        double mean = nll / count;
        return new Result(Math.exp(mean), count, mean);
    }
}
