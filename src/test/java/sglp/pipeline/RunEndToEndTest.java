package sglp.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.cka.SimilarityMatrix;
import sglp.cli.Main;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.report.PlotlyJs;
import sglp.segment.Segmentation;

/** The whole pipeline on real MNIST digits at a small size: files, manifest, and the same results for the same seed. */
class RunEndToEndTest {

    private static final String[] SMALL = {"run", "--train-images", "1024", "--test-images", "200", "--epochs", "2",
        "--batch-size", "32", "--finetune-epochs", "1", "--cka-samples", "96", "--cka-batch", "48",
        "--search-batch", "32", "--k", "3", "--keep", "4", "--seed", "7"};

    @Test
    void runWritesTablesFiguresAndManifestAndRepeatsItself(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertEquals(0, run(first));
        assertEquals(0, run(second));

        JsonObject m = JsonParser.parseString(Files.readString(first.resolve("manifest.json"))).getAsJsonObject();
        JsonObject results = m.getAsJsonObject("results");
        assertEquals(7, m.get("seed").getAsLong());
        for (String key : List.of("before", "pruned", "finetuned")) {
            double acc = results.getAsJsonObject("accuracy").get(key).getAsDouble();
            assertTrue(acc >= 0 && acc <= 1, key + " accuracy " + acc);
        }
        assertTrue(results.getAsJsonObject("accuracy").get("before").getAsDouble() > 0.4, results.toString());
        long paramsBefore = results.getAsJsonObject("params").get("before").getAsLong();
        assertEquals(272_474, paramsBefore);
        assertTrue(results.getAsJsonObject("params").get("after").getAsLong() < paramsBefore);
        assertTrue(results.getAsJsonObject("macs").get("after").getAsLong() < 40_813_184);
        assertEquals(4, results.getAsJsonArray("keptLayers").size());
        assertEquals(3, results.getAsJsonArray("removedLayers").size());
        assertTrue(m.getAsJsonObject("options").get("ckaBatch").getAsInt() == 48);
        for (String stage : List.of("data", "pretrain", "cka", "segment", "search", "prune", "finetune", "total")) {
            assertTrue(m.getAsJsonObject("timings").has(stage), stage);
        }
        assertEquals("0.35.1", m.getAsJsonObject("versions").get("djl").getAsString());

        Segmentation seg = Segmentation.fromJson(Files.readString(first.resolve("segments.json")));
        assertEquals(3, seg.k());
        assertEquals(results.getAsJsonArray("segments").toString(), segmentsJson(seg));
        SimilarityMatrix s1 = SimilarityMatrix.readCsv(first.resolve("similarity.csv"));
        assertEquals(7, s1.size());
        for (String page : List.of("report.html", "cka.html", "search.html", "pruned-layers.html", "finetune.html")) {
            String html = Files.readString(first.resolve(page));
            assertEquals(1, count(html, "plotly.js v" + PlotlyJs.VERSION), page);
            assertTrue(html.contains("Plotly.newPlot"), page);
        }
        assertTrue(Files.size(first.resolve("pruned.safetensors")) > 100_000);

        assertEquals(s1, SimilarityMatrix.readCsv(second.resolve("similarity.csv")), "same seed, same CKA");
        assertEquals(Files.readString(first.resolve("search.csv")), Files.readString(second.resolve("search.csv")),
                "same seed, same GradNorm ranking");
        assertEquals(Files.readString(first.resolve("segments.json")), Files.readString(second.resolve("segments.json")));
    }

    @Test
    void runStartsFromGivenWeightsWithoutTraining(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("given.safetensors");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 3)) {
            Weights.save(net, weights);
        }
        Path out = dir.resolve("out");
        assertEquals(0, Main.execute(new PrintWriter(System.err, true), "run", "--weights", weights.toString(),
                "--train-images", "256", "--test-images", "100", "--finetune-epochs", "1", "--batch-size", "64",
                "--cka-samples", "64", "--search-batch", "16", "--keep", "3", "--out", out.toString()));
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("manifest.json"))).getAsJsonObject();
        assertEquals(weights.toString(), m.getAsJsonObject("options").get("weights").getAsString());
        assertTrue(m.getAsJsonObject("timings").has("model") && !m.getAsJsonObject("timings").has("pretrain"));
        assertEquals(3, m.getAsJsonObject("results").getAsJsonArray("keptLayers").size());
        assertTrue(Files.exists(out.resolve("summary.csv")) && !Files.exists(out.resolve("pretrain.csv")));
    }

    private static int run(Path out) {
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + 2);
        args[SMALL.length] = "--out";
        args[SMALL.length + 1] = out.toString();
        return Main.execute(new PrintWriter(System.err, true), args);
    }

    private static String segmentsJson(Segmentation seg) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < seg.segments().size(); i++) {
            b.append(i > 0 ? "," : "").append('[').append(seg.segments().get(i).first()).append(',')
                    .append(seg.segments().get(i).last()).append(']');
        }
        return b.append(']').toString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
