package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Strided-window perplexity of a token sequence, the convention of Hugging Face's perplexity guide.
 *
 * <p>Windows of at most {@code W} tokens start at positions 0, S, 2S, ... and stop after the one that reaches the
 * end. A token is <em>predicted</em> by a window when it lies in the window and is not its first token. The first
 * window scores all the tokens it predicts; each later window scores only those it predicts that no earlier window
 * scored, each with the context of its window. Perplexity is {@code exp} of the mean negative log-likelihood over all
 * scored tokens; log-softmax and the sum are taken in float64. (With {@code S = W}, a window's first token is never
 * scored, as in the guide.) Windows of the same length run batched, up to 16 per forward pass and a bounded number
 * of logits.
 */
public final class Perplexity {
    /** Windows per forward pass at most. */
    private static final long MAX_BATCH = 16;
    /** Logits per forward pass at most (windows x window x vocabulary), to bound memory. */
    private static final long BATCH_LOGITS = 1L << 24;

    private Perplexity() {
    }

    /**
     * The window length and the stride.
     *
     * @param window W, the largest number of tokens one forward pass sees, at least 2
     * @param stride S, the distance between window starts, 1 to W
     */
    public record Windowing(int window, int stride) {
        /** The window of the command line and the notebooks when none is given, in tokens. */
        public static final int WINDOW = 128;
        /** The stride of the command line and the notebooks when none is given, in tokens. */
        public static final int STRIDE = 64;

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
     * Refuses a window longer than the context the model was trained for: positions beyond
     * {@code max_position_embeddings} would be extrapolated (and a dynamic rope scaling would change its
     * frequencies there, which this project does not implement). Call it before loading a model to fail early;
     * {@link #compute} calls it too.
     *
     * @param windowing the window and stride
     * @param config the model's configuration
     * @param source where the configuration came from (a config.json), for the message
     * @throws IllegalArgumentException naming the option, its value, the limit and the source
     */
    public static void checkWindow(Windowing windowing, LlamaConfig config, String source) {
        if (config.slidingWindow() > 0 && windowing.window() > config.slidingWindow()) {
            throw new IllegalArgumentException("window W (--window): expected at most " + config.slidingWindow()
                    + " tokens, the sliding_window of " + source + " (beyond it sliding-window attention, which this "
                    + "decoder does not implement, differs from full attention), found " + windowing.window());
        }
        if (windowing.window() > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("window W (--window): expected at most " + config
                    .maxPositionEmbeddings() + " tokens, the max_position_embeddings of " + source + " (the longest "
                    + "context the model was trained for), found " + windowing.window());
        }
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
     * @throws IllegalArgumentException if the sequence has fewer than 2 tokens, or the window is longer than the
     *     model's {@code max_position_embeddings}
     * @throws CancellationException if the thread is interrupted between batches of windows
     */
    public static Result compute(LlamaModel model, long[] ids, Windowing windowing, Set<Integer> removed) {
        checkWindow(windowing, model.config(), model.configSource());
        int n = ids.length;
        if (n < 2) {
            throw new IllegalArgumentException("perplexity: expected a text of at least 2 tokens, found " + n);
        }
        List<int[]> windows = new ArrayList<>();  // {begin, end, first scored position}
        int scoredEnd = 1;  // every position below is scored, or is position 0, which nothing predicts
        for (int begin = 0; begin < n && scoredEnd < n; begin += windowing.stride()) {
            int end = Math.min(begin + windowing.window(), n);
            int from = Math.max(scoredEnd, begin + 1);
            if (from < end) {
                windows.add(new int[] {begin, end, from});
                scoredEnd = end;
            }
        }
        long perBatch = Math.max(1, Math.min(MAX_BATCH, BATCH_LOGITS
                / ((long) windowing.window() * model.config().vocabSize())));
        double nll = 0;
        long count = 0;
        for (int i = 0; i < windows.size(); ) {
            if (Thread.interrupted()) {
                throw new CancellationException("perplexity interrupted after " + i + " of " + windows.size()
                        + " windows");
            }
            int length = windows.get(i)[1] - windows.get(i)[0];
            int j = i;
            while (j < windows.size() && j - i < perBatch && windows.get(j)[1] - windows.get(j)[0] == length) {
                j++;
            }
            nll += batchNll(model, ids, windows.subList(i, j), length, removed);
            for (int[] w : windows.subList(i, j)) {
                count += w[1] - w[2];
            }
            i = j;
        }
        double mean = nll / count;
        return new Result(Math.exp(mean), count, mean);
    }

    /** The summed NLL of the scored tokens of windows of one length, run as one batch. */
    private static double batchNll(LlamaModel model, long[] ids, List<int[]> windows, int length,
            Set<Integer> removed) {
        long[] tokens = new long[windows.size() * length];
        long[] next = new long[tokens.length];
        for (int b = 0; b < windows.size(); b++) {
            int begin = windows.get(b)[0];
            System.arraycopy(ids, begin, tokens, b * length, length);
            System.arraycopy(ids, begin + 1, next, b * length, length - 1);
        }
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.forward(m.create(tokens, new Shape(windows.size(), length)), null, removed, null);
            double[] logp = logits.toType(DataType.FLOAT64, false).logSoftmax(-1)
                    .gather(m.create(next, new Shape(windows.size(), length, 1)), -1).toDoubleArray();
            double nll = 0;
            for (int b = 0; b < windows.size(); b++) {
                int[] w = windows.get(b);
                for (int t = w[2] - 1 - w[0]; t < length - 1; t++) {
                    nll -= logp[b * length + t];
                }
            }
            return nll;
        }
    }
}
