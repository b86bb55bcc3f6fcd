package sglp.options;

import picocli.CommandLine.Option;

/** {@code --seed}: the seed of every random choice of a run. */
public final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of every random choice: splits, samples, initial weights, batches "
                    + "(default: ${DEFAULT-VALUE})")
    long seed;

    /** @return the seed */
    public long seed() {
        return seed;
    }
}
