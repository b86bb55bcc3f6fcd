package sglp.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import sglp.cka.Cka;
import sglp.cka.Estimator;
import sglp.data.Batch;
import sglp.data.ImageSet;
import sglp.data.ImageTransforms;
import sglp.data.Mnist;
import sglp.data.Splits;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.score.GradNorm;
import sglp.score.GradNormSearch;
import sglp.score.SearchResult;
import sglp.segment.Segment;

/**
 * The speed benchmark ({@code environment/sglp bench}). Every number is printed beside a reference measured in the
 * same run, as a ratio:
 * <ul>
 *   <li>the CKA matrix of ResNet-56's layers at n = 256: all pairs from one product of the stacked centred Grams,
 *       against the per-pair path that centres and multiplies each pair on its own;</li>
 *   <li>GradNorm candidates per second for ResNet-20 and ResNet-56 at batch 128, against one plain forward and
 *       backward pass of the whole network.</li>
 * </ul>
 */
public final class Benchmark {

    private Benchmark() {
    }

    /**
     * Runs the benchmark and prints the results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ImageSet digits = ImageTransforms.toCifarLayout(Mnist.load());
        System.out.printf("machine: %d cores, java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ai.djl.engine.Engine.getInstance().getEngineName() + " "
                        + ai.djl.engine.Engine.getInstance().getVersion());
        ckaAllPairs(Batch.of(Splits.sample(digits, 256, 1)));
        for (String model : List.of("resnet20", "resnet56")) {
            gradNorm(model, Batch.of(Splits.sample(digits, 128, 2)));
        }
    }

    private static void ckaAllPairs(Batch batch) {
        try (Network net = Network.create(Architectures.byName("resnet56", 10), 0);
                NDManager m = net.manager().newSubManager()) {
            List<double[][]> grams = new ArrayList<>();
            Set<String> layers = Set.copyOf(net.architecture().layerNames());
            NDList xy = batch.toNDList(m);
            net.forward(xy.get(0), false, Set.of(), (unit, out) -> {
                if (layers.contains(unit.name())) {
                    grams.add(gram(out));
                }
            });
            for (Estimator e : Estimator.values()) {
                double pairwise = bestSeconds(() -> Cka.pairwise(grams, e), 2);
                double allPairs = bestSeconds(() -> Cka.allPairs(grams, e), 3);
                System.out.printf("CKA %s, ResNet-56 (L=%d), n=%d: per-pair %.0f ms, all pairs %.0f ms: %.1fx%n",
                        e.label(), grams.size(), batch.size(), 1e3 * pairwise, 1e3 * allPairs, pairwise / allPairs);
            }
        }
    }

    private static double[][] gram(NDArray out) {
        NDArray x = out.reshape(out.getShape().get(0), -1).toType(DataType.FLOAT64, false);
        int n = (int) x.getShape().get(0);
        double[] flat = x.matMul(x.transpose()).toDoubleArray();
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * n, g[i], 0, n);
        }
        return g;
    }

    private static void gradNorm(String model, Batch batch) {
        try (Network net = Network.create(Architectures.byName(model, 10), 0);
                NDManager m = net.manager().newSubManager()) {
            NDList xy = batch.toNDList(m);
            GradNorm.score(net, xy.get(0), xy.get(1), Set.of(), GradNorm.Variant.GLOBAL_L2);
            double pass = bestSeconds(() -> GradNorm.score(net, xy.get(0), xy.get(1), Set.of(),
                    GradNorm.Variant.GLOBAL_L2), 3);
            int layers = net.architecture().layers().size();
            List<Segment> thirds = List.of(new Segment(0, layers / 3 - 1), new Segment(layers / 3, 2 * layers / 3 - 1),
                    new Segment(2 * layers / 3, layers - 1));
            int[] keepEach = thirds.stream().mapToInt(s -> Math.min(2, s.size() - 1)).toArray();
            SearchResult r = GradNormSearch.builder().optKeepPerSegment(keepEach).optSeed(0).build()
                    .search(net, thirds, xy.get(0), xy.get(1));
            double perCandidate = 1 / r.candidatesPerSecond();
            System.out.printf("GradNorm %s, batch %d: %d candidates, %.2f candidates/s; full forward+backward "
                    + "%.3f s; one candidate = %.2fx a full pass%n", model, batch.size(), r.candidates().size(),
                    r.candidatesPerSecond(), pass, perCandidate / pass);
        }
    }

    private static double bestSeconds(Supplier<?> run, int repeats) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            run.get();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
