package sglp.segment;

/**
 * A contiguous run of prunable layers: indices {@code first..last} (0-based, inclusive) into
 * {@code architecture.layers()}.
 *
 * @param first index of the segment's first layer
 * @param last index of the segment's last layer
 */
public record Segment(int first, int last) {

    /** Checks that {@code 0 <= first <= last}. */
    public Segment {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("a segment needs 0 <= first <= last, found first=" + first
                    + ", last=" + last);
        }
    }

    /** @return the number of layers in the segment */
    public int size() {
        return last - first + 1;
    }

    /**
     * Whether a layer lies in the segment.
     *
     * @param i a layer index
     * @return whether {@code first <= i <= last}
     */
    public boolean contains(int i) {
        return i >= first && i <= last;
    }
}
