package sglp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.cka.SimilarityMatrix;
import sglp.options.SegmentOption;
import sglp.segment.Diameter;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segmentation;

/** {@code sglp segment}: Fisher optimal segmentation of a similarity matrix. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Fisher optimal segmentation of the layers. Output JSON: "
                + "{\"k\":K,\"segments\":[[first,last],...],\"loss\":x,\"lossByK\":[...]} (0-based inclusive).")
final class SegmentCommand implements Callable<Integer> {

    @Option(names = "--similarity", required = true, description = "similarity .csv (from 'cka'): finite values "
            + "in [-1, 1] (the debiased estimator can be slightly negative), symmetric within 1e-6")
    Path similarity;

    @Mixin
    SegmentOption segments;

    @Option(names = "--max-k", description = "largest k of the loss curve (default: min(L, 10), at least k)")
    Integer maxK;

    @Option(names = "--diameter", defaultValue = "rowsum", description = "rowsum|rows (default: ${DEFAULT-VALUE})")
    Diameter diameter;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "segments .json")
    Path out;

    @Override
    public Integer call() {
        SimilarityMatrix s = SimilarityMatrix.readCsv(similarity);
        FisherSegmenter.Builder b = FisherSegmenter.builder().optDiameter(diameter);
        if (maxK != null) {
            b.optMaxK(maxK);
        }
        Segmentation seg = b.build().segment(s, segments.k());
        Files2.write(out, seg.toJson());
        System.out.println("wrote " + out + ": segments " + seg.describe());
        return 0;
    }
}
