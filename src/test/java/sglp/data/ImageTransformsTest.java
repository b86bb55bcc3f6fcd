package sglp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageTransformsTest {
    @Test
    void mnistLayoutIsPaddedByTwoAndReplicatedToThreeChannels() {
        ImageSet gray = TestData.coordinates(3, 1, 28);
        ImageSet rgb = ImageTransforms.toCifarLayout(gray);
        assertEquals(3, rgb.channels());
        assertEquals(32, rgb.height());
        assertEquals(32, rgb.width());
        assertArrayEquals(gray.labels(), rgb.labels());
        for (int i = 0; i < 3; i++) {
            float[] image = rgb.image(i);
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        float v = image[(c * 32 + row) * 32 + col];
                        boolean pad = row < 2 || row >= 30 || col < 2 || col >= 30;
                        float expected = pad ? 0f : 1 + TestData.coordinate(0, row - 2, col - 2, 28);
                        assertEquals(expected, v, "image " + i + " channel " + c + " at " + row + "," + col);
                    }
                }
            }
        }
    }

    @Test
    void cifarLayoutIsKeptAndOtherShapesAreErrors() {
        ImageSet cifar = TestData.coordinates(2, 3, 32);
        assertSame(cifar, ImageTransforms.toCifarLayout(cifar));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageTransforms.toCifarLayout(TestData.coordinates(2, 3, 28)));
        assertEquals("coordinates: toCifarLayout expects 1x28x28 or 3x32x32 images, found 3x28x28", e.getMessage());
    }

    @Test
    void meanStdAndNormalizeArePerChannel() {
        // 2 images, 2 channels, 1x2 pixels: channel 0 holds 1,3,5,7; channel 1 holds 10 everywhere
        float[] x = {1, 3, 10, 10, 5, 7, 10, 10};
        ImageSet set = new ImageSet("tiny", x, new int[] {0, 1}, 2, 1, 2, TestData.names(2));
        float[][] meanStd = ImageTransforms.channelMeanStd(set);
        assertArrayEquals(new float[] {4, 10}, meanStd[0], 1e-6f);
        assertArrayEquals(new float[] {(float) Math.sqrt(5), 0}, meanStd[1], 1e-6f);
        ImageSet normalized = ImageTransforms.normalize(set, new float[] {4, 10}, new float[] {2, 0.5f});
        assertArrayEquals(new float[] {-1.5f, -0.5f, 0, 0, 0.5f, 1.5f, 0, 0}, normalized.pixels(), 1e-6f);
        assertArrayEquals(new float[] {1, 3, 10, 10, 5, 7, 10, 10}, x, "input changed");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageTransforms.normalize(set, new float[] {0}, new float[] {1, 1}));
        assertEquals("tiny: normalize expects 2 means and standard deviations, found 1 and 2", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ImageTransforms.normalize(set, new float[] {0, 0}, new float[] {1, 0}));
    }
}
