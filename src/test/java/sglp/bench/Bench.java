package sglp.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sglp.cka.SimilarityMatrix;
import sglp.io.Npz;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Architecture;
import sglp.model.Architectures;
import sglp.model.ForwardMode;
import sglp.model.Network;
import sglp.score.GradNorm;
import sglp.score.GradNormSearch;
import sglp.score.SearchResult;
import sglp.segment.Segment;

/**
 * The speed benchmark ({@code environment/sglp bench}). Every number is printed beside a reference measured in the
 * same run:
 * <ul>
 *   <li><b>CKA</b>: the whole {@code sglp cka} command, in a child JVM, on a generated .npz of L layers x n samples x p
 *       features (float32, stored; written once into a temp folder and reused), with its peak resident memory; beside
 *       the same matrix computed in this process by a plain reference (each layer converted to float64, centred, its
 *       Gram a float64 product of the full matrices, all pairs from one product of the stacked Grams), and beside the
 *       sgemm floor: the L Gram products' 2 L n<sup>2</sup> p flops at the float32 matrix-product speed measured now on
 *       one layer's Gram;</li>
 *   <li><b>GradNorm</b>: one full forward and backward pass (batch B, train-mode BatchNorm, mean cross-entropy), one
 *       GradNorm score of the whole network (the pass plus zeroing and the norm), and the candidates per second of a
 *       search that scores every one-layer removal in each third of the layers.</li>
 * </ul>
 * Options make every size smaller, for a quick smoke run. The machine's load average is printed at the start and the
 * end: the numbers mean little on a busy machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "The speed benchmark.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "24", description = "CKA: layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--samples", defaultValue = "1024", description = "CKA: samples n (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--features", defaultValue = "8192", description = "CKA: features p (default: ${DEFAULT-VALUE})")
    int features;

    @Option(names = "--models", split = ",", defaultValue = "resnet20,resnet56,vgg16",
            description = "GradNorm: models (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--batch", defaultValue = "128", description = "GradNorm: batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", description = "best of this many runs (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--only", description = "cka or gradnorm: run one part")
    String only;

    @Option(names = "--dir", description = "where the generated .npz goes (default: <temp>/sglp-bench)")
    Path dir;

    private Bench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, java %s, %s %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), load());
        if (only == null || only.equals("cka")) {
            cka();
        }
        if (only == null || only.equals("gradnorm")) {
            for (String model : models) {
                gradNorm(model);
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", load());
        return 0;
    }

    private void cka() throws IOException, InterruptedException {
        Path folder = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "sglp-bench");
        Path npz = folder.resolve(String.format(Locale.ROOT, "cka-%dx%dx%d.npz", layers, samples, features));
        if (!Files.exists(npz)) {
            Files.createDirectories(folder);
            long start = System.nanoTime();
            generate(npz);
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", npz, seconds(start));
        }
        double gflop = 2.0 * layers * samples * (double) samples * features / 1e9;
        System.out.printf(Locale.ROOT, "CKA, %d layers x %d samples x %d features (%s, %.0f MB float32, stored):%n",
                layers, samples, features, npz.getFileName(), Files.size(npz) / 1e6);
        Path csv = Files.createTempFile(folder, "cka-", ".csv");
        double[] child = runChild("cka", "--activations", npz.toString(), "--out", csv.toString());
        double command = child[0];
        System.out.printf(Locale.ROOT, "  sglp cka, whole process (child JVM): %.2f s (%.2f s inside the JVM; %.1f s of"
                + " processor time), peak resident %.0f MB%n", command, child[1], child[3], child[2] / 1024);
        long start = System.nanoTime();
        double[][] reference = reference(npz);
        double referenceSeconds = seconds(start);
        System.out.printf(Locale.ROOT, "  reference in this process (DJL float64 products of the full matrices): "
                + "%.2f s; the command takes %.2fx its time%n", referenceSeconds, command / referenceSeconds);
        double rate = sgemmGflops();
        System.out.printf(Locale.ROOT, "  sgemm: %.1f GFLOP/s (one layer's Gram, %dx%d by its transpose, best of %d);"
                + " floor %.0f GFLOP / %.1f = %.2f s; the command takes %.2fx the floor%n", rate, samples, features,
                repeats, gflop, rate, gflop / rate, command / (gflop / rate));
        SimilarityMatrix ours = SimilarityMatrix.readCsv(csv);
        double worst = 0;
        for (int i = 0; i < layers; i++) {
            for (int j = 0; j < layers; j++) {
                worst = Math.max(worst, Math.abs(ours.get(i, j) - reference[i][j]));
            }
        }
        System.out.printf(Locale.ROOT, "  largest difference between the command's matrix and the reference: %.2g%n",
                worst);
        Files.deleteIfExists(csv);
    }

    /** Layers of ReLU activations that share a common part, so that their CKA is neither 0 nor 1. */
    private void generate(Path npz) throws IOException {
        StateDict acts = new StateDict();
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray base = m.randomNormal(new Shape(samples, features));
            for (int l = 0; l < layers; l++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    float share = 1f - (float) l / layers;
                    NDArray x = base.mul(share).add(m.randomNormal(new Shape(samples, features)).mul(1 - share))
                            .add(0.2f).maximum(0f);
                    acts.put(String.format(Locale.ROOT, "layer%02d", l),
                            Tensor.ofFloats(new long[] {samples, features}, x.toFloatArray()));
                }
            }
        }
        acts.write(npz);
    }

    /** Runs {@link Measured} in a child JVM: {wall seconds, seconds inside the JVM, peak KiB, processor seconds}. */
    private double[] runChild(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx8g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), Measured.class.getName()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        double wall = seconds(start);
        String line = err.lines().filter(l -> l.startsWith(Measured.PREFIX)).findFirst().orElse(null);
        if (status != 0 || line == null) {
            throw new IllegalStateException("the child " + command + " failed with status " + status + ":\n" + err);
        }
        String[] parts = line.substring(Measured.PREFIX.length()).split(", ");
        double[] result = {wall, 0, 0, 0};
        for (int k = 1; k < 4; k++) {
            result[k] = Double.parseDouble(parts[k].split(" ")[1]);
        }
        return result;
    }

    /** Linear CKA, biased, by float64 products of the full matrices. */
    private static double[][] reference(Path npz) throws IOException {
        try (Npz.Reader reader = Npz.Reader.open(npz); NDManager m = NDManager.newBaseManager()) {
            NDList grams = new NDList();
            reader.forEach(a -> {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = m.create(a.data(), new Shape(a.shape()), DataType.FLOAT32)
                            .reshape(a.shape()[0], -1).toType(DataType.FLOAT64, true);
                    NDArray c = x.sub(x.mean(new int[] {0}, true));
                    NDArray gram = c.matMul(c.transpose()).reshape(-1);
                    NDScope.unregister(gram);
                    grams.add(gram);
                }
            });
            NDArray stacked = NDArrays.stack(grams);
            grams.close();
            double[] hsic = stacked.matMul(stacked.transpose()).toDoubleArray();
            int l = (int) stacked.getShape().get(0);
            double[][] cka = new double[l][l];
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < l; j++) {
                    cka[i][j] = hsic[i * l + j] / Math.sqrt(hsic[i * l + i] * hsic[j * l + j]);
                }
            }
            return cka;
        }
    }

    /** The float32 matrix-product speed on one layer's Gram, best of {@link #repeats}. */
    private double sgemmGflops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(samples, features));
            NDArray t = x.transpose();
            double best = best(() -> {
                x.matMul(t).close();
                return null;
            });
            return 2.0 * samples * samples * (double) features / best / 1e9;
        }
    }

    private void gradNorm(String model) {
        Architecture architecture = Architectures.byName(model, 10);
        try (Network net = Network.create(architecture, 0); NDManager m = net.manager().newSubManager()) {
            m.getEngine().setRandomSeed(2);
            int side = architecture.inputSize();
            NDArray x = m.randomNormal(new Shape(batch, architecture.inputChannels(), side, side));
            NDArray y = m.randomInteger(0, architecture.numClasses(), new Shape(batch), DataType.INT64);
            double pass = best(() -> {
                try (NDManager scope = net.manager().newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray input = x.get(":");  // a view owned by the scope, so that the pass's arrays are too
                    NDArray labels = y.get(":");
                    input.attach(scope);
                    labels.attach(scope);
                    NDArray logits = net.forward(input, ForwardMode.SCORING, Set.of(), null);
                    collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels),
                            new NDList(logits)));
                }
                return null;
            });
            double score = best(() -> GradNorm.score(net, x, y, Set.of(), GradNorm.Variant.GLOBAL_L2));
            List<Segment> thirds = thirds(architecture.layers().size());
            int[] keep = thirds.stream().mapToInt(s -> s.size() - 1).toArray();
            SearchResult r = GradNormSearch.builder().optKeepPerSegment(keep).optSeed(0).build()
                    .search(net, thirds, x, y);
            double perCandidate = 1 / r.candidatesPerSecond();
            System.out.printf(Locale.ROOT, "GradNorm %s, batch %d: full forward+backward %.3f s; GradNorm of the whole"
                    + " network %.3f s (%.2fx the pass); search: %d candidates at %.2f/s, %.3f s each (%.2fx the"
                    + " pass)%n", model, batch, pass, score, score / pass, r.candidates().size(),
                    r.candidatesPerSecond(), perCandidate, perCandidate / pass);
        }
    }

    private static List<Segment> thirds(int layers) {
        List<Segment> thirds = new ArrayList<>();
        int first = 0;
        for (int s = 1; s <= 3; s++) {
            int last = s * layers / 3 - 1;
            thirds.add(new Segment(first, last));
            first = last + 1;
        }
        return thirds;
    }

    /** The best time of {@link #repeats} runs after two untimed warm-up runs (engine caches, first allocations). */
    private double best(Supplier<?> run) {
        run.get();
        run.get();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            run.get();
            best = Math.min(best, seconds(start));
        }
        return best;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
