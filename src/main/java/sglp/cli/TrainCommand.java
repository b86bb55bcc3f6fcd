package sglp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.data.Augmentation;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.pipeline.Progress;
import sglp.pipeline.Session;
import sglp.train.TrainingHistory;
import sglp.train.TrainingListener;

/** {@code sglp train}: trains a model from scratch, or fine-tunes given weights (a pruned model too). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train (no --weights) or fine-tune (--weights, with --architecture for a pruned model) on MNIST "
                + "digits or a CIFAR-10 folder: SGD, momentum 0.9, weight decay 5e-4, cosine schedule. Writes the "
                + "weights (atomically, after every epoch) and <out>.history.csv.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = "--epochs", defaultValue = "4", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", description = "base learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "weights to write (.safetensors or .npz)")
    Path out;

    @Override
    public Integer call() {
        Progress progress = ConsoleProgress.create();
        try (Session s = new Session(seed, Progress.NONE);
                Network net = model.weights != null ? model.load() : Network.create(model.architecture(), seed)) {
            data.load(s);
            TrainingHistory h = sglp.train.Trainer.builder().optEpochs(epochs).optBatchSize(batchSize)
                    .optLearningRate(lr).optSeed(seed).optCheckpoint(out)
                    .optAugmentation(data.cifar != null ? Augmentation.CROP_FLIP : Augmentation.NONE)
                    .optListener(new TrainingListener() {
                        @Override
                        public void onBatch(int epoch, int batch, int batches, double loss) {
                            progress.update("train", (long) (epoch - 1) * batches + batch, (long) epochs * batches,
                                    String.format("epoch %d loss %.3f", epoch, loss));
                        }
                    }).build().fit(net, s.trainImages(), s.testImages(), "training " + net.architecture().name());
            ConsoleProgress.finish(progress);
            Weights.save(net, out);
            Path history = out.resolveSibling(out.getFileName() + ".history.csv");
            java.io.StringWriter w = new java.io.StringWriter();
            h.table().write().csv(w);
            Files2.write(history, w.toString());
            System.out.println(h.table().print());
            System.out.println("wrote " + out + " and " + history);
        }
        return 0;
    }
}
