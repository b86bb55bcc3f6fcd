package sglp.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import sglp.llm.PruneMethod;

/**
 * Decoder layer-selection methods by the names of the selection API ({@code sglp}, {@code sglp-noseg},
 * {@code oneshot}, ...; {@code ppl1} is {@code oneshot}), for the command line and the magics alike.
 */
public final class PruneMethodWords implements ITypeConverter<PruneMethod> {

    @Override
    public PruneMethod convert(String value) {
        try {
            return PruneMethod.byWord(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
