package sglp.select;

import java.util.List;
import java.util.Set;

/**
 * Scores SGLP's candidates inside one segment at a time (METHOD.md section 3): GradNorm for a CNN (larger is
 * better), calibration perplexity for a decoder (smaller is better).
 */
public interface CandidateScorer extends AutoCloseable {

    /** @return what the score is, for tables: {@code "GradNorm"}, {@code "perplexity"} */
    String name();

    /** @return whether a larger score is better */
    boolean largerIsBetter();

    /**
     * Prepares the scoring of one segment's candidates (a CNN in the paper's mode re-initialises every unit outside
     * the segment once, here).
     *
     * @param segmentLayers the indices of the segment's layers
     * @return the scoring, to close when the segment is done
     */
    Scoring open(List<Integer> segmentLayers);

    /** Releases what the scorer keeps across segments (engine memory); none by default. */
    @Override
    default void close() {
    }

    /** The scoring of one segment's candidates. */
    interface Scoring extends AutoCloseable {
        /**
         * @param removed the indices of the segment's layers that the candidate removes
         * @return the candidate's score
         */
        double score(Set<Integer> removed);

        @Override
        void close();
    }
}
