package sglp.notebook;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sglp.cka.SimilarityMatrix;
import sglp.llm.LlmSglpResult;
import sglp.llm.LoraResult;
import sglp.llm.PruneMethod;
import sglp.options.KeepOption;
import sglp.options.LlmModelOptions;
import sglp.options.LoraOptions;
import sglp.options.PruneMethodWords;
import sglp.options.SeedsOption;
import sglp.options.SegmentOption;
import sglp.pipeline.LlmComparison;
import sglp.pipeline.LlmModelCard;
import sglp.pipeline.LlmSession;
import sglp.pipeline.ResultsFolder;
import sglp.report.PaperTable;
import sglp.report.PaperTables;
import sglp.segment.Segmentation;
import sglp.zeroshot.ChoiceTask;
import sglp.zeroshot.TaskFormat;
import tech.tablesaw.api.Table;

/**
 * {@code %sglp llm <stage>}: SGLP for the LLaMA decoder on the notebook's language-model session
 * ({@link Sglp#llmSession()}), one stage per subcommand, with the options of {@code sglp llm}. The classes only
 * parse, check the order of stages and display: the work is the library's.
 */
@Command(name = "llm", description = "SGLP for a LLaMA decoder, stage by stage, on Sglp.llmSession(): model, "
        + "task, cka, segment, search, compare, lora, table, report, state.",
        subcommands = {SglpLlmCommands.Model.class, SglpLlmCommands.Task.class, SglpLlmCommands.Cka.class,
                SglpLlmCommands.Segment.class, SglpLlmCommands.Search.class, SglpLlmCommands.Compare.class,
                SglpLlmCommands.LoraTuning.class, SglpLlmCommands.Table4.class, SglpLlmCommands.Report.class,
                SglpLlmCommands.State.class})
final class SglpLlmCommands implements Callable<Object> {

    @Override
    public Object call() throws MagicError {
        throw new MagicError("%sglp llm: expected a stage: model, task, cka, segment, search, compare, lora, table, "
                + "report, state (%sglp help llm describes them)");
    }

    private static LlmSession withModel() throws MagicError {
        LlmSession s = Sglp.llmSession();
        SglpCommands.need(s.model(), "no language model yet", "llm model");
        return s;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** {@code %sglp llm model}. */
    @Command(name = "model", description = "The tiny LLaMA trained on the Brown corpus here (once; cached), or a "
            + "Hugging Face folder with --model and your texts. Shows the model's card: size, held-out perplexity "
            + "beside a unigram model's, training loss.")
    static final class Model implements Callable<Object> {
        @Mixin
        LlmModelOptions model;

        @Override
        public Object call() throws MagicError {
            LlmModelCard card = model.open(Sglp.llmSession());
            say("model: %d decoder layers, %,d parameters (%s); held-out perplexity %.2f over %d tokens", card.layers(),
                    card.parameters(), card.origin(), card.heldOut().ppl(), card.heldOut().tokens());
            Notebook.display(card);
            return card;
        }
    }

    /** {@code %sglp llm cka}. */
    @Command(name = "cka", description = "Linear CKA of the decoder layers' token-level hidden states on a seeded "
            + "sample of calibration sequences (padding masked out). Shows the matrix and its heatmap.")
    static final class Cka implements Callable<Object> {
        @Option(names = "--sequences", paramLabel = "N", defaultValue = "128", description = "calibration "
                + "sequences (default: ${DEFAULT-VALUE})")
        int sequences;

        @Override
        public Object call() throws MagicError {
            SimilarityMatrix similarity = withModel().cka(sequences);
            Notebook.display(similarity);
            return similarity;
        }
    }

    /** {@code %sglp llm segment}. */
    @Command(name = "segment", description = "Fisher optimal segmentation of the decoder layers by the CKA matrix. "
            + "Shows the segments, the heatmap with the segments outlined and the loss by k.")
    static final class Segment implements Callable<Object> {
        @Mixin
        SegmentOption segments;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            SglpCommands.need(s.similarity(), "no CKA matrix of the decoder yet", "llm cka");
            Segmentation segmentation = s.segment(segments.k());
            Notebook.display(segmentation.table());
            Notebook.display(segmentation.heatmap(s.similarity()));
            Notebook.display(segmentation.figure());
            return segmentation;
        }
    }

    /** {@code %sglp llm search}. */
    @Command(name = "search", description = "In each segment, the kept layers of least calibration perplexity. "
            + "Shows every candidate's perplexity, segment by segment, and the winners.")
    static final class Search implements Callable<Object> {
        @Mixin
        KeepOption keep;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            Segmentation segmentation = SglpCommands.need(s.segmentation(), "no segments of the decoder yet",
                    "llm segment");
            int layers = s.model().config().numLayers();
            int m = keep.keep() != null ? keep.keep() : LlmSession.defaultKeep(layers, segmentation.k());
            LlmSglpResult result = s.search(m);
            say("keeps %d of %d decoder layers: %s; removes %s", m, layers, result.kept(), result.removed());
            Notebook.display(result);
            return result;
        }
    }

    /** {@code %sglp llm task}. */
    @Command(name = "task", description = "Adds a zero-shot task from your files (PIQA, HellaSwag, ARC, OpenBookQA, "
            + "WinoGrande, MMLU, CMMLU in their public formats); compare and lora score every task.")
    static final class Task implements Callable<Object> {
        @Parameters(paramLabel = "NAME=PATH", description = "piqa|hellaswag|arc_easy|arc_challenge|openbookqa|"
                + "winogrande|mmlu|cmmlu=file or folder")
        String task;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            int eq = task.indexOf('=');
            if (eq < 1) {
                throw new MagicError("%sglp llm task: expected NAME=PATH, found '" + task + "'");
            }
            ChoiceTask read = TaskFormat.byName(task.substring(0, eq)).read(Path.of(task.substring(eq + 1)));
            s.addTask(read);
            say("task %s: %d items; the session scores %s", read.name(), read.items().size(),
                    s.tasks().stream().map(ChoiceTask::name).toList());
            return read;
        }
    }

    /** {@code %sglp llm compare}. */
    @Command(name = "compare", description = "The dense model and every method on the search's budget: held-out "
            + "perplexity and zero-shot accuracy of each, in Table 4's format.")
    static final class Compare implements Callable<Object> {
        @Option(names = "--methods", paramLabel = "LIST", split = ",", converter = PruneMethodWords.class,
                defaultValue = "random,l1,l2,shortgpt,angular,sglp", description = "of sglp|sglp-noseg|sglp-random|"
                + "random|l1|l2|shortgpt|angular|oneshot (ppl1: oneshot) (default: ${DEFAULT-VALUE}, the paper's "
                + "Table 4)")
        List<PruneMethod> methods;

        @Option(names = "--task-items", paramLabel = "N", defaultValue = "0", description = "items per task "
                + "(0: all; default: ${DEFAULT-VALUE})")
        int taskItems;

        @Mixin
        SeedsOption seeds;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            SglpCommands.need(s.searchResult(), "no perplexity search yet", "llm search");
            LlmComparison comparison = s.compare(methods, taskItems, seeds.seeds(LlmSession.SEEDS));
            Notebook.display(comparison);
            if (s.seedSummary() != null) {
                Notebook.display(s.seedSummary());
                s.seedSummary().winners().forEach((measure, method) -> say("best %s, mean over seeds: %s", measure,
                        method));
            }
            return comparison;
        }
    }

    /** {@code %sglp llm lora}. */
    @Command(name = "lora", description = "LoRA fine-tuning of the SGLP-pruned model on the tuning text, merged into "
            + "its weights; adds the SGLP+LoRA row to the comparison. Shows the loss and the comparison.")
    static final class LoraTuning implements Callable<Object> {
        @Mixin
        LoraOptions lora;

        @Option(names = "--task-items", paramLabel = "N", defaultValue = "0", description = "items per task "
                + "(0: all; default: ${DEFAULT-VALUE})")
        int taskItems;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            SglpCommands.need(s.searchResult(), "no perplexity search yet", "llm search");
            LoraResult result = s.lora(lora.lora(s.seed(), Sglp.progress()), taskItems);
            Notebook.display(result);
            Notebook.display(s.comparison());
            return result;
        }
    }

    /** {@code %sglp llm table}. */
    @Command(name = "table", description = "This run's comparison in Table 4's format beside the paper's Table 4 "
            + "(LLaMA-3.1-8B-Instruct, 25%% of the layers removed; not comparable in scale).")
    static final class Table4 implements Callable<Object> {
        @Override
        public Object call() throws MagicError {
            LlmComparison comparison = SglpCommands.need(withModel().comparison(), "no comparison yet",
                    "llm compare");
            Notebook.display(comparison.table());
            PaperTable paper = PaperTables.table(4);
            say("The paper's Table 4: %s", paper.caption());
            Notebook.display(paper);
            return comparison;
        }
    }

    /** {@code %sglp llm report}. */
    @Command(name = "report", description = "Writes the session's results into a folder: CSV tables, HTML figures, "
            + "report.html, manifest.json, and the tuned model after lora. Lists the files.")
    static final class Report implements Callable<Object> {
        @Option(names = "--out", paramLabel = "DIR", description = "results folder (default: runs/llm-<model>-<time>)")
        Path out;

        @Override
        public Object call() throws MagicError {
            LlmSession s = withModel();
            Path dir = out != null ? out : SglpCommands.runFolder("llm-" + s.card().folder().getFileName());
            double seconds = s.timings().values().stream().mapToDouble(Double::doubleValue).sum();
            return SglpCommands.shown(dir, ResultsFolder.write(s, dir, seconds));
        }
    }

    /** {@code %sglp llm state}. */
    @Command(name = "state", description = "The language-model session's state: each stage done or not, with its "
            + "result in short.")
    static final class State implements Callable<Object> {
        @Override
        public Object call() {
            Table state = SessionState.table(Sglp.llmSession());
            Notebook.display(state);
            return state;
        }
    }
}
