package sglp.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sglp.model.Architecture;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.segment.Segment;

/** Shared test data: ResNet-20 (7 prunable layers), three segments, small seeded batches. */
final class Fixtures {
    /** ResNet-20, option B: layers layer1.0-2, layer2.1-2, layer3.1-2. */
    static final Architecture RESNET20 = Architectures.byName("resnet20", 10);
    /**
     * VGG-16-BN with a 2-class head: the narrowest model with a dropout classifier (9 prunable layers; its input must
     * be 32 x 32, the size its classifier expects after five max-pools).
     */
    static final Architecture VGG16 = Architectures.vgg16Bn(2);
    /** Segments of sizes 3, 2, 2; keeping 4 layers gives m = [2, 1, 1] and 3 + 2 + 2 = 7 candidates. */
    static final List<Segment> SEGMENTS = List.of(new Segment(0, 2), new Segment(3, 4), new Segment(5, 6));

    private Fixtures() {
    }

    /** Gaussian images, N x 3 x 32 x 32, from a seeded Java generator. */
    static NDArray images(NDManager m, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n * 3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return m.create(v, new Shape(n, 3, 32, 32));
    }

    /** Labels 0, 1, ..., 9, 0, 1, ... as int64. */
    static NDArray labels(NDManager m, int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return m.create(y);
    }

    /** Every parameter's values, BatchNorm running statistics included. */
    static Map<String, float[]> snapshot(Network net) {
        Map<String, float[]> s = new LinkedHashMap<>();
        net.parameters().forEach((k, p) -> s.put(k, p.getArray().toFloatArray()));
        return s;
    }
}
