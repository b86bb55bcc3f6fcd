package sglp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.cka.Estimator;
import sglp.cka.Kernel;
import sglp.model.Architectures;
import sglp.pipeline.Progress;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.Session;
import sglp.score.GradNormSearch;

/** {@code sglp run}: the whole pipeline, by default on ResNet-20 trained on the MNIST digits. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole SGLP pipeline: data, model (trained here and cached, or --weights), CKA, Fisher "
                + "segments, GradNorm search, prune, fine-tune; writes CSV tables, HTML figures, report.html and "
                + "manifest.json into --out.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.Results.class,
            description = "results folder (default: runs/<model>-<data>-<time>)")
    Path out;

    @Option(names = "--model", defaultValue = "resnet20", description = "model (default: ${DEFAULT-VALUE}); see "
            + "'sglp models'")
    String model;

    @Option(names = "--weights", description = "pretrained PyTorch state dict instead of training here")
    Path weights;

    @Mixin
    DataOptions data;

    @Option(names = "--epochs", defaultValue = "4", description = "training epochs when no --weights "
            + "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--finetune-epochs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int finetuneEpochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", description = "training learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--finetune-lr", defaultValue = "0.01", description = "(default: ${DEFAULT-VALUE})")
    double finetuneLr;

    @Option(names = "--cka-samples", defaultValue = "256", description = "calibration images (default: "
            + "${DEFAULT-VALUE})")
    int ckaSamples;

    @Option(names = "--cka-batch", defaultValue = "256", description = "images per probe pass; HSIC is summed "
            + "over passes (default: ${DEFAULT-VALUE})")
    int ckaBatch;

    @Option(names = "--estimator", defaultValue = "biased", description = "biased|debiased (default: "
            + "${DEFAULT-VALUE})")
    String estimator;

    @Option(names = "--k", defaultValue = "3", description = "segments (default: ${DEFAULT-VALUE}; the paper uses "
            + "5 for ResNet-56)")
    int k;

    @Option(names = "--keep", description = "prunable layers to keep (default: half of them, at least k)")
    Integer keep;

    @Option(names = "--mode", defaultValue = "paper", description = "paper|context (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--search-batch", defaultValue = "128", description = "images of the GradNorm batch, at "
            + "least 2 (default: ${DEFAULT-VALUE})")
    int searchBatch;

    @Option(names = "--seed", defaultValue = "0", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (searchBatch < 2) {
            throw new IllegalArgumentException("--search-batch: expected at least 2 images (BatchNorm runs in training "
                    + "mode while scoring and normalizes with the batch's statistics), found " + searchBatch);
        }
        long start = System.nanoTime();
        Estimator ckaEstimator = Choices.parse("--estimator", estimator, Estimator.class);
        GradNormSearch.Mode searchMode = Choices.parse("--mode", mode, GradNormSearch.Mode.class);
        Progress progress = ConsoleProgress.create();
        try (Session s = new Session(seed, progress)) {
            data.load(s);
            say("data: %s, %d training and %d test images", s.options().get("data"), s.trainImages().size(),
                    s.testImages().size());
            if (weights != null) {
                s.loadModel(Architectures.byName(model, s.trainImages().classes().size()), weights);
            } else {
                s.trainModel(model, epochs, batchSize, lr);
            }
            say("model: %s, top-1 %.2f%%", s.pretrained().architecture().name(), 100 * s.accuracyBefore());
            s.cka(ckaSamples, ckaBatch, ckaEstimator, Kernel.LINEAR);
            var seg = s.segment(k);
            say("segments (k=%d): %s", k, seg.segments().stream()
                    .map(g -> seg.names().get(g.first()) + (g.size() > 1 ? ".." + seg.names().get(g.last()) : ""))
                    .collect(Collectors.joining(" | ")));
            int layers = s.pretrained().architecture().layers().size();
            int m = keep != null ? keep : Math.max(k, (layers + 1) / 2);
            var search = s.search(m, searchMode, searchBatch);
            say("kept %d of %d layers: %s", m, layers, search.keptLayers());
            s.prune(null);
            say("pruned: top-1 %.2f%% before fine-tuning", 100 * s.accuracyPruned());
            s.finetune(finetuneEpochs, batchSize, finetuneLr);
            ConsoleProgress.finish(progress);
            System.out.println(s.summary().table().print());
            Path dir = out != null ? out : defaultOut(s);
            List<Path> files = ResultsFolder.write(s, dir, (System.nanoTime() - start) / 1e9);
            say("wrote %d files to %s", files.size(), dir.toAbsolutePath());
            say("  tables: %s/*.csv   figures: %s/*.html   everything: %s   manifest: %s", dir, dir,
                    dir.resolve("report.html"), dir.resolve("manifest.json"));
        }
        return 0;
    }

    private Path defaultOut(Session s) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", s.pretrained().architecture().name() + "-" + s.options().get("data") + "-" + time);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
