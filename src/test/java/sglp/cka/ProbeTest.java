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
}
