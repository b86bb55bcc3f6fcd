package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;
import sglp.progress.Progress;
import sglp.score.GradNormSearch;
import sglp.select.SegmentSearch;

/** A sweep keeps each point as it completes and, started again, runs only the points it does not have. */
class SweepTest {

    @TempDir
    Path dir;

    /** A point's rows without their wall times. */
    private static List<String> measures(Sweep.Point p) {
        return p.comparison().rows().stream().map(r -> r.method() + r.kept() + r.pruned() + r.params()).toList();
    }

    @Test
    void aSweepStartedAgainRunsOnlyThePointsItLacks() throws Exception {
        CompareSettings base = new CompareSettings(List.of("random", "l1"), new SearchSettings(null,
                GradNormSearch.Mode.CONTEXT, 16), 3, 1, new CkaSettings(32, 32, Estimator.BIASED, CkaKernel.LINEAR),
                SegmentSearch.DEFAULT_LIMIT, 0, new TrainSettings(0, 64, 0.01), null);
        SweepSettings settings = new SweepSettings(SweepSettings.Option.KEEP, List.of(3, 5), base);
        List<List<Integer>> given = new ArrayList<>();
        SweepExecutor recording = (jobs, job) -> {
            given.add(jobs.stream().map(SweepJob::value).toList());
            SweepExecutor.LOCAL.run(jobs, job);
        };
        try (Session s = new Session(0, Progress.NONE)) {
            s.useMnist(256, 100);
            s.trainModel("resnet20", 1, 64, 0.1);
            Sweep first = s.sweep(settings, dir, recording);
            assertEquals(List.of(3, 5), first.points().stream().map(Sweep.Point::value).toList());
            assertEquals(5, first.points().get(1).comparison().rows().get(0).kept().size());
            assertTrue(Files.isRegularFile(dir.resolve("points/keep=3.json")));
            assertEquals(4, first.table().rowCount(), "two points, two methods");

            Sweep again = s.sweep(settings, dir, recording);
            Files.delete(dir.resolve("points/keep=5.json"));
            Sweep resumed = s.sweep(settings, dir, recording);
            assertEquals(List.of(List.of(3, 5), List.of(), List.of(5)), given);
            assertEquals(first.table().print(), again.table().print().replace("\r", ""),
                    "read back as it was written");
            assertEquals(measures(first.points().get(1)), measures(resumed.points().get(1)),
                    "the same point again: the same layers and accuracies");

            SweepSettings other = new SweepSettings(SweepSettings.Option.KEEP, List.of(3), base.withK(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.sweep(other, dir, SweepExecutor.LOCAL));
            assertTrue(e.getMessage().startsWith(dir.resolve("points/keep=3.json") + ": a point of another sweep"),
                    e.getMessage());
        }
    }
}
