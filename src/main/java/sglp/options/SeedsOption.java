package sglp.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --seeds}: how many seeds a comparison runs, the same option for CNNs and decoders. */
public final class SeedsOption {
    @Option(names = "--seeds", paramLabel = "N", converter = AtLeastOne.class, description = "seeds: the run's seed "
            + "and the next ones; each draws its own calibration data, on which every method chooses again "
            + "(default: 3 for a CNN, 1 for a decoder)")
    Integer seeds;

    /**
     * @param familyDefault the model family's default
     * @return the seeds given, or the default
     */
    public int seeds(int familyDefault) {
        return seeds != null ? seeds : familyDefault;
    }

    /** Reads a count of seeds, refusing one below 1 while the arguments are parsed. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a whole number of seeds, found '" + value + "'");
            }
            if (n < 1) {
                throw new TypeConversionException("expected at least 1 seed, found " + n);
            }
            return n;
        }
    }
}
