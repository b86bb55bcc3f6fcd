package sglp.options;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.model.Architectures;
import sglp.pipeline.Session;
import sglp.pipeline.TrainSettings;
import sglp.train.TrainingHistory;

/**
 * {@code --model}, {@code --weights} and the {@link PretrainOptions}: the CNN to prune, trained here (and cached) or
 * loaded from a PyTorch state dict.
 */
public final class ModelChoiceOptions {
    @Option(names = "--model", paramLabel = "NAME", defaultValue = "resnet20",
            description = "resnet20|resnet32|resnet56|resnet110 (suffix 'a': option A shortcuts), vgg16, resnet50 "
                    + "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "pretrained PyTorch state dict (.npz or "
            + ".safetensors) instead of training here")
    Path weights;

    @Mixin
    PretrainOptions training;

    /** @return the weights file, or null to train here */
    public Path weights() {
        return weights;
    }

    /**
     * @param batchSize images per training step
     * @return how the model is trained when there are no weights
     */
    public TrainSettings training(BatchSizeOption batchSize) {
        return training.settings(batchSize);
    }

    /**
     * Loads the weights into a session that has its data, or trains the model there.
     *
     * @param s the session
     * @param batchSize images per training step
     * @return the training history, or null when the weights were loaded or the model came from the cache
     */
    public TrainingHistory load(Session s, BatchSizeOption batchSize) {
        if (weights != null) {
            s.loadModel(Architectures.byName(model, s.trainImages().classes().size()), weights);
            return null;
        }
        return s.trainModel(model, training(batchSize));
    }
}
