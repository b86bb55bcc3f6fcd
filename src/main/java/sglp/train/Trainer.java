package sglp.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import sglp.data.Augmentation;
import sglp.data.Batch;
import sglp.data.Batches;
import sglp.data.ImageSet;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.progress.EpochStats;
import sglp.progress.Progress;

/**
 * Trains or fine-tunes a network: SGD with momentum and weight decay, a learning-rate schedule per step, mean softmax
 * cross-entropy, top-1 test accuracy after every epoch. Seeded shuffling and augmentation make a run reproducible;
 * so does seeding the engine's generator (which draws dropout's masks) from the trainer's seed at the start of
 * {@link #fit}.
 * Interrupting the thread stops training after the current batch with a {@link CancellationException}.
 */
public final class Trainer {
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final Schedule schedule;
    private final Augmentation augmentation;
    private final long seed;
    private final String task;
    private final Progress progress;
    private final Path checkpoint;

    private Trainer(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        schedule = b.schedule;
        augmentation = b.augmentation;
        seed = b.seed;
        task = b.task;
        progress = b.progress;
        checkpoint = b.checkpoint;
    }

    /** @return a builder with the CIFAR defaults: 10 epochs, batch 128, lr 0.1, momentum 0.9, wd 5e-4, cosine */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the network in place.
     *
     * @param net the network (its weights change)
     * @param train the training images
     * @param test the images the accuracy is measured on after each epoch
     * @param title what is trained, for the history's table and figure
     * @return the history of the run
     */
    public TrainingHistory fit(Network net, ImageSet train, ImageSet test, String title) {
        Batches batches = Batches.builder(train).optBatchSize(batchSize).optShuffle(seed).optAugment(augmentation)
                .optDropLast(train.size() > batchSize).build();
        long totalSteps = (long) epochs * batches.batchesPerEpoch();
        long[] step = {0};
        Tracker rate = numUpdate -> (float) schedule.rate(learningRate, step[0], totalSteps);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) momentum)
                .optWeightDecays((float) weightDecay).build();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        List<Parameter> params = net.trainableParameters();
        List<EpochStats> history = new ArrayList<>();
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));  // dropout's masks: reproducible runs
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int batchIndex = 0;
            for (Batch b : batches.epoch(epoch)) {
                if (Thread.interrupted()) {
                    throw new CancellationException("training interrupted in epoch " + epoch);
                }
                try (NDManager scope = net.manager().newSubManager()) {
                    NDList xy = b.toNDList(scope);
                    NDArray[] logits = new NDArray[1];
                    NDArray l = GradientStep.run(params, sgd, false, scope, () -> {
                        logits[0] = net.forward(xy.get(0), true);
                        return loss.evaluate(new NDList(xy.get(1)), new NDList(logits[0]));
                    }).loss();
                    double batchLoss = l.getFloat();
                    lossSum += batchLoss * b.size();
                    correct += Evaluation.correct(logits[0], xy.get(1));
                    seen += b.size();
                    step[0]++;
                    int perEpoch = batches.batchesPerEpoch();
                    progress.update(task, (long) (epoch - 1) * perEpoch + ++batchIndex, (long) epochs * perEpoch,
                            String.format(Locale.ROOT, "epoch %d/%d loss %.3f", epoch, epochs, batchLoss));
                }
            }
            double testAccuracy = Evaluation.accuracy(net, test, Math.max(batchSize, 256));
            EpochStats stats = new EpochStats(epoch, schedule.rate(learningRate, step[0] - 1, totalSteps),
                    lossSum / seen, (double) correct / seen, testAccuracy, (System.nanoTime() - start) / 1e9);
            history.add(stats);
            if (checkpoint != null) {
                Weights.save(net, checkpoint);
            }
            progress.epoch(task, stats);
        }
        return new TrainingHistory(title, history);
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 128;
        private double learningRate = 0.1;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private Schedule schedule = Schedule.COSINE;
        private Augmentation augmentation = Augmentation.NONE;
        private long seed = 0;
        private String task = "train";
        private Progress progress = Progress.NONE;
        private Path checkpoint;

        private Builder() {
        }

        /** @param n epochs, at least 1 @return this */
        public Builder optEpochs(int n) {
            epochs = positive("epochs", n);
            return this;
        }

        /** @param n images per step, at least 1 @return this */
        public Builder optBatchSize(int n) {
            batchSize = positive("batch size", n);
            return this;
        }

        /** @param lr the base learning rate, positive @return this */
        public Builder optLearningRate(double lr) {
            if (!(lr > 0)) {
                throw new IllegalArgumentException("learning rate must be positive, found " + lr);
            }
            learningRate = lr;
            return this;
        }

        /** @param m SGD momentum in [0, 1) @return this */
        public Builder optMomentum(double m) {
            if (!(m >= 0 && m < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), found " + m);
            }
            momentum = m;
            return this;
        }

        /** @param wd L2 weight decay, at least 0 @return this */
        public Builder optWeightDecay(double wd) {
            if (!(wd >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, found " + wd);
            }
            weightDecay = wd;
            return this;
        }

        /** @param s the learning-rate schedule @return this */
        public Builder optSchedule(Schedule s) {
            schedule = s;
            return this;
        }

        /** @param a augmentation of training batches (CIFAR: crop and flip) @return this */
        public Builder optAugmentation(Augmentation a) {
            augmentation = a;
            return this;
        }

        /** @param s seed of shuffling and augmentation @return this */
        public Builder optSeed(long s) {
            seed = s;
            return this;
        }

        /**
         * @param task the name the steps are reported under, such as {@code "train"} (the default) or
         *     {@code "finetune"}
         * @param p hears of every batch (steps done and in all, the epoch and the batch's loss) and every epoch
         * @return this
         */
        public Builder optProgress(String task, Progress p) {
            this.task = task;
            progress = p;
            return this;
        }

        /** @param file weights written atomically after every epoch ({@code .safetensors} or {@code .npz}) @return this */
        public Builder optCheckpoint(Path file) {
            checkpoint = file;
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            return new Trainer(this);
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, found " + n);
            }
            return n;
        }
    }
}
