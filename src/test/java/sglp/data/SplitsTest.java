package sglp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** 103 images of 4 classes (26, 26, 26, 25), each image's pixels equal to its index. */
    private final ImageSet all = TestData.numbered(103, 4, 1, 2, 2);

    @Test
    void perClassSplitIsStratifiedDisjointAndComplete() {
        Split split = Splits.stratified(all, 5, 42L);
        assertArrayEquals(new int[] {5, 5, 5, 5}, split.test().classCounts());
        assertArrayEquals(new int[] {21, 21, 21, 20}, split.train().classCounts());
        Set<Integer> train = ids(split.train());
        Set<Integer> test = ids(split.test());
        assertEquals(83, train.size());
        assertEquals(20, test.size());
        assertTrue(train.stream().noneMatch(test::contains), "train and test overlap");
        Set<Integer> union = new HashSet<>(train);
        union.addAll(test);
        assertEquals(103, union.size());
    }

    @Test
    void labelsTravelWithTheirImages() {
        ImageSet test = Splits.stratified(all, 0.2, 1L).test();
        for (int k = 0; k < test.size(); k++) {
            int id = (int) test.image(k)[0];
            assertEquals(id % 4, test.labels()[k]);
        }
    }

    @Test
    void fractionSplitRoundsPerClass() {
        Split split = Splits.stratified(all, 0.1, 7L);
        assertArrayEquals(new int[] {3, 3, 3, 3}, split.test().classCounts()); // round(2.6) and round(2.5)
        assertEquals(103, split.train().size() + split.test().size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        ImageSet once = Splits.stratified(all, 5, 42L).test();
        assertArrayEquals(once.pixels(), Splits.stratified(all, 5, 42L).test().pixels());
        assertArrayEquals(once.labels(), Splits.stratified(all, 5, 42L).test().labels());
        assertFalse(ids(Splits.stratified(all, 5, 42L).test()).equals(ids(Splits.stratified(all, 5, 43L).test())));
    }

    @Test
    void resultsAreMixedNotGroupedByClass() {
        int[] labels = Splits.stratified(all, 5, 42L).test().labels();
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, labels), "test part is still grouped by class");
    }

    @Test
    void sampleIsStratifiedDistinctAndSeeded() {
        ImageSet sample = Splits.sample(all, 10, 3L);
        assertEquals(10, sample.size());
        assertArrayEquals(new int[] {3, 3, 2, 2}, sample.classCounts()); // shares 2.52, 2.52, 2.52, 2.43
        assertEquals(10, ids(sample).size());
        assertArrayEquals(sample.pixels(), Splits.sample(all, 10, 3L).pixels());
        assertFalse(ids(sample).equals(ids(Splits.sample(all, 10, 4L))));
    }

    @Test
    void impossibleRequestsAreErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.stratified(all, 26, 1L));
        assertEquals("numbered: stratified split needs testPerClass in [0, 25] for class c3, found 26", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(all, 1.5, 1L));
        assertThrows(IllegalArgumentException.class, () -> Splits.sample(all, 104, 1L));
    }

    /** The ids of the images of a {@link TestData#numbered} set. */
    private static Set<Integer> ids(ImageSet set) {
        Set<Integer> ids = new HashSet<>();
        for (int k = 0; k < set.size(); k++) {
            ids.add((int) set.image(k)[0]);
        }
        return ids;
    }
}
