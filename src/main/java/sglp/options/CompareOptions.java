package sglp.options;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.pipeline.CompareSettings;
import sglp.pipeline.TrainSettings;

/**
 * {@code --methods}, {@code --seeds}, {@code --recalibrate-batches}, {@code --candidate-limit}, with the search's
 * budget, mode and batch, k and CKA's calibration: a comparison of layer-selection methods.
 */
public final class CompareOptions {
    @Option(names = "--methods", paramLabel = "LIST", split = ",",
            defaultValue = "sglp,sglp-noseg,sglp-random,random,l1,l2,shortgpt,angular,oneshot",
            description = "methods, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Mixin
    SeedsOption seeds;

    @Option(names = "--recalibrate-batches", paramLabel = "B", defaultValue = "" + CompareSettings.RECALIBRATE_BATCHES,
            description = "training batches of BatchNorm recalibration after pruning (0: none; default: "
                    + "${DEFAULT-VALUE})")
    int recalibrateBatches;

    @Mixin
    CandidateLimitOption candidateLimit;

    @Mixin
    SearchOptions search;

    @Mixin
    SegmentOption segments;

    @Mixin
    CkaOptions cka;

    /**
     * @param finetune the fine-tuning after recalibration
     * @return the settings
     */
    public CompareSettings settings(TrainSettings finetune) {
        return new CompareSettings(methods, search.settings(), segments.k(), seeds.seeds(CompareSettings.SEEDS),
                cka.settings(), candidateLimit.candidateLimit(), recalibrateBatches, finetune, null);
    }
}
