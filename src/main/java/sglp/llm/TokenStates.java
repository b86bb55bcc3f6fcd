package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs calibration sequences through a model in right-padded batches and hands on each decoder layer's hidden
 * states of the real tokens only, one row per token: padding is masked out of attention and out of the samples.
 */
final class TokenStates {

    /** Receives one layer's states for one batch. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param layer the decoder layer
         * @param states its output at the batch's real tokens, tokens x hidden; valid until the batch is done
         */
        void accept(int layer, NDArray states);
    }

    private TokenStates() {
    }

    /**
     * Runs every batch.
     *
     * @param model the model
     * @param sequences the calibration sequences, none empty
     * @param batchSize sequences per batch
     * @param sink receives each layer's states of each batch, layers in forward order
     */
    static void run(LlamaModel model, List<long[]> sequences, int batchSize, Sink sink) {
        int hidden = model.config().hiddenSize();
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<long[]> batch = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
            int width = batch.stream().mapToInt(s -> s.length).max().orElseThrow();
            long[] ids = new long[batch.size() * width];
            long[] mask = new long[ids.length];
            long[] real = new long[batch.stream().mapToInt(q -> q.length).sum()];
            int n = 0;
            for (int b = 0; b < batch.size(); b++) {
                long[] s = batch.get(b);
                if (s.length == 0) {
                    throw new IllegalArgumentException("calibration sequence " + (from + b) + ": empty");
                }
                System.arraycopy(s, 0, ids, b * width, s.length);
                Arrays.fill(mask, b * width, b * width + s.length, 1);
                for (int t = 0; t < s.length; t++) {
                    real[n++] = (long) b * width + t;
                }
            }
            try (NDManager m = model.manager().newSubManager()) {
                Shape shape = new Shape(batch.size(), width);
                NDArray rows = m.create(real);
                model.forward(m.create(ids, shape), m.create(mask, shape), Set.of(),
                        (layer, h) -> sink.accept(layer, h.reshape(-1, hidden).get(rows)));
            }
        }
    }
}
