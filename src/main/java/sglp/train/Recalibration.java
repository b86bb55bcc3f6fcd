package sglp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import sglp.data.Batch;
import sglp.model.ForwardMode;
import sglp.model.Network;

/**
 * BatchNorm recalibration after pruning (METHOD.md section 6): every BatchNorm's running statistics are estimated
 * again on training batches in training mode, with no gradient and no weight update, as the cumulative average of
 * the batches' statistics (PyTorch's {@code momentum=None}): the running mean is the mean of the batch means, the
 * running variance the mean of the batch variances. Removing blocks shifts what the next blocks see; this re-fits
 * their normalization to it.
 *
 * <p>The batch statistics are read back from the engine's own update: before each batch every running mean is set
 * to 0 and every running variance to 1, the batch runs with batch statistics ({@link ForwardMode#SCORING}: dropout
 * off), and the engine's moving average, whose weight on the new batch is measured once on a probe, is solved for
 * the batch's statistics.
 */
public final class Recalibration {
    private static final NDIndex ALL = new NDIndex("...");

    private Recalibration() {
    }

    /**
     * Recalibrates a network's BatchNorm statistics in place.
     *
     * @param net the network; only its running statistics change
     * @param batches the training batches, each of at least 2 images
     * @param maxBatches the most batches to use, at least 1
     * @return the number of batches used
     * @throws IllegalArgumentException if there are no batches
     * @throws CancellationException if the thread is interrupted between batches (the statistics are then restored)
     */
    public static int run(Network net, Iterable<Batch> batches, int maxBatches) {
        if (maxBatches < 1) {
            throw new IllegalArgumentException("BatchNorm recalibration: expected at least 1 batch, found "
                    + maxBatches);
        }
        Map<String, NDArray> means = new LinkedHashMap<>();
        Map<String, NDArray> vars = new LinkedHashMap<>();
        net.parameters().forEach((key, p) -> {
            if (key.endsWith(".running_mean")) {
                means.put(key, p.getArray());
            } else if (key.endsWith(".running_var")) {
                vars.put(key, p.getArray());
            }
        });
        List<NDArray> saved = new ArrayList<>();
        means.values().forEach(a -> saved.add(a.duplicate()));
        vars.values().forEach(a -> saved.add(a.duplicate()));
        double w = batchWeight(net.manager());
        Map<String, double[]> meanSum = new LinkedHashMap<>();
        Map<String, double[]> varSum = new LinkedHashMap<>();
        int count = 0;
        try {
            for (Batch b : batches) {
                if (count == maxBatches) {
                    break;
                }
                if (Thread.interrupted()) {
                    throw new CancellationException("BatchNorm recalibration interrupted after " + count + " batches");
                }
                means.values().forEach(a -> a.set(ALL, 0f));
                vars.values().forEach(a -> a.set(ALL, 1f));
                try (NDManager scope = net.manager().newSubManager()) {
                    NDList xy = b.toNDList(scope);
                    net.forward(xy.get(0), ForwardMode.SCORING, Set.of(), null);
                }
                means.forEach((key, a) -> add(meanSum, key, a.toType(DataType.FLOAT64, false)
                        .toDoubleArray(), 0, w));
                vars.forEach((key, a) -> add(varSum, key, a.toType(DataType.FLOAT64, false)
                        .toDoubleArray(), 1, w));
                count++;
            }
        } catch (RuntimeException e) {
            restore(means, vars, saved);
            throw e;
        } finally {
            saved.forEach(NDArray::close);
        }
        if (count == 0) {
            restore(means, vars, List.of());
            throw new IllegalArgumentException("BatchNorm recalibration: expected at least 1 batch, found none");
        }
        int batchCount = count;
        means.forEach((key, a) -> write(a, meanSum.get(key), batchCount));
        vars.forEach((key, a) -> write(a, varSum.get(key), batchCount));
        return count;
    }

    /** Adds a batch's statistic, solved from the engine's update of a running value that started at {@code init}. */
    private static void add(Map<String, double[]> sums, String key, double[] updated, double init, double w) {
        double[] sum = sums.computeIfAbsent(key, k -> new double[updated.length]);
        for (int i = 0; i < updated.length; i++) {
            sum[i] += (updated[i] - (1 - w) * init) / w;
        }
    }

    private static void write(NDArray target, double[] sum, int count) {
        float[] values = new float[sum.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (sum[i] / count);
        }
        try (NDArray v = target.getManager().create(values, target.getShape())) {
            target.set(ALL, v);
        }
    }

    private static void restore(Map<String, NDArray> means, Map<String, NDArray> vars, List<NDArray> saved) {
        if (saved.isEmpty()) {
            return;
        }
        int i = 0;
        for (NDArray a : means.values()) {
            a.set(ALL, saved.get(i++));
        }
        for (NDArray a : vars.values()) {
            a.set(ALL, saved.get(i++));
        }
    }

    /**
     * The weight the engine's BatchNorm gives a new batch in its moving average, measured on a probe: a running mean
     * of 0 updated with a batch whose mean is 1.
     */
    private static double batchWeight(NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            BatchNorm bn = BatchNorm.builder().build();
            Shape shape = new Shape(2, 1, 1, 1);
            bn.initialize(m, DataType.FLOAT32, shape);
            NDArray runningMean = bn.getParameters().get("runningMean").getArray();
            runningMean.set(ALL, 0f);
            bn.forward(new ParameterStore(m, false), new NDList(m.create(new float[] {0, 2}, shape)), true);
            return runningMean.getFloat();
        }
    }
}
