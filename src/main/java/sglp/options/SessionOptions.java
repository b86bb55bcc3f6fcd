package sglp.options;

import picocli.CommandLine.Mixin;
import sglp.pipeline.DataSettings;
import sglp.progress.Progress;
import sglp.pipeline.Session;
import sglp.pipeline.TrainSettings;

/**
 * The options of a whole CNN run: the images ({@link DataOptions}), the model ({@link ModelChoiceOptions}), the
 * training batch size, the fine-tuning ({@link FinetuneOptions}) and the seed.
 */
public final class SessionOptions {
    @Mixin
    DataOptions data;

    @Mixin
    ModelChoiceOptions model;

    @Mixin
    FinetuneOptions finetune;

    @Mixin
    BatchSizeOption batchSize;

    @Mixin
    SeedOption seed;

    /**
     * Checks every setting, then opens a session with the data and the model (trained here, cached, or loaded).
     *
     * @param progress where long stages report
     * @return the session; the caller closes it
     * @throws IllegalArgumentException if a setting is out of range, before anything is loaded
     */
    public Session open(Progress progress) {
        DataSettings images = data();
        training();
        finetune();
        Session s = new Session(seed.seed(), progress);
        try {
            s.useData(images);
            model.load(s, batchSize);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return the images */
    public DataSettings data() {
        return data.settings();
    }

    /** @return how the model is trained when no weights are given */
    public TrainSettings training() {
        return model.training(batchSize);
    }

    /** @return the seed */
    public long seed() {
        return seed.seed();
    }

    /** @return the fine-tuning of the pruned model */
    public TrainSettings finetune() {
        return finetune.settings(batchSize);
    }
}
