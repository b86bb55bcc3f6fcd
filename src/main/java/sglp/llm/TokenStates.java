package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs calibration sequences through a model in right-padded batches and hands on the residual stream of the real
 * tokens only, one row per token: padding is masked out of attention and out of the samples.
 *
 * <p>Memory per batch: the forward pass's own arrays (attention scores and all) are released as soon as the pass is
 * done, before the sink sees the states, so that the sink's work (CKA in its feature form, say: O(L tokens hidden))
 * adds to the L + 1 gathered states only, not to the whole pass.
 */
final class TokenStates {

    private TokenStates() {
    }

    /**
     * Runs every batch.
     *
     * @param model the model
     * @param sequences the calibration sequences, none empty
     * @param batchSize sequences per batch
     * @param sink receives, per batch, L + 1 arrays of tokens x hidden: element 0 is the embedding (the first
     *     layer's input), element l + 1 layer l's output; valid until the call returns
     */
    static void run(LlamaModel model, List<long[]> sequences, int batchSize, Consumer<List<NDArray>> sink) {
        int hidden = model.config().hiddenSize();
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<long[]> batch = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
            int width = batch.stream().mapToInt(s -> s.length).max().orElseThrow();
            long[] ids = new long[batch.size() * width];
            long[] mask = new long[ids.length];
            long[] real = new long[batch.stream().mapToInt(q -> q.length).sum()];
            long[] realIds = new long[real.length];
            int n = 0;
            for (int b = 0; b < batch.size(); b++) {
                long[] s = batch.get(b);
                if (s.length == 0) {
                    throw new IllegalArgumentException("calibration sequence " + (from + b) + ": empty");
                }
                System.arraycopy(s, 0, ids, b * width, s.length);
                Arrays.fill(mask, b * width, b * width + s.length, 1);
                for (int t = 0; t < s.length; t++) {
                    realIds[n] = s[t];
                    real[n++] = (long) b * width + t;
                }
            }
            try (NDManager m = model.manager().newSubManager()) {
                List<NDArray> states = new ArrayList<>();
                try (NDManager pass = m.newSubManager()) {
                    Shape shape = new Shape(batch.size(), width);
                    NDArray rows = pass.create(real);
                    keep(states, model.parameters().get(LlamaModel.EMBED).getArray().get(pass.create(realIds)), m);
                    model.forward(pass.create(ids, shape), pass.create(mask, shape), Set.of(),
                            (layer, h) -> keep(states, h.reshape(-1, hidden).get(rows), m));
                }
                sink.accept(states);
            }
        }
    }

    /** Adds a gathered state (a copy, not a view) to the list, owned by the batch's manager. */
    private static void keep(List<NDArray> states, NDArray state, NDManager batch) {
        state.attach(batch);
        states.add(state);
    }
}
