package sglp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    private final ImageSet set = TestData.numbered(6, 3, 2, 2, 2);

    @Test
    void subsetHeadCountsAndImage() {
        ImageSet picked = set.subset(new int[] {5, 0, 5});
        assertArrayEquals(new int[] {2, 0, 2}, picked.labels());
        assertArrayEquals(new float[] {5, 5, 5, 5, 5.1f, 5.1f, 5.1f, 5.1f}, picked.image(0));
        assertEquals(4, set.head(4).size());
        assertArrayEquals(set.image(3), set.head(4).image(3));
        assertArrayEquals(new int[] {2, 2, 2}, set.classCounts());
        assertEquals(8, set.imageSize());
    }

    @Test
    void wrongLengthsAndLabelsAreErrors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("bad", new float[7], new int[2], 1, 2, 2, TestData.names(2)));
        assertEquals("bad: expected 8 pixels (2 images of 1x2x2), found 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("bad", new float[8], new int[] {0, 2}, 1, 2, 2, TestData.names(2)));
        assertEquals("bad: label of image 1 must be in [0, 2), found 2", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> set.image(6));
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(new int[] {6}));
        assertThrows(IllegalArgumentException.class, () -> set.head(7));
    }
}
