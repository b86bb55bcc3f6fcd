package sglp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The image sizes each model runs on, and the words of the refusals. */
class InputsTest {

    @Test
    void vggTakesOnlySidesItsClassifierWasBuiltForResNetsTakeAnySide() {
        assertArrayEquals(new int[] {32, 63}, Inputs.acceptedSides(Architectures.vgg16Bn(10)));
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE}, Inputs.acceptedSides(Architectures.byName("resnet20", 10)));
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE}, Inputs.acceptedSides(Architectures.resnet50(10, 224)));
    }

    @Test
    void tooSmallAndTooLargeImagesAreRefusedWithTheRange() {
        Architecture vgg = Architectures.vgg16Bn(10);
        var small = assertThrows(IllegalArgumentException.class,
                () -> Inputs.checkImages(vgg, new long[] {2, 3, 16, 16}, ForwardMode.INFERENCE, "b.npz: field 'x'"));
        assertEquals("b.npz: field 'x': expected 3 x H x W images with 32 <= H, W <= 63 for vgg16 (built for 3 x 32 x "
                + "32; its classifier flattens a 1 x 1 feature map), found 3 x 16 x 16", small.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Inputs.checkImages(vgg, new long[] {2, 3, 32, 64}, ForwardMode.INFERENCE, "x"));
        Inputs.checkImages(vgg, new long[] {2, 3, 63, 40}, ForwardMode.SCORING, "x");
        Inputs.checkImages(Architectures.byName("resnet20", 10), new long[] {1, 3, 5, 7}, ForwardMode.INFERENCE, "x");
        var rank = assertThrows(IllegalArgumentException.class,
                () -> Inputs.checkImages(vgg, new long[] {3, 32, 32}, ForwardMode.INFERENCE, "x"));
        assertEquals("x: expected images N x C x H x W, found shape [3, 32, 32]", rank.getMessage());
    }

    @Test
    void engineArraysAreCheckedOnTheEngineInTheWordsOfTheJavaCheck() {
        float[] values = new float[24];
        values[13] = Float.NaN;
        values[20] = Float.NEGATIVE_INFINITY;
        long[] shape = {2, 3, 4};
        var java = assertThrows(IllegalArgumentException.class, () -> Inputs.checkFinite(values, shape, "acts"));
        try (NDManager m = NDManager.newBaseManager()) {
            var engine = assertThrows(IllegalArgumentException.class,
                    () -> Inputs.checkFinite(m.create(values, new Shape(shape)), "acts"));
            assertEquals("acts: expected finite numbers, found NaN at index [1, 0, 1]", engine.getMessage());
            assertEquals(java.getMessage(), engine.getMessage());
            double[] doubles = {1, 2, Double.POSITIVE_INFINITY};
            assertEquals("d: expected finite numbers, found Infinity at index [2]", assertThrows(
                    IllegalArgumentException.class, () -> Inputs.checkFinite(m.create(doubles), "d")).getMessage());
            // finite values whose float32 sum overflows pass, and so do integers
            Inputs.checkFinite(m.create(new float[] {3e38f, 3e38f, 3e38f}), "big");
            Inputs.checkFinite(m.create(new int[] {1, 2}), "ints");
        }
    }
}
