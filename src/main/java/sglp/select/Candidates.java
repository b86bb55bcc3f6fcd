package sglp.select;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.util.CombinatoricsUtils;
import sglp.segment.Segment;

/**
 * The candidates of a segment, the subsets of its layers that it may keep, and the size of the search space with and
 * without segmentation (the paper's Table 6).
 */
public final class Candidates {

    private Candidates() {
    }

    /**
     * Every subset of a segment's layers with {@code keep} elements, in lexicographic order: {@code [0,1], [0,2],
     * [0,3], [1,2], ...} for a segment starting at layer 0. (Commons Math enumerates them in colexicographic order;
     * they are sorted here, so that ties between scores go to the subset of the earliest layers.)
     *
     * @param segment the segment
     * @param keep the number of layers to keep, {@code 1..segment.size()}
     * @return the subsets as ascending lists of layer indices (indices into {@code architecture.layers()})
     */
    public static List<List<Integer>> of(Segment segment, int keep) {
        Allocation.explicit(List.of(segment), new int[] {keep});
        List<int[]> subsets = new ArrayList<>();
        CombinatoricsUtils.combinationsIterator(segment.size(), keep).forEachRemaining(subsets::add);
        subsets.sort(Arrays::compare);
        return subsets.stream()
                .map(c -> IntStream.of(c).map(j -> segment.first() + j).boxed().toList())
                .toList();
    }

    /**
     * The number of candidates that a segmented search scores: {@code sum_i C(|S_i|, m_i)}.
     *
     * @param segments the segments
     * @param keep m_i for each segment
     * @return the size of the search space
     */
    public static BigInteger searchSpace(List<Segment> segments, int[] keep) {
        int[] m = Allocation.explicit(segments, keep);
        return IntStream.range(0, m.length).mapToObj(i -> binomial(segments.get(i).size(), m[i]))
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /**
     * The number of candidates without segmentation: {@code C(L, M)}.
     *
     * @param layers L, the number of prunable layers
     * @param keep M, the number of layers to keep
     * @return the size of the unsegmented search space
     */
    public static BigInteger unsegmented(int layers, int keep) {
        if (keep < 0 || keep > layers) {
            throw new IllegalArgumentException("expected 0 <= keep <= " + layers + " layers, found keep = " + keep);
        }
        return binomial(layers, keep);
    }

    /** C(n, k), exact: each partial product C(n, i + 1) = C(n, i) (n - i) / (i + 1) is an integer. */
    private static BigInteger binomial(int n, int k) {
        BigInteger c = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            c = c.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return c;
    }
}
