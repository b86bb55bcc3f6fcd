package sglp.segment;

/**
 * A run of consecutive layers.
 *
 * @param first the index of its first layer, 0-based
 * @param last the index of its last layer, inclusive
 */
public record Segment(int first, int last) {

    /**
     * @throws IllegalArgumentException unless 0 &le; first &le; last
     */
    public Segment {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("expected a segment with 0 <= first <= last, found first " + first
                    + ", last " + last);
        }
    }

    /** @return the number of layers in this segment */
    public int size() {
        return last - first + 1;
    }

    /**
     * @param layer a layer index
     * @return whether this segment holds that layer
     */
    public boolean contains(int layer) {
        return first <= layer && layer <= last;
    }
}
