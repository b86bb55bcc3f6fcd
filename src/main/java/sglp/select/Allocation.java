package sglp.select;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import sglp.segment.Segment;

/**
 * How many layers each segment keeps: m_i of METHOD.md section 3.
 *
 * <p>{@link #proportional} apportions the kept layers by largest remainder (Hamilton's method) with a floor of one:
 * segment i's quota is {@code q_i = M |S_i| / L}; a segment whose quota is below 1 keeps exactly one layer and the
 * others share what is left in proportion to their sizes, again until no quota is below 1; then each remaining
 * segment keeps {@code floor(q_i)} layers and the layers still unassigned go one each to the largest remainders
 * {@code q_i - floor(q_i)}, equal remainders served earlier segment first. Quotas never exceed {@code |S_i|}, so
 * {@code 1 <= m_i <= |S_i|} and {@code sum m_i = M} always hold. Remainders are compared exactly, in integers.
 */
public final class Allocation {

    private Allocation() {
    }

    /**
     * Kept layers per segment, proportional to the segments' sizes.
     *
     * @param segments the segments, in order
     * @param keep M, the number of prunable layers to keep in total
     * @return m_i for each segment
     * @throws IllegalArgumentException if there are no segments, if {@code keep} is smaller than the number of
     *     segments (each keeps at least one layer) or larger than the number of layers
     */
    public static int[] proportional(List<Segment> segments, int keep) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("expected at least one segment, found none");
        }
        int layers = segments.stream().mapToInt(Segment::size).sum();
        if (keep < segments.size() || keep > layers) {
            throw new IllegalArgumentException("each of the " + segments.size() + " segments keeps at least one of its"
                    + " layers: expected " + segments.size() + " <= keep <= " + layers + ", found keep = " + keep);
        }
        int[] m = new int[segments.size()];
        boolean floorReached = true;
        while (floorReached) {
            floorReached = false;
            long left = leftToShare(m, keep);
            long size = sizeToShare(segments, m);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0 && left * segments.get(i).size() < size) {
                    m[i] = 1;
                    floorReached = true;
                }
            }
        }
        long left = leftToShare(m, keep);
        long size = sizeToShare(segments, m);
        List<Integer> open = IntStream.range(0, m.length).filter(i -> m[i] == 0).boxed().toList();
        long[] remainder = new long[m.length];
        for (int i : open) {
            m[i] = Math.toIntExact(left * segments.get(i).size() / size);
            remainder[i] = left * segments.get(i).size() % size;
        }
        int unassigned = keep - IntStream.of(m).sum();
        open.stream().sorted(Comparator.comparingLong((Integer i) -> -remainder[i]))
                .limit(unassigned).forEach(i -> m[i]++);
        return m;
    }

    /**
     * Checks an explicit list of kept layers per segment.
     *
     * @param segments the segments, in order
     * @param perSegment m_i for each segment
     * @return a copy of {@code perSegment}
     * @throws IllegalArgumentException if the lengths differ or some m_i is outside {@code 1..|S_i|}
     */
    public static int[] explicit(List<Segment> segments, int[] perSegment) {
        if (perSegment.length != segments.size()) {
            throw new IllegalArgumentException("expected one kept-layer count per segment (" + segments.size()
                    + "), found " + perSegment.length);
        }
        for (int i = 0; i < perSegment.length; i++) {
            Segment s = segments.get(i);
            if (perSegment[i] < 1 || perSegment[i] > s.size()) {
                throw new IllegalArgumentException("segment " + (i + 1) + " (layers " + s.first() + ".." + s.last()
                        + "): expected 1 <= kept <= " + s.size() + ", found " + perSegment[i]);
            }
        }
        return perSegment.clone();
    }

    /** Layers not yet given to a segment that keeps exactly one because of the floor. */
    private static long leftToShare(int[] m, int keep) {
        return keep - IntStream.of(m).sum();
    }

    /** Total size of the segments still sharing in proportion. */
    private static long sizeToShare(List<Segment> segments, int[] m) {
        return IntStream.range(0, m.length).filter(i -> m[i] == 0).mapToLong(i -> segments.get(i).size()).sum();
    }
}
