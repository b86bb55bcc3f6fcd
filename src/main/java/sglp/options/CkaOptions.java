package sglp.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.pipeline.CkaSettings;

/** {@code --cka-samples}, {@code --cka-batch} and the {@link EstimatorOptions}: CKA in a CNN session. */
public final class CkaOptions {
    @Option(names = "--cka-samples", paramLabel = "N", defaultValue = "" + CkaSettings.SAMPLES,
            description = "calibration images (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--cka-batch", paramLabel = "N", defaultValue = "" + CkaSettings.BATCH,
            description = "images per probe pass; HSIC is summed over passes (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    EstimatorOptions estimator;

    /** @return the settings */
    public CkaSettings settings() {
        return new CkaSettings(samples, batch, estimator.estimator(), estimator.kernel());
    }
}
