package sglp.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.options.CompareOptions;
import sglp.options.SessionOptions;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.Session;
import sglp.pipeline.Sweep;
import sglp.pipeline.SweepExecutor;
import sglp.pipeline.SweepSettings;
import sglp.progress.Progress;

/** {@code sglp sweep}: one setting varied over values, every method of the comparison at each. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Varies one option over values, everything else fixed, and compares the methods at each value "
                + "(as 'compare' does). Each point's result goes to <out>/points/<option>=<value>.json as soon as it "
                + "is done; a sweep started again on the same folder skips the points already there. Writes "
                + "sweep.csv (one row per point and method), sweep.html, report.html and manifest.json.")
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--option", required = true, paramLabel = "WORD",
            description = "the option to vary: k|keep|search-batch|cka-samples|seed")
    SweepSettings.Option option;

    @Option(names = "--values", required = true, split = ",", paramLabel = "LIST",
            description = "its values, comma-separated, such as 1,2,3,4")
    List<Integer> values;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the sweep's folder (created, or "
            + "an earlier run of the same sweep to finish)")
    Path out;

    @Mixin
    SessionOptions session;

    @Mixin
    CompareOptions compare;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        SweepSettings settings = new SweepSettings(option, values, compare.settings(session.finetune()));
        settings.jobs();
        Progress progress = ConsoleProgress.create();
        try (Session s = session.open(progress)) {
            Sweep sweep = s.sweep(settings, out, SweepExecutor.LOCAL);
            ConsoleProgress.finish(progress);
            System.out.println(sweep.table().print());
            List<Path> files = ResultsFolder.write(s, sweep, out, (System.nanoTime() - start) / 1e9);
            System.out.println(String.format(Locale.ROOT, "wrote %d files and %d points to %s", files.size(),
                    sweep.points().size(), out.toAbsolutePath()));
        }
        return 0;
    }
}
