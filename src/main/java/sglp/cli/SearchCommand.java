package sglp.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.InputFiles;
import sglp.io.Tensor;
import sglp.model.ForwardMode;
import sglp.model.Network;
import sglp.options.KeepOption;
import sglp.options.ModeOption;
import sglp.options.SeedOption;
import sglp.pipeline.Session;
import sglp.progress.Progress;
import sglp.score.CandidateScore;
import sglp.score.GradNormSearch;
import sglp.score.SearchResult;
import sglp.segment.Segmentation;

/** {@code sglp search}: GradNorm search inside the segments of a segmentation. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "GradNorm search inside each segment. Output JSON: keptLayers, removedLayers, winners, every "
                + "candidate's score and the search-space sizes.")
final class SearchCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--batch", required = true, description = "training batch .npz with x"
            + " (at least 2 samples: BatchNorm uses the batch's statistics) and y")
    Path batch;

    @Option(names = "--segments", required = true, description = "segments .json (from 'segment')")
    Path segments;

    @Mixin
    KeepOption keep;

    @Mixin
    ModeOption mode;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "search .json")
    Path out;

    @Override
    public Integer call() throws Exception {
        Tensor[] xy = Files2.readBatch(batch, model.architecture(), ForwardMode.SCORING, true);
        Segmentation seg = Segmentation.fromJson(InputFiles.readText(segments,
                "a segments .json written by 'sglp segment'"));
        Progress progress = ConsoleProgress.create();
        int budget = keep.keep() != null ? keep.keep()
                : Session.defaultKeep(model.architecture().layers().size(), seg.k());
        try (Network net = model.load(); NDManager m = net.manager().newSubManager()) {
            SearchResult r = GradNormSearch.builder().optKeep(budget).optSeed(seed.seed()).optMode(mode.mode())
                    .optProgress(progress).build()
                    .search(net, seg.segments(), m.create(xy[0].toFloats(), new Shape(xy[0].shape())),
                            m.create(xy[1].toLongs(), new Shape(xy[1].shape())));
            ConsoleProgress.finish(progress);
            Files2.write(out, toJson(r));
            System.out.println("kept " + r.keptLayers() + "; wrote " + out);
        }
        return 0;
    }

    private static String toJson(SearchResult r) {
        JsonObject o = new JsonObject();
        var gson = new GsonBuilder().setPrettyPrinting().create();
        o.add("keptLayers", gson.toJsonTree(r.keptLayers()));
        o.add("removedLayers", gson.toJsonTree(r.removedLayers()));
        o.add("winners", gson.toJsonTree(r.winners().stream().map(CandidateScore::kept).toList()));
        o.add("candidates", gson.toJsonTree(r.candidates()));
        o.addProperty("searchSpace", r.searchSpace());
        o.addProperty("unsegmentedSpace", r.unsegmentedSpace());
        o.addProperty("seconds", r.seconds());
        return gson.toJson(o) + "\n";
    }
}
