package sglp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static final int SIDE = 8;
    /** 50 images of 3 x 8 x 8, image i of class i, pixel values naming their position. */
    private final ImageSet set = TestData.coordinates(50, 3, SIDE);

    @Test
    void batchCountsAndSizes() {
        Batches keep = Batches.builder(set).optBatchSize(16).build();
        assertEquals(4, keep.batchesPerEpoch());
        assertEquals(List.of(16, 16, 16, 2), sizes(keep.epoch(0)));
        Batches drop = Batches.builder(set).optBatchSize(16).optDropLast(true).build();
        assertEquals(3, drop.batchesPerEpoch());
        assertEquals(List.of(16, 16, 16), sizes(drop.epoch(0)));
        assertThrows(IllegalArgumentException.class, () -> Batches.builder(set).optBatchSize(0));
    }

    @Test
    void unshuffledBatchesKeepTheOrder() {
        Iterator<Batch> it = Batches.builder(set).optBatchSize(20).build().iterator();
        it.next();
        Batch second = it.next();
        assertArrayEquals(Arrays.copyOfRange(set.labels(), 20, 40), second.y());
        assertArrayEquals(Arrays.copyOfRange(set.pixels(), 20 * set.imageSize(), 40 * set.imageSize()), second.x());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void shuffleVisitsEveryImageOnceAndDiffersPerEpoch() {
        Batches batches = Batches.builder(set).optBatchSize(16).optShuffle(9L).build();
        List<Integer> epoch0 = labels(batches.epoch(0));
        assertEquals(50, new HashSet<>(epoch0).size());
        assertEquals(epoch0, labels(batches.epoch(0)), "the same epoch twice");
        assertEquals(epoch0, labels(Batches.builder(set).optBatchSize(16).optShuffle(9L).build().epoch(0)));
        assertFalse(epoch0.equals(labels(batches.epoch(1))), "epochs 0 and 1 in the same order");
        assertFalse(epoch0.equals(labels(Batches.builder(set).optBatchSize(16).optShuffle(10L).build().epoch(0))));
        // iterator() walks epoch 0, then epoch 1
        assertEquals(epoch0, labels(batches));
        assertEquals(labels(batches.epoch(1)), labels(batches));
    }

    @Test
    void cropIsAShiftedCopyOfThePaddedImage() {
        Batches batches = Batches.builder(set).optShuffle(1L).optAugment(new Augmentation(4, false)).build();
        Set<String> shifts = new HashSet<>();
        for (Batch b : batches.epoch(0)) {
            for (int k = 0; k < b.size(); k++) {
                float[] out = Arrays.copyOfRange(b.x(), k * set.imageSize(), (k + 1) * set.imageSize());
                int[] shift = shiftOf(out);
                assertTrue(Math.abs(shift[0]) <= 4 && Math.abs(shift[1]) <= 4, Arrays.toString(shift));
                assertArrayEquals(shifted(shift[0], shift[1], false), out, "image " + b.y()[k]);
                shifts.add(Arrays.toString(shift));
            }
        }
        assertTrue(shifts.size() > 10, "only " + shifts.size() + " distinct crops in 50 images");
    }

    @Test
    void flipMirrorsAboutHalfTheImages() {
        Batches batches = Batches.builder(set).optShuffle(1L).optAugment(new Augmentation(0, true)).build();
        int flipped = 0;
        for (Batch b : batches.epoch(0)) {
            for (int k = 0; k < b.size(); k++) {
                float[] out = Arrays.copyOfRange(b.x(), k * set.imageSize(), (k + 1) * set.imageSize());
                boolean mirror = Arrays.equals(shifted(0, 0, true), out);
                assertTrue(mirror || Arrays.equals(shifted(0, 0, false), out), "neither copy nor mirror");
                flipped += mirror ? 1 : 0;
            }
        }
        assertTrue(flipped > 10 && flipped < 40, flipped + " of 50 flipped");
    }

    @Test
    void augmentationIsDeterministicPerSeedAndEpoch() {
        Batches a = Batches.builder(set).optShuffle(5L).optAugment(Augmentation.CROP_FLIP).build();
        Batches b = Batches.builder(set).optShuffle(5L).optAugment(Augmentation.CROP_FLIP).build();
        assertArrayEquals(pixels(a.epoch(3)), pixels(b.epoch(3)));
        assertFalse(Arrays.equals(pixels(a.epoch(3)), pixels(a.epoch(4))));
        var e = assertThrows(IllegalStateException.class,
                () -> Batches.builder(set).optAugment(Augmentation.CROP_FLIP).build());
        assertTrue(e.getMessage().contains("optShuffle(seed)"), e.getMessage());
    }

    @Test
    void firstAndToNDListGiveFloatImagesAndInt64Labels() {
        Batch batch = Batches.first(set, 5);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, batch.y());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = batch.toNDList(manager);
            NDArray x = list.get(0);
            NDArray y = list.get(1);
            assertEquals(new Shape(5, 3, SIDE, SIDE), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            assertEquals(new Shape(5), y.getShape());
            assertEquals(DataType.INT64, y.getDataType());
            assertArrayEquals(Arrays.copyOf(set.pixels(), 5 * set.imageSize()), x.toFloatArray());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, y.toLongArray());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new Batch(new float[3], new int[1], 1, 2, 2));
        assertEquals("batch: expected 4 pixels (1 images of 1x2x2), found 3", e.getMessage());
    }

    /** The (dy, dx) such that {@code out} at (y, x) shows the source at (y + dy, x + dx), read off a non-zero value. */
    private static int[] shiftOf(float[] out) {
        for (int p = 0; p < out.length; p++) {
            if (out[p] != 0) {
                int code = (int) out[p] - 1;
                int row = p / SIDE % SIDE;
                int col = p % SIDE;
                return new int[] {code / SIDE % SIDE - row, code % SIDE - col};
            }
        }
        throw new AssertionError("crop holds only padding");
    }

    /** The expected image: the source shifted by (dy, dx), zero outside, optionally mirrored afterwards. */
    private static float[] shifted(int dy, int dx, boolean mirror) {
        float[] out = new float[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < SIDE; row++) {
                for (int col = 0; col < SIDE; col++) {
                    int sy = row + dy;
                    int sx = (mirror ? SIDE - 1 - col : col) + dx;
                    boolean inside = sy >= 0 && sy < SIDE && sx >= 0 && sx < SIDE;
                    out[(c * SIDE + row) * SIDE + col] = inside ? 1 + TestData.coordinate(c, sy, sx, SIDE) : 0;
                }
            }
        }
        return out;
    }

    private static List<Integer> sizes(Iterable<Batch> epoch) {
        List<Integer> sizes = new ArrayList<>();
        epoch.forEach(b -> sizes.add(b.size()));
        return sizes;
    }

    private static List<Integer> labels(Iterable<Batch> epoch) {
        List<Integer> labels = new ArrayList<>();
        epoch.forEach(b -> Arrays.stream(b.y()).forEach(labels::add));
        return labels;
    }

    private static float[] pixels(Iterable<Batch> epoch) {
        List<float[]> parts = new ArrayList<>();
        epoch.forEach(b -> parts.add(b.x()));
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
