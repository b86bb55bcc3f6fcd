package sglp.select;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import sglp.progress.Progress;
import sglp.segment.Segment;

/**
 * SGLP's search inside segments, written once for every model family (METHOD.md section 3): each segment keeps its
 * share m_i of the budget ({@link Allocation}), every subset of m_i of its layers is a candidate
 * ({@link Candidates}), and the candidate the {@link CandidateScorer} rates best wins (ties: the earlier candidate in
 * {@link Candidates#of} order). The layers outside the scored segment stay in place; how they are weighted is the
 * scorer's business.
 *
 * <p>A search of more candidates than the limit is refused before anything is scored, naming the count. The search
 * checks the thread's interrupt flag before each candidate.
 */
public final class SegmentSearch {
    /** The default largest number of candidates a search scores. */
    public static final long DEFAULT_LIMIT = 10_000;

    private final int keep;
    private final int[] keepPerSegment;
    private final long limit;
    private final Progress progress;

    /**
     * Every scored candidate.
     *
     * @param segment the segment's index
     * @param kept the kept layers of the segment, ascending
     * @param removed the removed layers of the segment, ascending
     * @param score its score
     */
    public record Candidate(int segment, List<Integer> kept, List<Integer> removed, double score) {
        /** Copies the lists. */
        public Candidate {
            kept = List.copyOf(kept);
            removed = List.copyOf(removed);
        }
    }

    /**
     * What a search did.
     *
     * @param layers every prunable layer's name
     * @param segments the segments searched
     * @param perSegment m_i, the layers each segment keeps
     * @param candidates every scored candidate, segment by segment, in {@link Candidates#of} order
     * @param winners the best candidate of each segment
     * @param scorer the score's name, such as {@code "GradNorm"}
     * @param largerIsBetter whether a larger score won
     * @param searchSpace the number of candidates, {@code sum_i C(|S_i|, m_i)}
     * @param unsegmentedSpace the number of candidates without segments, {@code C(L, M)}
     * @param seconds the search's wall time
     */
    public record Result(List<String> layers, List<Segment> segments, List<Integer> perSegment,
            List<Candidate> candidates, List<Candidate> winners, String scorer, boolean largerIsBetter,
            BigInteger searchSpace, BigInteger unsegmentedSpace, double seconds) {
        /** Copies the lists. */
        public Result {
            layers = List.copyOf(layers);
            segments = List.copyOf(segments);
            perSegment = List.copyOf(perSegment);
            candidates = List.copyOf(candidates);
            winners = List.copyOf(winners);
        }

        /** @return the kept layers' indices, ascending */
        public List<Integer> kept() {
            return winners.stream().flatMap(w -> w.kept().stream()).sorted().toList();
        }

        /** @return the removed layers' indices, ascending */
        public List<Integer> removed() {
            return winners.stream().flatMap(w -> w.removed().stream()).sorted().toList();
        }
    }

    private SegmentSearch(Builder b) {
        keep = b.keep;
        keepPerSegment = b.keepPerSegment;
        limit = b.limit;
        progress = b.progress;
    }

    /** @return a builder: set {@link Builder#optKeep} or {@link Builder#optKeepPerSegment} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the search.
     *
     * @param layers every prunable layer's name, in forward order
     * @param segments segments covering the layers {@code 0..L-1} in order
     * @param scorer scores the candidates
     * @return every candidate's score and the winners
     * @throws IllegalArgumentException if the segments do not cover the layers, the budget does not fit them or
     *     the candidates are more than the limit; checked before anything is scored
     * @throws CancellationException if the thread is interrupted
     */
    public Result search(List<String> layers, List<Segment> segments, CandidateScorer scorer) {
        long start = System.nanoTime();
        checkCover(segments, layers.size());
        int[] m = keepPerSegment != null ? Allocation.explicit(segments, keepPerSegment)
                : Allocation.proportional(segments, keep);
        BigInteger space = Candidates.searchSpace(segments, m);
        if (space.compareTo(BigInteger.valueOf(limit)) > 0) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < m.length; i++) {
                terms.add("C(" + segments.get(i).size() + "," + m[i] + ")");
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT, "search space: expected at most the "
                    + "candidate limit of %,d candidates, found %,d = %s; more segments shrink it (a larger k), "
                    + "or raise the limit (--candidate-limit) if you mean it", limit, space, String.join(" + ", terms)));
        }
        long total = space.longValueExact();
        List<Candidate> candidates = new ArrayList<>();
        List<Candidate> winners = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            List<Integer> members = IntStream.rangeClosed(segment.first(), segment.last()).boxed().toList();
            Candidate best = null;
            try (CandidateScorer.Scoring scoring = scorer.open(members)) {
                for (List<Integer> kept : Candidates.of(segment, m[s])) {
                    if (Thread.interrupted()) {
                        throw new CancellationException("search interrupted after " + candidates.size() + " of "
                                + total + " candidates");
                    }
                    Set<Integer> removed = new HashSet<>(members);
                    removed.removeAll(kept);
                    Candidate c = new Candidate(s, kept, removed.stream().sorted().toList(), scoring.score(removed));
                    candidates.add(c);
                    if (best == null || better(c.score(), best.score(), scorer.largerIsBetter())) {
                        best = c;
                    }
                    progress.update("search", candidates.size(), total, String.format(Locale.ROOT,
                            "segment %d/%d: kept %s -> %s %.3f", s + 1, segments.size(),
                            kept.stream().map(layers::get).collect(Collectors.joining(", ")), scorer.name(),
                            c.score()));
                }
            }
            winners.add(best);
        }
        return new Result(layers, segments, IntStream.of(m).boxed().toList(), candidates, winners, scorer.name(),
                scorer.largerIsBetter(), space, Candidates.unsegmented(layers.size(), IntStream.of(m).sum()),
                (System.nanoTime() - start) / 1e9);
    }

    /** Whether a score beats the best so far; NaN never does, and equal scores keep the earlier candidate. */
    private static boolean better(double score, double best, boolean largerIsBetter) {
        if (Double.isNaN(score)) {
            return false;
        }
        return Double.isNaN(best) || (largerIsBetter ? score > best : score < best);
    }

    private static void checkCover(List<Segment> segments, int layers) {
        int next = 0;
        for (Segment s : segments) {
            if (s.first() != next) {
                throw new IllegalArgumentException("segments must cover the layers 0.." + (layers - 1) + " in order:"
                        + " expected a segment starting at layer " + next + ", found " + s);
            }
            next = s.last() + 1;
        }
        if (next != layers) {
            throw new IllegalArgumentException("segments must cover the layers 0.." + (layers - 1) + " in order:"
                    + " expected the last segment to end at layer " + (layers - 1) + ", found "
                    + (segments.isEmpty() ? "no segments" : segments.get(segments.size() - 1)));
        }
    }

    /** Options of a {@link SegmentSearch}. */
    public static final class Builder {
        private int keep;
        private int[] keepPerSegment;
        private long limit = DEFAULT_LIMIT;
        private Progress progress = Progress.NONE;

        private Builder() {
        }

        /**
         * @param keep M, the number of prunable layers to keep, shared among segments by
         *     {@link Allocation#proportional}
         * @return this builder
         */
        public Builder optKeep(int keep) {
            this.keep = keep;
            return this;
        }

        /**
         * @param perSegment m_i for each segment, overriding the proportional allocation (copied)
         * @return this builder
         */
        public Builder optKeepPerSegment(int[] perSegment) {
            this.keepPerSegment = perSegment.clone();
            return this;
        }

        /**
         * @param limit the largest number of candidates to score, at least 1 (default {@value SegmentSearch#DEFAULT_LIMIT})
         * @return this builder
         */
        public Builder optLimit(long limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("candidate limit: expected >= 1, found " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @param progress hears of each scored candidate, as the task {@code "search"}: candidates done and in all,
         *     and a message such as {@code "segment 2/5: kept layer2.3, layer2.5 -> GradNorm 4.213"}
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @return the search
         * @throws IllegalStateException unless exactly one of {@code optKeep} (positive) and {@code optKeepPerSegment}
         *     was set
         */
        public SegmentSearch build() {
            if ((keep > 0) == (keepPerSegment != null)) {
                throw new IllegalStateException("expected exactly one of optKeep (positive) and optKeepPerSegment, "
                        + "found " + (keepPerSegment == null ? "neither (keep = " + keep + ")" : "both"));
            }
            return new SegmentSearch(this);
        }
    }
}
