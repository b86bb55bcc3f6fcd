package sglp.cka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import sglp.data.Batch;
import sglp.io.StateDict;
import sglp.model.Architectures;
import sglp.model.Network;

/** The probe streams every prunable layer into the accumulator and matches CKA computed from stored activations. */
class ProbeTest {

    @Test
    void streamedCkaEqualsCkaOfTheStoredActivations() {
        Random r = new Random(2);
        float[] x = new float[24 * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Batch batch = new Batch(x, new int[24], 3, 32, 32);
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            List<String> names = net.architecture().layerNames();
            SimilarityMatrix streamed = Probe.similarity(net, List.of(batch),
                    CkaAccumulator.builder(names).build(), done -> { });
            StateDict acts = Probe.activations(net, batch);
            assertEquals(names, acts.keys());
            assertArrayEquals(new long[] {24, 32, 16, 16}, acts.get("layer2.1").shape());
            List<double[][]> flat = new ArrayList<>();
            for (String n : names) {
                float[] a = acts.get(n).toFloats();
                int p = a.length / 24;
                double[][] m = new double[24][p];
                for (int i = 0; i < 24; i++) {
                    for (int j = 0; j < p; j++) {
                        m[i][j] = a[i * p + j];
                    }
                }
                flat.add(m);
            }
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < names.size(); j++) {
                    assertEquals(Cka.linear(flat.get(i), flat.get(j)), streamed.get(i, j), 1e-5, names.get(i) + "," + names.get(j));
                }
            }
            assertTrue(streamed.get(0, 6) < streamed.get(0, 1), "far layers are less similar than neighbours");
        }
    }

    @Test
    void interruptStopsBetweenBatches() {
        Batch batch = new Batch(new float[4 * 3 * 32 * 32], new int[4], 3, 32, 32);
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            CkaAccumulator acc = CkaAccumulator.builder(net.architecture().layerNames()).build();
            var e = assertThrows(CancellationException.class, () -> Probe.similarity(net, List.of(batch, batch, batch),
                    acc, done -> Thread.currentThread().interrupt()));
            assertTrue(e.getMessage().contains("after 1 batches"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void batchesTheNetworkCannotTakeAreRefusedBeforeTheEngineSeesThem() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            CkaAccumulator acc = CkaAccumulator.builder(net.architecture().layerNames()).build();
            Batch empty = new Batch(new float[0], new int[0], 3, 32, 32);
            var e = assertThrows(IllegalArgumentException.class, () -> Probe.activations(net, empty));
            assertEquals("batch 'x': expected at least 1 sample, found 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Probe.similarity(net, List.of(empty), acc, d -> { }));
            assertEquals("calibration batch 1 'x': expected at least 1 sample, found 0", e.getMessage());
            float[] x = new float[2 * 3 * 32 * 32];
            x[3 * 32 * 32 + 5] = Float.NaN;
            e = assertThrows(IllegalArgumentException.class,
                    () -> Probe.activations(net, new Batch(x, new int[2], 3, 32, 32)));
            assertEquals("batch 'x': expected finite numbers, found NaN at index [1, 0, 0, 5]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Probe.activations(net, new Batch(new float[2 * 32 * 32], new int[2], 1, 32, 32)));
            assertEquals("batch 'x': expected 3 x H x W images for resnet20 (3 channels; built for 3 x 32 x 32), "
                    + "found 1 x 32 x 32", e.getMessage());
            assertEquals(1, Probe.activations(net, new Batch(new float[3 * 32 * 32], new int[1], 3, 32, 32))
                    .get("layer1.0").shape()[0], "one sample is enough in inference mode");
        }
    }
}
