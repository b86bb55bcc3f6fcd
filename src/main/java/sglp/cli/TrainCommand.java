package sglp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.data.Augmentation;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.options.BatchSizeOption;
import sglp.options.DataOptions;
import sglp.options.PretrainOptions;
import sglp.options.SeedOption;
import sglp.pipeline.DataSettings;
import sglp.pipeline.Session;
import sglp.pipeline.TrainSettings;
import sglp.progress.Progress;
import sglp.train.TrainingHistory;

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

    @Mixin
    PretrainOptions training;

    @Mixin
    BatchSizeOption batchSize;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "weights to write (.safetensors or .npz)")
    Path out;

    @Override
    public Integer call() {
        TrainSettings settings = training.settings(batchSize);
        DataSettings images = data.settings();
        Progress progress = ConsoleProgress.create();
        try (Session s = new Session(seed.seed(), Progress.NONE);
                Network net = model.weights != null ? model.load()
                        : Network.create(model.architecture(), seed.seed())) {
            s.useData(images);
            TrainingHistory h = sglp.train.Trainer.builder().optEpochs(settings.epochs())
                    .optBatchSize(settings.batchSize()).optLearningRate(settings.learningRate()).optSeed(seed.seed())
                    .optCheckpoint(out)
                    .optAugmentation(images.cifar() != null ? Augmentation.CROP_FLIP : Augmentation.NONE)
                    .optProgress("train", progress).build()
                    .fit(net, s.trainImages(), s.testImages(), "training " + net.architecture().name());
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
