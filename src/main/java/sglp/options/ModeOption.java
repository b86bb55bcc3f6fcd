package sglp.options;

import picocli.CommandLine.Option;
import sglp.score.GradNormSearch;

/** {@code --mode}: how GradNorm treats the layers outside the segment it scores (METHOD.md section 3). */
public final class ModeOption {
    @Option(names = "--mode", paramLabel = "WORD", defaultValue = "paper",
            description = "paper (layers outside the segment re-initialised) | context (pretrained) "
                    + "(default: ${DEFAULT-VALUE})")
    GradNormSearch.Mode mode;

    /** @return the mode */
    public GradNormSearch.Mode mode() {
        return mode;
    }
}
