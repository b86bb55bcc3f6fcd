package sglp.llm;

/**
 * A unigram language model with add-one smoothing, the baseline a trained model's perplexity is compared with:
 * {@code p(w) = (count(w) + 1) / (N + V)} for training counts over N tokens and a vocabulary of V ids.
 */
public final class UnigramModel {
    private final long[] counts;
    private final long total;

    private UnigramModel(long[] counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /**
     * Counts the tokens of a training stream.
     *
     * @param ids the training tokens
     * @param vocabSize V, the number of ids
     * @return the model
     * @throws IllegalArgumentException if an id is outside 0..V-1
     */
    public static UnigramModel fit(long[] ids, int vocabSize) {
        long[] counts = new long[vocabSize];
        for (long id : ids) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("unigram: expected token ids in 0.." + (vocabSize - 1)
                        + ", found " + id);
            }
            counts[(int) id]++;
        }
        return new UnigramModel(counts, ids.length);
    }

    /**
     * The perplexity on the tokens a language model predicts, every token but the first, as {@link Perplexity}
     * scores them when its stride is below its window.
     *
     * @param ids the evaluation tokens, at least 2
     * @return the perplexity and the number of scored tokens
     */
    public Perplexity.Result perplexity(long[] ids) {
        if (ids.length < 2) {
            throw new IllegalArgumentException("perplexity: expected a text of at least 2 tokens, found "
                    + ids.length);
        }
        double nll = 0;
        for (int i = 1; i < ids.length; i++) {
            nll -= Math.log((counts[(int) ids[i]] + 1.0) / (total + counts.length));
        }
        double mean = nll / (ids.length - 1);
        return new Perplexity.Result(Math.exp(mean), ids.length - 1, mean);
    }
}
