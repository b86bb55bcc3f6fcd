package sglp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.llm.PruneMethod;
import sglp.options.CandidateLimitOption;
import sglp.options.KeepOption;
import sglp.options.LlmModelOptions;
import sglp.options.PruneMethodWords;
import sglp.options.SeedOption;
import sglp.options.SeedsOption;
import sglp.options.SegmentOption;
import sglp.options.WindowOptions;
import sglp.pipeline.LlmModelCard;
import sglp.pipeline.LlmSeedSummary;
import sglp.pipeline.LlmSession;
import sglp.pipeline.ResultsFolder;
import sglp.progress.Progress;
import sglp.zeroshot.TaskFormat;

/**
 * What {@code sglp llm run} and {@code sglp llm compare} share: a model, CKA, segments, SGLP's search and every
 * method on one budget over seeds, then (for {@code run}) LoRA, written as a results folder.
 */
abstract class LlmPipelineCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.Results.class,
            description = "results folder (default: runs/llm-<model>-<time>)")
    Path out;

    @Mixin
    LlmModelOptions model;

    @Option(names = "--task", paramLabel = "NAME=PATH", description = "a zero-shot task file or folder, repeatable: "
            + "piqa|hellaswag|arc_easy|arc_challenge|openbookqa|winogrande|mmlu|cmmlu=PATH")
    List<String> tasks = List.of();

    @Option(names = "--task-items", paramLabel = "N", defaultValue = "0", description = "items per task, 0: all (default "
            + "${DEFAULT-VALUE})")
    int taskItems;

    @Option(names = "--sequences", paramLabel = "N", defaultValue = "128", description = "calibration sequences (default "
            + "${DEFAULT-VALUE})")
    int sequences;

    @Mixin
    SegmentOption segments;

    @Mixin
    KeepOption keep;

    @Option(names = "--methods", paramLabel = "LIST", split = ",", converter = PruneMethodWords.class,
            description = "methods to compare, of sglp|sglp-noseg|sglp-random|random|l1|l2|shortgpt|angular|oneshot "
                    + "(ppl1: oneshot) (default: llm run random,l1,l2,shortgpt,angular,sglp, the paper's Table 4; "
                    + "llm compare all)")
    List<PruneMethod> methods;

    @Mixin
    SeedsOption seeds;

    @Mixin
    WindowOptions windows;

    @Mixin
    SeedOption seed;

    @Mixin
    CandidateLimitOption candidateLimit;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        List<PruneMethod> chosen = methods == null ? defaultMethods() : methods;
        Progress progress = ConsoleProgress.create();
        try (LlmSession s = new LlmSession(seed.seed(), windows.windowing(), progress)
                .withRuntime(runtime.runtime()).withCandidateLimit(candidateLimit.candidateLimit())) {
            LlmModelCard card = model.open(s);
            for (String task : tasks) {
                int eq = task.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--task: expected NAME=PATH, found '" + task + "'");
                }
                s.addTask(TaskFormat.byName(task.substring(0, eq)).read(Path.of(task.substring(eq + 1))));
            }
            ConsoleProgress.finish(progress);
            say("model: %d decoder layers, %,d parameters (%s); held-out perplexity %.2f", card.layers(),
                    card.parameters(), card.origin(), card.heldOut().ppl());
            s.cka(sequences);
            var seg = s.segment(segments.k());
            say("segments: %s", seg.describe());
            int m = keep.keep() != null ? keep.keep() : LlmSession.defaultKeep(card.layers(), seg.k());
            var search = s.search(m);
            ConsoleProgress.finish(progress);
            say("SGLP keeps %d of %d layers: %s", m, card.layers(), search.kept());
            s.compare(chosen, taskItems, seeds.seeds(LlmSession.SEEDS));
            ConsoleProgress.finish(progress);
            Path dir = out != null ? out : Path.of("runs", "llm-" + card.folder().getFileName() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            tune(s, progress);
            ConsoleProgress.finish(progress);
            System.out.println(s.comparison().table().print());
            s.comparison().winners().forEach((measure, method) -> say("best %s: %s", measure, method));
            LlmSeedSummary overSeeds = s.seedSummary();
            if (overSeeds != null) {
                System.out.println(overSeeds.table().print());
                overSeeds.winners().forEach((measure, method) -> say("best %s, mean over %d seeds: %s", measure,
                        overSeeds.runs(method).size(), method));
            }
            List<Path> files = ResultsFolder.write(s, dir, (System.nanoTime() - start) / 1e9);
            say("wrote %d files to %s; open %s for everything", files.size(), dir.toAbsolutePath(),
                    dir.resolve("report.html"));
        } finally {
            ConsoleProgress.finish(progress);
        }
        return 0;
    }

    /** @return the methods compared when --methods is not given */
    abstract List<PruneMethod> defaultMethods();

    /**
     * What follows the comparison: {@code run} tunes the SGLP-pruned model with LoRA, {@code compare} nothing.
     *
     * @param session the session, compared
     * @param progress where progress goes
     */
    abstract void tune(LlmSession session, Progress progress);

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
