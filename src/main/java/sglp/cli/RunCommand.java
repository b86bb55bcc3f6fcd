package sglp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.options.CkaOptions;
import sglp.options.SearchOptions;
import sglp.options.SegmentOption;
import sglp.options.SessionOptions;
import sglp.pipeline.CkaSettings;
import sglp.pipeline.ResultsFolder;
import sglp.pipeline.SearchSettings;
import sglp.pipeline.Session;
import sglp.pipeline.TrainSettings;
import sglp.progress.Progress;

/** {@code sglp run}: the whole pipeline, by default on ResNet-20 trained on the MNIST digits. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole SGLP pipeline: data, model (trained here and cached, or --weights), CKA, Fisher "
                + "segments, GradNorm search, prune, fine-tune; writes CSV tables, HTML figures, report.html and "
                + "manifest.json into --out.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.Results.class,
            description = "results folder (default: runs/<model>-<data>-<time>)")
    Path out;

    @Mixin
    CkaOptions cka;

    @Mixin
    SegmentOption segments;

    @Mixin
    SearchOptions search;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        CkaSettings similarity = cka.settings();
        SearchSettings searching = search.settings();
        TrainSettings tuning = session.finetune();
        Progress progress = ConsoleProgress.create();
        try (Session s = session.open(progress)) {
            say("data: %s, %d training and %d test images; model: %s, top-1 %.2f%%", s.options().get("data"),
                    s.trainImages().size(), s.testImages().size(), s.pretrained().architecture().name(),
                    100 * s.accuracyBefore());
            s.cka(similarity);
            var seg = s.segment(segments.k());
            say("segments (k=%d): %s", seg.k(), seg.segments().stream()
                    .map(g -> seg.names().get(g.first()) + (g.size() > 1 ? ".." + seg.names().get(g.last()) : ""))
                    .collect(Collectors.joining(" | ")));
            int layers = s.pretrained().architecture().layers().size();
            var result = s.search(searching);
            say("kept %d of %d layers: %s", result.keptLayers().size(), layers, result.keptLayers());
            s.prune(null);
            say("pruned: top-1 %.2f%% before fine-tuning", 100 * s.accuracyPruned());
            s.finetune(tuning);
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
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
