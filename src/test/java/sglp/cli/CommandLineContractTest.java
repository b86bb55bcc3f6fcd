package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.cka.Cka;
import sglp.io.DType;
import sglp.io.Npz;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.score.GradNorm;

/** The file contracts of the command line, which other tools rely on, and its error messages. */
class CommandLineContractTest {

    @TempDir
    Path dir;

    @Test
    void ckaWritesTheMatrixWithAHeaderOfLayerNames() throws Exception {
        Random r = new Random(3);
        double[][] a = gaussian(r, 40, 12);
        double[][] b = gaussian(r, 40, 7);
        StateDict acts = new StateDict().put("blockA", floats(a)).put("blockB", floats(b));
        Path npz = dir.resolve("acts.npz");
        acts.write(npz);
        Path csv = dir.resolve("s.csv");
        assertEquals(0, run("cka", "--activations", npz.toString(), "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("blockA,blockB", lines.get(0));
        assertEquals(3, lines.size());
        double ab = Double.parseDouble(lines.get(1).split(",")[1]);
        assertEquals(Cka.linear(a, b), ab, 1e-5);
        assertEquals(1.0, Double.parseDouble(lines.get(2).split(",")[1]), 1e-9);
    }

    @Test
    void ckaReadsCompressedArchivesAndOtherTypesLikeStoredFloat32() throws Exception {
        Random r = new Random(4);
        double[][] a = gaussian(r, 30, 9);
        double[][] b = gaussian(r, 30, 40);
        Path stored = dir.resolve("stored.npz");
        Path deflated = dir.resolve("deflated.npz");
        Path f64 = dir.resolve("f64.npz");
        new StateDict().put("a", floats(a)).put("b", floats(b)).write(stored);
        Npz.writeCompressed(deflated, new StateDict().put("a", floats(a)).put("b", floats(b)));
        new StateDict().put("a", floats(a).as(DType.F64)).put("b", floats(b).as(DType.F16)).write(f64);
        List<String> expected = null;
        for (Path in : List.of(stored, deflated, f64)) {
            Path csv = dir.resolve(in.getFileName() + ".csv");
            assertEquals(0, run("cka", "--activations", in.toString(), "--out", csv.toString()));
            List<String> lines = Files.readAllLines(csv);
            double ab = Double.parseDouble(lines.get(1).split(",")[1]);
            assertEquals(Cka.linear(a, b), ab, in == f64 ? 1e-3 : 1e-6, in.toString());
            if (expected == null) {
                expected = lines;
            } else if (in == deflated) {
                assertEquals(expected, lines, "the same bytes give the same matrix");
            }
        }
    }

    @Test
    void segmentWritesTheJsonContract() throws Exception {
        Path csv = dir.resolve("s.csv");
        StringBuilder text = new StringBuilder("l0,l1,l2,l3,l4\n");
        int[] block = {0, 0, 1, 1, 1};
        for (int i = 0; i < 5; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 5; j++) {
                row.append(j > 0 ? "," : "").append(i == j ? "1" : block[i] == block[j] ? "0.9" : "0.1");
            }
            text.append(row).append('\n');
        }
        Files.writeString(csv, text);
        Path json = dir.resolve("seg.json");
        assertEquals(0, run("segment", "--similarity", csv.toString(), "--k", "2", "--out", json.toString()));
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, o.get("k").getAsInt());
        assertEquals("[[0,1],[2,4]]", o.get("segments").toString());
        assertEquals(5, o.getAsJsonArray("lossByK").size());
        assertTrue(o.has("loss"));
    }

    @Test
    void ckaRefusesEmptyAndNonFiniteActivationsNamingFileAndArray() throws Exception {
        Path empty = dir.resolve("empty.npz");
        new StateDict().put("a", Tensor.ofFloats(new long[] {0, 4}, new float[0])).write(empty);
        assertTrue(refused("cka", "--activations", empty.toString(), "--out", dir.resolve("s.csv").toString())
                .contains(empty + ": array 'a': expected at least 1 sample, found 0"));
        float[] values = new float[12];
        values[6] = Float.POSITIVE_INFINITY;
        Path inf = dir.resolve("inf.npz");
        new StateDict().put("a", Tensor.ofFloats(new long[] {3, 4}, new float[12]))
                .put("b", Tensor.ofFloats(new long[] {3, 4}, values)).write(inf);
        assertTrue(refused("cka", "--activations", inf.toString(), "--out", dir.resolve("s.csv").toString())
                .contains(inf + ": array 'b': expected finite numbers, found Infinity at index [1, 2]"));
        assertTrue(!Files.exists(dir.resolve("s.csv")));
    }

    @Test
    void segmentReadsSpreadsheetCsvAndRefusesValuesThatAreNoSimilarities() throws Exception {
        Path bom = dir.resolve("bom.csv");
        Files.writeString(bom, "\uFEFFl0,l1,l2\n1,0.9,-0.01\n0.9,1,0.1\n-0.01,0.1,1\n");
        Path json = dir.resolve("seg.json");
        assertEquals(0, run("segment", "--similarity", bom.toString(), "--k", "2", "--out", json.toString()));
        assertTrue(Files.readString(json).contains("[[0,1],[2,2]]"), Files.readString(json));
        Path high = dir.resolve("high.csv");
        Files.writeString(high, "l0,l1\n1,2\n2,1\n");
        assertTrue(refused("segment", "--similarity", high.toString(), "--k", "2", "--out",
                dir.resolve("bad.json").toString()).contains(high + " line 2, column 2 (row 'l0', column 'l1'): "
                + "expected a similarity in [-1, 1], found 2.0"));
        assertTrue(!Files.exists(dir.resolve("bad.json")));
    }

    @Test
    void gradnormOfTheWholeModelMatchesTheLibrary() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        Path batch = dir.resolve("batch.npz");
        Random r = new Random(5);
        float[] x = new float[6 * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        long[] y = {0, 1, 2, 3, 4, 5};
        new StateDict().put("x", Tensor.ofFloats(new long[] {6, 3, 32, 32}, x))
                .put("y", Tensor.ofLongs(new long[] {6}, y)).write(batch);
        double expected;
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 8);
                NDManager m = NDManager.newBaseManager()) {
            Weights.save(net, weights);
            expected = GradNorm.score(net, m.create(x, new Shape(6, 3, 32, 32)), m.create(y), Set.of(),
                    GradNorm.Variant.GLOBAL_L2);
        }
        Path out = dir.resolve("g.json");
        assertEquals(0, run("gradnorm", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                batch.toString(), "--out", out.toString()));
        JsonObject o = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(Set.of("gradNorm"), o.keySet());
        assertEquals(expected, o.get("gradNorm").getAsDouble(), 1e-4 * expected);
    }

    @Test
    void pruneWritesWeightsThatLoadWithTheirArchitecture() throws Exception {
        Path weights = dir.resolve("w.npz");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 8)) {
            Weights.save(net, weights);
        }
        Path out = dir.resolve("pruned.safetensors");
        assertEquals(0, run("prune", "--model", "resnet20", "--weights", weights.toString(), "--kept-layers",
                "layer1.0,layer2.2,layer3.1", "--out", out.toString()));
        Path arch = dir.resolve("pruned.safetensors.architecture.json");
        try (Network p = new ModelOptionsFor(arch, out).load()) {
            assertEquals(List.of("layer1.0", "layer2.2", "layer3.1"), p.architecture().layerNames());
        }
    }

    @Test
    void badInputsGiveOneClearMessageAndStatus2() throws Exception {
        Path batch = dir.resolve("batch.npz");
        new StateDict().put("x", Tensor.ofFloats(new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32]))
                .write(batch);
        Path weights = dir.resolve("w.npz");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 8)) {
            Weights.save(net, weights);
        }
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(err, true), "gradnorm", "--model", "resnet20", "--weights",
                weights.toString(), "--batch", batch.toString(), "--out", dir.resolve("g.json").toString());
        assertEquals(2, status);
        assertTrue(err.toString().contains("batch.npz") && err.toString().contains("'y'"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);

        Path goodBatch = dir.resolve("good.npz");
        new StateDict().put("x", Tensor.ofFloats(new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32]))
                .put("y", Tensor.ofLongs(new long[] {2}, new long[] {0, 1})).write(goodBatch);
        err = new StringWriter();
        status = Main.execute(new PrintWriter(err, true), "gradnorm", "--model", "resnet32", "--weights",
                weights.toString(), "--batch", goodBatch.toString(), "--out", dir.resolve("g.json").toString());
        assertEquals(2, status);
        assertTrue(err.toString().contains("w.npz") && err.toString().contains("missing key 'layer1.3.conv1.weight'")
                && err.toString().contains("expected shape"), err.toString());

        err = new StringWriter();
        status = Main.execute(new PrintWriter(err, true), "segment", "--similarity", "x.csv", "--k", "2", "--out",
                "o.json", "--diamter", "rows");
        assertEquals(2, status);
        assertTrue(err.toString().contains("'--diamter'") && err.toString().contains("Possible solutions: --diameter"), err.toString());
        assertTrue(!Files.exists(dir.resolve("g.json")), "nothing half-written");
    }

    @Test
    void batchesTheModelCannotTakeAreRefusedWithFileFieldExpectedAndFound() throws Exception {
        Path weights = dir.resolve("w.npz");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 8)) {
            Weights.save(net, weights);
        }
        Path empty = batch("empty.npz", new long[] {0, 3, 32, 32}, new float[0], new long[0]);
        for (String command : List.of("gradnorm", "probe")) {
            assertTrue(refused(command, "--model", "resnet20", "--weights", weights.toString(), "--batch",
                    empty.toString(), "--out", dir.resolve("out.json").toString())
                    .contains(empty + ": field 'x': expected at least 1 sample, found 0"), command);
        }
        Path one = batch("one.npz", new long[] {1, 3, 32, 32}, new float[3 * 32 * 32], new long[] {0});
        assertTrue(refused("gradnorm", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                one.toString(), "--out", dir.resolve("g.json").toString()).contains(one + ": field 'x': expected at "
                + "least 2 samples, found 1: BatchNorm runs in training mode in this pass"));
        assertEquals(0, run("probe", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                one.toString(), "--out", dir.resolve("acts.npz").toString()), "one sample is enough for a probe");

        assertTrue(refused("run", "--search-batch", "1", "--out", dir.resolve("run").toString()).contains(
                "search batch: expected at least 2 images (BatchNorm runs in training mode while scoring"),
                "refused before data and training");

        Path labels = batch("labels.npz", new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32], new long[] {0, 10});
        assertTrue(refused("gradnorm", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                labels.toString(), "--out", dir.resolve("g.json").toString()).contains(labels + ": field 'y': "
                + "expected class labels in [0, 10) (resnet20 has 10 classes), found 10 at index 1"));
        assertTrue(refused("search", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                labels.toString(), "--segments", dir.resolve("none.json").toString(), "--keep", "3", "--out",
                dir.resolve("s.json").toString()).contains("found 10 at index 1"), "the batch is checked first");

        Path gray = batch("gray.npz", new long[] {2, 1, 32, 32}, new float[2 * 32 * 32], new long[] {0, 1});
        assertTrue(refused("gradnorm", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                gray.toString(), "--out", dir.resolve("g.json").toString()).contains(gray + ": field 'x': expected "
                + "3 x H x W images for resnet20 (3 channels; built for 3 x 32 x 32), found 1 x 32 x 32"));

        float[] pixels = new float[2 * 3 * 32 * 32];
        pixels[pixels.length - 1] = Float.NaN;
        Path nan = batch("nan.npz", new long[] {2, 3, 32, 32}, pixels, new long[] {0, 1});
        assertTrue(refused("probe", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                nan.toString(), "--out", dir.resolve("a.npz").toString()).contains(nan + ": field 'x': expected "
                + "finite numbers, found NaN at index [1, 2, 31, 31]"));

        Path small = batch("small.npz", new long[] {2, 3, 16, 16}, new float[2 * 3 * 16 * 16], new long[] {0, 1});
        assertTrue(refused("gradnorm", "--model", "vgg16", "--weights", weights.toString(), "--batch",
                small.toString(), "--out", dir.resolve("g.json").toString()).contains(small + ": field 'x': expected "
                + "3 x H x W images with 32 <= H, W <= 63 for vgg16"), "checked before the weights are read");
        assertTrue(!Files.exists(dir.resolve("g.json")) && !Files.exists(dir.resolve("out.json")), "nothing written");
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTheKeyAndIndex() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        float[] head = new float[10 * 64];
        head[64 + 3] = Float.NaN;
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 8)) {
            Weights.stateDict(net).put("fc.weight", Tensor.ofFloats(new long[] {10, 64}, head)).write(weights);
        }
        Path b = batch("b.npz", new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32], new long[] {0, 1});
        assertTrue(refused("gradnorm", "--model", "resnet20", "--weights", weights.toString(), "--batch",
                b.toString(), "--out", dir.resolve("g.json").toString()).contains("w.safetensors: key 'fc.weight': "
                + "expected finite numbers, found NaN at index [1, 3]"));
    }

    /** Writes a batch file. */
    private Path batch(String name, long[] shape, float[] x, long[] y) throws Exception {
        Path file = dir.resolve(name);
        new StateDict().put("x", Tensor.ofFloats(shape, x)).put("y", Tensor.ofLongs(new long[] {y.length}, y))
                .write(file);
        return file;
    }

    /** Runs a command that must be refused: status 2, one message, no stack trace; returns the message. */
    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(err, true), args);
        assertEquals(2, status, err.toString());
        assertTrue(!err.toString().contains("\tat ") && !err.toString().contains("Exception"),
                "no stack trace: " + err);
        return err.toString();
    }

    /** Loads pruned weights the way the commands do. */
    private static final class ModelOptionsFor {
        private final ModelOptions options = new ModelOptions();

        ModelOptionsFor(Path architecture, Path weights) {
            options.architecture = architecture;
            options.weights = weights;
        }

        Network load() {
            return options.load();
        }
    }

    private static int run(String... args) {
        return Main.execute(new PrintWriter(System.err, true), args);
    }

    private static Tensor floats(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return Tensor.ofFloats(new long[] {a.length, a[0].length}, f);
    }

    private static double[][] gaussian(Random r, int n, int p) {
        double[][] a = new double[n][p];
        for (double[] row : a) {
            for (int j = 0; j < p; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return a;
    }
}
