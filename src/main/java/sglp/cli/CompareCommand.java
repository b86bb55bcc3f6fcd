package sglp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.options.CompareOptions;
import sglp.options.SessionOptions;
import sglp.pipeline.CompareSettings;
import sglp.pipeline.Comparison;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.Session;
import sglp.progress.Progress;

/** {@code sglp compare}: every chosen layer-selection method on one pretrained CNN, one budget, over seeds. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares layer-selection methods (sglp, sglp-noseg, sglp-random, random, l1, l2, shortgpt, "
                + "angular, oneshot) on the same pretrained model, budget and recovery recipe over seeds: top-1 "
                + "accuracy right after pruning, after BatchNorm recalibration and after fine-tuning. Writes "
                + "comparison.csv (method,seed,removed,kept,acc_pruned,acc_recalibrated,acc_finetuned,params,macs,"
                + "select_seconds), comparison-summary.csv, dense.json, comparison.html, report.html and manifest.json "
                + "into --out.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.Results.class,
            description = "results folder (default: runs/compare-<model>-<data>-<time>)")
    Path out;

    @Mixin
    CompareOptions compare;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        CompareSettings settings = compare.settings(session.finetune());
        Progress progress = ConsoleProgress.create();
        try (Session s = session.open(progress)) {
            Comparison c = s.compare(settings);
            ConsoleProgress.finish(progress);
            System.out.println(c.summary().print());
            c.winners().forEach((stage, method) -> say("best %s: %s (%.1f%% mean over %d seeds)", stage, method,
                    100 * c.mean(method, stage), c.rows(method).size()));
            Path dir = out != null ? out : Path.of("runs", "compare-" + s.pretrained().architecture().name() + "-"
                    + s.options().get("data") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            List<Path> files = ResultsFolder.write(s, dir, (System.nanoTime() - start) / 1e9);
            say("wrote %d files to %s; open %s for everything", files.size(), dir.toAbsolutePath(),
                    dir.resolve("report.html"));
        }
        return 0;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
