package sglp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;
import sglp.segment.Segment;

/** Candidate enumeration and search-space sizes. */
class CandidatesTest {

    @Test
    void subsetsOfASegmentAreItsLayerIndicesInLexicographicOrder() {
        assertEquals(List.of(List.of(2, 3), List.of(2, 4), List.of(2, 5), List.of(3, 4), List.of(3, 5),
                List.of(4, 5)), Candidates.of(new Segment(2, 5), 2));
        assertEquals(List.of(List.of(7, 8, 9)), Candidates.of(new Segment(7, 9), 3));
    }

    @Test
    void countsAreBinomialsAndSubsetsAreDistinctSortedAndInside() {
        for (int n = 1; n <= 10; n++) {
            for (int k = 1; k <= n; k++) {
                Segment s = new Segment(5, 5 + n - 1);
                List<List<Integer>> c = Candidates.of(s, k);
                assertEquals(CombinatoricsUtils.binomialCoefficient(n, k), c.size());
                assertEquals(c.size(), new HashSet<>(c).size());
                for (int i = 0; i < c.size(); i++) {
                    List<Integer> subset = c.get(i);
                    assertEquals(k, subset.size());
                    assertTrue(subset.stream().allMatch(s::contains));
                    for (int j = 1; j < k; j++) {
                        assertTrue(subset.get(j - 1) < subset.get(j));
                    }
                    if (i > 0) {
                        assertTrue(compare(c.get(i - 1), subset) < 0, "lexicographic at " + i);
                    }
                }
            }
        }
    }

    @Test
    void searchSpaceSumsBinomialsPerSegment() {
        List<Segment> resnet56 = AllocationTest.sizes(9, 8, 8);
        // C(9, 5) + C(8, 4) + C(8, 4) = 126 + 70 + 70
        assertEquals(BigInteger.valueOf(266), Candidates.searchSpace(resnet56, new int[] {5, 4, 4}));
        assertEquals(BigInteger.valueOf(3 + 2 + 2), Candidates.searchSpace(List.of(new Segment(0, 2), new Segment(3, 4), new Segment(5, 6)),
                new int[] {2, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Candidates.searchSpace(resnet56, new int[] {5, 4}));
    }

    @Test
    void unsegmentedSpaceIsExactEvenWhenHuge() {
        // C(25, 13) = 25! / (13! 12!) = 5,200,300, computed here as a product of fractions in long arithmetic
        long c = 1;
        for (int i = 1; i <= 12; i++) {
            c = c * (13 + i) / i;
        }
        assertEquals(5_200_300L, c);
        assertEquals(BigInteger.valueOf(c), Candidates.unsegmented(25, 13));
        assertEquals(BigInteger.valueOf(CombinatoricsUtils.binomialCoefficient(52, 26)), Candidates.unsegmented(52, 26));
        assertEquals(new BigInteger("100891344545564193334812497256"), Candidates.unsegmented(100, 50));
        assertEquals(BigInteger.ONE, Candidates.unsegmented(7, 0));
        assertThrows(IllegalArgumentException.class, () -> Candidates.unsegmented(7, 8));
    }

    @Test
    void keepOutsideTheSegmentIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Candidates.of(new Segment(0, 2), 4));
        assertTrue(e.getMessage().contains("expected 1 <= kept <= 3, found 4"), e.getMessage());
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
