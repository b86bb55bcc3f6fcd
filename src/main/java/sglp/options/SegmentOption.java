package sglp.options;

import picocli.CommandLine.Option;
import sglp.pipeline.PruningSession;

/** {@code --k}: the number of Fisher segments. */
public final class SegmentOption {
    @Option(names = "--k", paramLabel = "K", defaultValue = "" + PruningSession.SEGMENTS,
            description = "segments (default: ${DEFAULT-VALUE}; the paper uses 5 for ResNet-56)")
    int k;

    /** @return the number of segments */
    public int k() {
        return k;
    }
}
