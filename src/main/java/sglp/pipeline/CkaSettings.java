package sglp.pipeline;

import java.util.Objects;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;

/**
 * How a CNN session computes CKA (METHOD.md section 1): a seeded, class-stratified sample of calibration images,
 * probed in passes whose HSIC terms are summed.
 *
 * @param samples calibration images, at least 2
 * @param batch images per probe pass, at least 2
 * @param estimator biased or debiased HSIC
 * @param kernel linear or RBF
 */
public record CkaSettings(int samples, int batch, Estimator estimator, CkaKernel kernel) {
    /** The default number of calibration images. */
    public static final int SAMPLES = 256;
    /** The default number of images per probe pass. */
    public static final int BATCH = 256;
    /** 256 images in one pass, biased estimator, linear kernel. */
    public static final CkaSettings DEFAULT = new CkaSettings(SAMPLES, BATCH, Estimator.BIASED, CkaKernel.LINEAR);

    /** Checks the sizes. */
    public CkaSettings {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(kernel, "kernel");
        if (samples < 2 || batch < 2) {
            throw new IllegalArgumentException("CKA: expected at least 2 calibration images and 2 per pass, found "
                    + samples + " and " + batch);
        }
    }
}
