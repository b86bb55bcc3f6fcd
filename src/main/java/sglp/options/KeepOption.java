package sglp.options;

import picocli.CommandLine.Option;

/** {@code --keep}: the budget, the number of prunable layers kept. */
public final class KeepOption {
    @Option(names = "--keep", paramLabel = "M", description = "prunable layers to keep in all (default: half of "
            + "a CNN's, at least one per segment; three quarters of a decoder's)")
    Integer keep;

    /** @return the budget, or null for the session's default */
    public Integer keep() {
        return keep;
    }
}
