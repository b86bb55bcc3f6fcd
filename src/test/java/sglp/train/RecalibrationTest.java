package sglp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sglp.data.Batch;
import sglp.model.Architectures;
import sglp.model.Network;

class RecalibrationTest {

    private static Batch batch(Random r, int n) {
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.7 + 0.2);
        }
        return new Batch(x, new int[n], 3, 32, 32);
    }

    @Test
    void theRunningStatisticsBecomeTheAverageOfTheBatchStatistics() {
        Random r = new Random(4);
        List<Batch> batches = List.of(batch(r, 8), batch(r, 5), batch(r, 6));
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3);
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(3, Recalibration.run(net, batches, 10));
            NDArray w = net.parameters().get("conv1.weight").getArray();
            double[] mean = new double[16];
            double[] var = new double[16];
            for (Batch b : batches) {
                NDArray x = m.create(b.x(), new Shape(b.size(), 3, 32, 32));
                NDArray c = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                        .singletonOrThrow().toType(DataType.FLOAT64, false).transpose(1, 0, 2, 3).reshape(16, -1);
                long count = c.getShape().get(1);
                NDArray mu = c.mean(new int[] {1});
                NDArray v = c.sub(mu.reshape(16, 1)).square().sum(new int[] {1}).div(count - 1);
                double[] bm = mu.toDoubleArray();
                double[] bv = v.toDoubleArray();
                for (int ch = 0; ch < 16; ch++) {
                    mean[ch] += bm[ch] / batches.size();
                    var[ch] += bv[ch] / batches.size();
                }
            }
            assertArrayEquals(mean, toDoubles(net, "bn1.running_mean"), 1e-4);
            assertArrayEquals(var, toDoubles(net, "bn1.running_var"), 1e-4 * max(var));
            double[] once = toDoubles(net, "layer3.2.bn2.running_var");
            Recalibration.run(net, batches, 10);
            assertArrayEquals(once, toDoubles(net, "layer3.2.bn2.running_var"), 1e-5 * max(once),
                    "the starting statistics do not matter");
        }
    }

    private static double[] toDoubles(Network net, String key) {
        return net.parameters().get(key).getArray().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }
}
