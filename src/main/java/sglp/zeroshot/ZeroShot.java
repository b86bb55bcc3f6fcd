package sglp.zeroshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import sglp.llm.LlamaModel;
import sglp.llm.TextTokenizer;
import sglp.progress.Progress;

/**
 * Scores multiple-choice tasks by log-likelihood, the way lm-evaluation-harness scores its {@code multiple_choice}
 * tasks.
 *
 * <p>For each choice, trailing whitespace of the context moves to the front of the continuation; the context and
 * context + continuation are tokenized without special tokens, the special tokens the tokenizer's post-processor
 * puts in front of a text (such as a BOS) are prepended to both, and the continuation's tokens are those of the whole
 * past the context's, which must be a prefix of the whole's (otherwise the choice is refused). Special tokens the
 * post-processor puts after a text (an EOS) are never scored, so the scored tokens are the continuation's own
 * whatever the tokenizer adds. The log-likelihood is the sum, in float64, of
 * {@code log p(token | everything before it)} over the continuation's tokens. A sequence longer than the model's
 * {@code max_position_embeddings} + 1 keeps its last tokens. Sequences run in right-padded batches with the padding
 * masked out of attention, so batching does not change a log-likelihood.
 *
 * <p>{@code acc} is the share of items whose right answer has the highest log-likelihood, {@code acc_norm} the same
 * with each log-likelihood divided by the answer's length in characters ({@link Choice#normLength()}); ties go to
 * the earliest choice (numpy's argmax). Standard errors are the sample standard deviation over items divided by
 * the square root of their number, lm-eval's {@code mean_stderr}.
 *
 * <pre>{@code
 * TaskScore s = ZeroShot.builder().optLimit(500).build().evaluate(model, tokenizer, task);
 * }</pre>
 */
public final class ZeroShot {
    private final int batchSize;
    private final int limit;
    private final Progress progress;

    private ZeroShot(Builder b) {
        this.batchSize = b.batchSize;
        this.limit = b.limit;
        this.progress = b.progress;
    }

    /** @return a builder with the defaults: 8 sequences per batch, every item */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scores a task.
     *
     * @param model the model
     * @param tokenizer its tokenizer
     * @param task the task; with a limit n, its first n items
     * @return acc, acc_norm and their standard errors
     * @throws CancellationException if the thread is interrupted between batches
     */
    public TaskScore evaluate(LlamaModel model, TextTokenizer tokenizer, ChoiceTask task) {
        long start = System.nanoTime();
        List<ChoiceItem> items = limit > 0 && limit < task.items().size() ? task.items().subList(0, limit)
                : task.items();
        List<Choice> choices = items.stream().flatMap(i -> i.choices().stream()).toList();
        double[] ll = loglikelihoods(model, tokenizer, choices);
        double[] right = new double[items.size()];
        double[] rightNorm = new double[items.size()];
        int at = 0;
        for (int i = 0; i < items.size(); i++) {
            ChoiceItem item = items.get(i);
            int n = item.choices().size();
            double[] norm = new double[n];
            for (int c = 0; c < n; c++) {
                norm[c] = ll[at + c] / item.choices().get(c).normLength();
            }
            right[i] = argmax(Arrays.copyOfRange(ll, at, at + n)) == item.answer() ? 1 : 0;
            rightNorm[i] = argmax(norm) == item.answer() ? 1 : 0;
            at += n;
        }
        return new TaskScore(task.name(), items.size(), mean(right), mean(rightNorm), stderr(right),
                stderr(rightNorm), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The log-likelihood of each choice's continuation given its context.
     *
     * @param model the model
     * @param tokenizer its tokenizer
     * @param choices the choices
     * @return one log-likelihood per choice, in nats
     * @throws IllegalArgumentException if a continuation has no tokens of its own, or a context's tokens are not a
     *     prefix of its context + continuation's
     * @throws CancellationException if the thread is interrupted between batches
     */
    public double[] loglikelihoods(LlamaModel model, TextTokenizer tokenizer, List<Choice> choices) {
        int maxInput = model.config().contextLimit();
        List<long[]> sequences = new ArrayList<>();
        int[] scored = new int[choices.size()];
        for (int i = 0; i < choices.size(); i++) {
            long[][] pair = encode(tokenizer, choices.get(i));
            long[] whole = concat(pair[0], pair[1]);
            sequences.add(whole.length > maxInput + 1 ? Arrays.copyOfRange(whole, whole.length - maxInput - 1,
                    whole.length) : whole);
            scored[i] = Math.min(pair[1].length, maxInput);
        }
        double[] out = new double[choices.size()];
        for (int from = 0; from < sequences.size(); from += batchSize) {
            if (Thread.interrupted()) {
                throw new CancellationException("zero-shot scoring interrupted after " + from + " of "
                        + sequences.size() + " sequences");
            }
            int to = Math.min(from + batchSize, sequences.size());
            scoreBatch(model, sequences.subList(from, to), Arrays.copyOfRange(scored, from, to), out, from);
            progress.update("zero-shot", to, sequences.size(), String.format(Locale.ROOT, "%,d of %,d sequences",
                    to, sequences.size()));
        }
        return out;
    }

    /**
     * Context and continuation tokens of a choice, as lm-eval's {@code _encode_pair} with the model's BOS: both texts
     * are tokenized without special tokens, the special tokens the tokenizer's post-processor puts in front
     * ({@link TextTokenizer#prefixTokens}) are prepended, and the continuation's tokens are those of the whole past
     * the context's. Whatever the post-processor adds after a text (an EOS) is never part of either.
     *
     * @throws IllegalArgumentException if the context has no token, the continuation none of its own, or the
     *     context's tokens are not a prefix of the whole's
     */
    static long[][] encode(TextTokenizer tokenizer, Choice choice) {
        String context = choice.context();
        String continuation = choice.continuation();
        int spaces = context.length() - context.stripTrailing().length();
        if (spaces > 0) {
            continuation = context.substring(context.length() - spaces) + continuation;
            context = context.substring(0, context.length() - spaces);
        }
        long[] prefix = tokenizer.prefixTokens();
        long[] whole = concat(prefix, tokenizer.encodeWithoutSpecialTokens(context + continuation));
        long[] contextIds = concat(prefix, tokenizer.encodeWithoutSpecialTokens(context));
        if (contextIds.length == 0 || whole.length <= contextIds.length) {
            throw new IllegalArgumentException("choice '" + choice.continuation() + "' after '" + choice.context()
                    + "': expected a context of at least one token and a continuation of its own tokens, found "
                    + contextIds.length + " context and " + (whole.length - contextIds.length)
                    + " continuation tokens");
        }
        if (!Arrays.equals(whole, 0, contextIds.length, contextIds, 0, contextIds.length)) {
            throw new IllegalArgumentException("choice '" + choice.continuation() + "' after '" + choice.context()
                    + "': expected the context's tokens " + Arrays.toString(contextIds) + " to begin the tokens of "
                    + "context + continuation, found " + Arrays.toString(whole) + " (" + tokenizer.file()
                    + " merges them across the boundary), so the continuation's own tokens cannot be told; the "
                    + "split is at the context's last token, as in lm-eval");
        }
        return new long[][] {contextIds, Arrays.copyOfRange(whole, contextIds.length, whole.length)};
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Scores one right-padded batch: each sequence's last {@code scored[b]} tokens given what precedes them. */
    private static void scoreBatch(LlamaModel model, List<long[]> batch, int[] scored, double[] out, int offset) {
        int width = batch.stream().mapToInt(s -> s.length - 1).max().orElseThrow();
        long[] ids = new long[batch.size() * width];
        long[] next = new long[ids.length];
        long[] mask = new long[ids.length];
        for (int b = 0; b < batch.size(); b++) {
            long[] s = batch.get(b);
            System.arraycopy(s, 0, ids, b * width, s.length - 1);
            System.arraycopy(s, 1, next, b * width, s.length - 1);
            Arrays.fill(mask, b * width, b * width + s.length - 1, 1);
        }
        try (NDManager scope = model.manager().newSubManager()) {
            Shape shape = new Shape(batch.size(), width);
            NDArray logits = model.forward(scope.create(ids, shape), scope.create(mask, shape), Set.of(),
                    null);
            float[] logp = logits.toType(DataType.FLOAT32, false).logSoftmax(-1).gather(scope.create(next, new Shape(batch.size(), width, 1)), -1)
                    .toFloatArray();
            for (int b = 0; b < batch.size(); b++) {
                int inputs = batch.get(b).length - 1;
                double sum = 0;
                for (int t = inputs - scored[b]; t < inputs; t++) {
                    sum += logp[b * width + t];
                }
                out[offset + b] = sum;
            }
        }
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double stderr(double[] values) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    }

    /** Options of an evaluation. */
    public static final class Builder {
        private int batchSize = 8;
        private int limit;
        private Progress progress = Progress.NONE;

        private Builder() {
        }

        /**
         * @param batchSize sequences per forward pass, at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size: expected >= 1, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param limit score only the first items of a task; 0 scores all
         * @return this builder
         */
        public Builder optLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit: expected >= 0 items (0: all), found " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @param progress hears after each batch, as the task {@code "zero-shot"}: sequences scored and in all (items
         *     times their choices)
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** @return the evaluator */
        public ZeroShot build() {
            return new ZeroShot(this);
        }
    }
}
