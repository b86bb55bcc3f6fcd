package sglp.score;

import java.util.Comparator;
import java.util.List;

/**
 * The GradNorm score of one candidate: the subset of a segment's layers that it keeps.
 *
 * @param segment index of the segment in the search's segment list (0-based)
 * @param kept names of the segment's layers that the candidate keeps, in layer order
 * @param removed names of the segment's other layers, bypassed while scoring
 * @param score the GradNorm score; larger is better
 */
public record CandidateScore(int segment, List<String> kept, List<String> removed, double score) {

    /** Best first: larger scores first, NaN last; a stable sort keeps enumeration order between equal scores. */
    static final Comparator<CandidateScore> BEST_FIRST = Comparator.comparingDouble(
            (CandidateScore c) -> Double.isNaN(c.score()) ? Double.NEGATIVE_INFINITY : c.score()).reversed();

    /** Copies the lists. */
    public CandidateScore {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
    }
}
