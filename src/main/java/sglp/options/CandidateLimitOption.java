package sglp.options;

import picocli.CommandLine.Option;
import sglp.select.SegmentSearch;

/**
 * {@code --candidate-limit}: the most candidates an SGLP search may score (each a GradNorm pass on a CNN, a perplexity
 * on a decoder), so that a space of millions is refused with its size before any is scored; the same option for
 * both families.
 */
public final class CandidateLimitOption {
    @Option(names = "--candidate-limit", paramLabel = "N", defaultValue = "" + SegmentSearch.DEFAULT_LIMIT,
            description = "refuse an SGLP search of more candidates than this, sglp-noseg's C(L, M) included; each "
                    + "costs a GradNorm pass (CNN) or a perplexity (decoder) (default: ${DEFAULT-VALUE})")
    long candidateLimit;

    /** @return the limit given, or {@link SegmentSearch#DEFAULT_LIMIT} */
    public long candidateLimit() {
        return candidateLimit;
    }
}
