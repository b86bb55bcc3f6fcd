package sglp.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sglp.segment.Segment;

/** Largest-remainder allocation of kept layers, checked against hand-computed examples and its invariants. */
class AllocationTest {

    /** Consecutive segments with the given sizes. */
    static List<Segment> sizes(int... sizes) {
        List<Segment> s = new ArrayList<>();
        int first = 0;
        for (int n : sizes) {
            s.add(new Segment(first, first + n - 1));
            first += n;
        }
        return s;
    }

    @Test
    void handComputedExamples() {
        // quotas 4*3/7 = 1.714, 4*2/7 = 1.143, 1.143: floors 1, 1, 1; the one layer left goes to remainder 5/7
        assertArrayEquals(new int[] {2, 1, 1}, Allocation.proportional(sizes(3, 2, 2), 4));
        // quotas 2.5, 2.5, 1: floors 2, 2, 1; equal remainders 0.5: the earlier segment gets the last layer
        assertArrayEquals(new int[] {3, 2, 1}, Allocation.proportional(sizes(5, 5, 2), 6));
        // ResNet-56 (25 layers in stages of 9, 8, 8), keep 13: quotas 4.68, 4.16, 4.16 -> 4, 4, 4 + 1 to the first
        assertArrayEquals(new int[] {5, 4, 4}, Allocation.proportional(sizes(9, 8, 8), 13));
        // quotas 0.5, 0.5, 5: the first two are floored at 1, the third shares the 4 left alone
        assertArrayEquals(new int[] {1, 1, 4}, Allocation.proportional(sizes(1, 1, 10), 6));
        // quotas 2.5, 0.25, 0.25: two floored at 1; then the first's quota is 1 * 10 / 10 = 1
        assertArrayEquals(new int[] {1, 1, 1}, Allocation.proportional(sizes(10, 1, 1), 3));
        // quotas 6 * 10/12 = 5, 0.5, 0.5: floored, then 4 left for the first
        assertArrayEquals(new int[] {4, 1, 1}, Allocation.proportional(sizes(10, 1, 1), 6));
    }

    @Test
    void extremesKeepAllOrOneEach() {
        assertArrayEquals(new int[] {4, 1, 3}, Allocation.proportional(sizes(4, 1, 3), 8));
        assertArrayEquals(new int[] {1, 1, 1}, Allocation.proportional(sizes(4, 1, 3), 3));
    }

    @Test
    void invariantsHoldAndQuotasAreMetWithinOneWhenAllAreAtLeastOne() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 2000; trial++) {
            int[] n = IntStream.generate(() -> 1 + rnd.nextInt(12)).limit(1 + rnd.nextInt(6)).toArray();
            int total = IntStream.of(n).sum();
            int keep = n.length + rnd.nextInt(total - n.length + 1);
            int[] m = Allocation.proportional(sizes(n), keep);
            assertEquals(keep, IntStream.of(m).sum());
            boolean quotasAtLeastOne = true;
            for (int i = 0; i < n.length; i++) {
                assertTrue(m[i] >= 1 && m[i] <= n[i], "segment " + i + " of " + java.util.Arrays.toString(n));
                quotasAtLeastOne &= (double) keep * n[i] / total >= 1;
            }
            if (quotasAtLeastOne) {
                for (int i = 0; i < n.length; i++) {
                    assertTrue(Math.abs(m[i] - (double) keep * n[i] / total) < 1, "Hamilton quota property");
                }
            }
        }
    }

    @Test
    void errorsSayWhatWasExpectedAndFound() {
        var few = assertThrows(IllegalArgumentException.class, () -> Allocation.proportional(sizes(3, 2, 2), 2));
        assertTrue(few.getMessage().contains("expected 3 <= keep <= 7, found keep = 2"), few.getMessage());
        var many = assertThrows(IllegalArgumentException.class, () -> Allocation.proportional(sizes(3, 2, 2), 8));
        assertTrue(many.getMessage().contains("found keep = 8"), many.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Allocation.proportional(List.of(), 1));
    }

    @Test
    void explicitListIsCheckedAndCopied() {
        int[] m = {3, 1, 2};
        int[] checked = Allocation.explicit(sizes(3, 2, 2), m);
        assertArrayEquals(m, checked);
        checked[0] = 9;
        assertEquals(3, m[0]);
        var length = assertThrows(IllegalArgumentException.class,
                () -> Allocation.explicit(sizes(3, 2, 2), new int[] {1, 1}));
        assertTrue(length.getMessage().contains("(3), found 2"), length.getMessage());
        var zero = assertThrows(IllegalArgumentException.class,
                () -> Allocation.explicit(sizes(3, 2, 2), new int[] {1, 0, 1}));
        assertTrue(zero.getMessage().contains("expected 1 <= kept <= 2, found 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Allocation.explicit(sizes(3, 2, 2), new int[] {4, 1, 1}));
    }
}
