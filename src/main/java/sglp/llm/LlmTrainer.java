package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CancellationException;
import sglp.model.EngineArrays;
import sglp.progress.Progress;
import sglp.train.GradientStep;

/**
 * Trains a {@link LlamaModel} in place on a token stream with next-token cross-entropy and AdamW.
 *
 * <p>Each step draws {@code batchSize} windows of {@code seqLength + 1} consecutive tokens at seeded random
 * positions; the model reads the first {@code seqLength} tokens of each and is scored on predicting the last
 * {@code seqLength}. A step whose gradient is not finite everywhere is skipped and counted, as a guard against a
 * diverging run (the random NaN gradients once seen here came from the model reading freed memory in its backward
 * pass, since fixed in {@link LlamaModel}). The thread's interrupt flag is checked before every step.
 *
 * <pre>{@code
 * LlmTrainer.builder().optSteps(300).optLearningRate(3e-3).build().train(model, ids);
 * }</pre>
 */
public final class LlmTrainer {
    private final int steps;
    private final int batchSize;
    private final int seqLength;
    private final double learningRate;
    private final double weightDecay;
    private final long seed;
    private final String task;
    private final Progress progress;

    /**
     * What a run did.
     *
     * @param losses each step's mean cross-entropy, in nats
     * @param skipped steps whose gradient had a NaN or infinite element and were not applied
     * @param seconds the wall time
     */
    public record Result(List<Double> losses, int skipped, double seconds) {
        /** Copies the list. */
        public Result {
            losses = List.copyOf(losses);
        }
    }

    private LlmTrainer(Builder b) {
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.seqLength = b.seqLength;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
        task = b.task;
        progress = b.progress;
    }

    /** @return a builder with the defaults: 200 steps of 16 x 64 tokens, rate 3e-3, weight decay 0.01, seed 0 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the model.
     *
     * @param model the model; its weights change
     * @param ids the training token stream, longer than the sequence length
     * @return the losses and time
     * @throws IllegalArgumentException if the stream is too short
     * @throws CancellationException if the thread is interrupted
     */
    public Result train(LlamaModel model, long[] ids) {
        return train(model, ids, model.parameters().values());
    }

    /**
     * Trains some parameters of a model, such as LoRA adapters, leaving the others unchanged.
     *
     * @param model the model
     * @param ids the training token stream, longer than the sequence length
     * @param trainable the parameters to update; each must record gradients and take part in the forward pass
     * @return the losses and time
     * @throws IllegalArgumentException if the stream is too short
     * @throws CancellationException if the thread is interrupted
     */
    public Result train(LlamaModel model, long[] ids, Collection<Parameter> trainable) {
        if (ids.length <= seqLength) {
            throw new IllegalArgumentException("training tokens: expected more than the sequence length "
                    + seqLength + ", found " + ids.length);
        }
        long start = System.nanoTime();
        Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays((float) weightDecay).build();
        Random random = new Random(seed);
        List<Double> losses = new ArrayList<>();
        int skipped = 0;
        for (int step = 1; step <= steps; step++) {
            if (Thread.interrupted()) {
                throw new CancellationException("LLM training interrupted before step " + step + " of " + steps);
            }
            long[] inputs = new long[batchSize * seqLength];
            long[] targets = new long[batchSize * seqLength];
            for (int b = 0; b < batchSize; b++) {
                int from = random.nextInt(ids.length - seqLength);
                System.arraycopy(ids, from, inputs, b * seqLength, seqLength);
                System.arraycopy(ids, from + 1, targets, b * seqLength, seqLength);
            }
            try (NDManager scope = model.manager().newSubManager()) {
                GradientStep.Outcome done = GradientStep.run(trainable, adamW, true, scope, () -> {
                    NDArray logits = model.forward(scope.create(inputs, new Shape(batchSize, seqLength)));
                    return EngineArrays.cast(logits, DataType.FLOAT32).logSoftmax(-1)
                            .gather(scope.create(targets, new Shape(batchSize, seqLength, 1)), -1).mean().neg();
                });
                if (!done.applied()) {
                    skipped++;
                }
                losses.add((double) done.loss().getFloat());
            }
            progress.update(task, step, steps, String.format(Locale.ROOT, "loss %.3f", losses.get(losses.size() - 1)));
        }
        return new Result(losses, skipped, (System.nanoTime() - start) / 1e9);
    }

    /** Options of a training run. */
    public static final class Builder {
        private int steps = 200;
        private int batchSize = 16;
        private int seqLength = 64;
        private double learningRate = 3e-3;
        private double weightDecay = 0.01;
        private long seed;
        private String task = "train";
        private Progress progress = Progress.NONE;

        private Builder() {
        }

        /**
         * @param steps the number of optimizer steps, at least 1
         * @return this builder
         */
        public Builder optSteps(int steps) {
            this.steps = atLeastOne("steps", steps);
            return this;
        }

        /**
         * @param batchSize windows per step, at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = atLeastOne("batch size", batchSize);
            return this;
        }

        /**
         * @param seqLength tokens the model reads per window, at least 1
         * @return this builder
         */
        public Builder optSeqLength(int seqLength) {
            this.seqLength = atLeastOne("sequence length", seqLength);
            return this;
        }

        /**
         * @param learningRate AdamW's learning rate, above 0
         * @return this builder
         */
        public Builder optLearningRate(double learningRate) {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate: expected > 0, found " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param weightDecay AdamW's decoupled weight decay, at least 0
         * @return this builder
         */
        public Builder optWeightDecay(double weightDecay) {
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay: expected >= 0, found " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param seed the seed of the window positions
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param task the name the steps are reported under, such as {@code "train"} (the default) or {@code "lora"}
         * @param progress hears of every step: steps done and in all, and the step's loss ({@code "loss 2.345"})
         * @return this builder
         */
        public Builder optProgress(String task, Progress progress) {
            this.task = task;
            this.progress = progress;
            return this;
        }

        /** @return the trainer */
        public LlmTrainer build() {
            return new LlmTrainer(this);
        }

        private static int atLeastOne(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(field + ": expected >= 1, found " + value);
            }
            return value;
        }
    }
}
