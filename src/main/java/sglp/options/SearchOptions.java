package sglp.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.pipeline.SearchSettings;

/** {@link KeepOption}, {@link ModeOption} and {@code --search-batch}: the GradNorm search of a CNN session. */
public final class SearchOptions {
    @Mixin
    KeepOption keep;

    @Mixin
    ModeOption mode;

    @Option(names = "--search-batch", paramLabel = "N", defaultValue = "" + SearchSettings.BATCH,
            description = "images of the GradNorm batch, at least 2 (default: ${DEFAULT-VALUE})")
    int batch;

    /** @return the settings */
    public SearchSettings settings() {
        return new SearchSettings(keep.keep(), mode.mode(), batch);
    }
}
