package sglp.options;

import picocli.CommandLine.Option;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;

/** {@code --estimator}, {@code --kernel}: which CKA (METHOD.md section 1). */
public final class EstimatorOptions {
    @Option(names = "--estimator", paramLabel = "WORD", defaultValue = "biased",
            description = "biased|debiased HSIC (default: ${DEFAULT-VALUE})")
    Estimator estimator;

    @Option(names = "--kernel", paramLabel = "WORD", defaultValue = "linear",
            description = "linear|rbf (default: ${DEFAULT-VALUE})")
    CkaKernel kernel;

    /** @return the estimator */
    public Estimator estimator() {
        return estimator;
    }

    /** @return the kernel */
    public CkaKernel kernel() {
        return kernel;
    }
}
