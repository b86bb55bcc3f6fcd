package sglp.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sglp.model.Network;
import sglp.report.Figure;
import sglp.score.GradNorm.Variant;
import sglp.score.GradNormSearch.Mode;
import sglp.segment.Segment;
import tech.tablesaw.api.Table;

/** The search: what it enumerates, which weights it scores, what it leaves alone, how it stops and shows itself. */
class GradNormSearchTest {
    private static NDManager manager;
    private static NDArray x;
    private static NDArray y;
    private static Network pretrained;
    private static SearchResult paper;

    @BeforeAll
    static void searchOnce() {
        manager = NDManager.newBaseManager();
        x = Fixtures.images(manager, 8, 2);
        y = Fixtures.labels(manager, 8);
        pretrained = Network.create(Fixtures.RESNET20, 5);
        paper = search(Mode.PAPER, 42);
    }

    @AfterAll
    static void close() {
        pretrained.close();
        manager.close();
    }

    private static SearchResult search(Mode mode, long seed) {
        return GradNormSearch.builder().optMode(mode).optSeed(seed).optKeep(4).build()
                .search(pretrained, Fixtures.SEGMENTS, x, y);
    }

    @Test
    void enumeratesEveryCandidateAndKeepsEachSegmentsArgmax() {
        assertArrayEquals(new int[] {2, 1, 1}, paper.keptPerSegment());
        assertEquals(BigInteger.valueOf(7), paper.searchSpace());
        assertEquals(BigInteger.valueOf(35), paper.unsegmentedSpace());
        assertEquals(7, paper.candidates().size());
        assertEquals(List.of(List.of("layer1.0", "layer1.1"), List.of("layer1.0", "layer1.2"),
                List.of("layer1.1", "layer1.2")), paper.candidates().subList(0, 3).stream().map(CandidateScore::kept).toList());
        assertEquals(List.of("layer1.2"), paper.candidates().get(0).removed());
        for (int s = 0; s < 3; s++) {
            int segment = s;
            CandidateScore best = paper.candidates().stream().filter(c -> c.segment() == segment)
                    .max(Comparator.comparingDouble(CandidateScore::score)).orElseThrow();
            assertEquals(best, paper.winners().get(s));
        }
        assertEquals(4, paper.keptLayers().size());
        assertEquals(3, paper.removedLayers().size());
        assertEquals(paper.layerNames().size(), paper.keptLayers().size() + paper.removedLayers().size());
        assertTrue(paper.candidatesPerSecond() > 0);
        assertEquals(Mode.PAPER, paper.mode());
        assertEquals(Variant.GLOBAL_L2, paper.variant());
    }

    @Test
    void sameSeedSameScoresAndWinnersOtherSeedOtherScores() {
        SearchResult again = search(Mode.PAPER, 42);
        assertEquals(paper.winners().stream().map(CandidateScore::kept).toList(),
                again.winners().stream().map(CandidateScore::kept).toList());
        for (int i = 0; i < paper.candidates().size(); i++) {
            assertEquals(paper.candidates().get(i).score(), again.candidates().get(i).score(), 1e-6);
        }
        assertNotEquals(paper.candidates().get(0).score(), search(Mode.PAPER, 43).candidates().get(0).score());
    }

    @Test
    void vggSearchesGiveByteIdenticalResults() {
        List<Segment> segments = List.of(new Segment(0, 1), new Segment(2, 8));
        try (Network vgg = Network.create(Fixtures.VGG16, 5); NDManager m = NDManager.newBaseManager()) {
            NDArray images = Fixtures.images(m, 2, 6);
            NDArray labels = m.create(new long[] {1, 0});
            List<String> runs = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                SearchResult r = GradNormSearch.builder().optKeepPerSegment(new int[] {1, 7}).optSeed(9).build()
                        .search(vgg, segments, images, labels);
                assertEquals(3, r.candidates().size());
                runs.add(new Gson().toJson(r.candidates()) + new Gson().toJson(r.winners()));
            }
            assertEquals(runs.get(0), runs.get(1));
        }
    }

    @Test
    void paperModeScoresOnRandomWeightsOutsideTheSegmentContextModeOnPretrainedOnes() {
        SearchResult context = search(Mode.CONTEXT, 42);
        CandidateScore p = paper.candidates().get(3);
        CandidateScore c = context.candidates().get(3);
        assertEquals(p.kept(), c.kept());
        assertNotEquals(p.score(), c.score());
        try (Network copy = pretrained.copy()) {
            assertEquals(GradNorm.score(copy, x, y, Set.copyOf(c.removed()), Variant.GLOBAL_L2), c.score(), 1e-6);
        }
        // every segment, the later ones too (their networks are copies of one random network made for the first),
        // scores on a network built afresh: random weights of the paper seed, the segment's layers pretrained
        for (int s = 0; s < paper.segments().size(); s++) {
            int segment = s;
            List<CandidateScore> own = paper.candidates().stream().filter(k -> k.segment() == segment).toList();
            Segment range = paper.segments().get(s);
            List<String> layers = paper.layerNames().subList(range.first(), range.last() + 1);
            for (CandidateScore k : List.of(own.get(0), own.get(own.size() - 1))) {
                try (Network random = Network.create(Fixtures.RESNET20, GradNormScorer.paperModeSeed(42))) {
                    random.copyWeights(pretrained, layers);
                    assertEquals(GradNorm.score(random, x, y, Set.copyOf(k.removed()), Variant.GLOBAL_L2), k.score(),
                            1e-6, "segment " + s + ", removed " + k.removed());
                }
            }
        }
    }

    @Test
    void paperModeRandomWeightsAreNotTheWeightsTrainingStartedFrom() {
        // training with seed 42 starts from Network.create(arch, 42); the paper mode's "random" weights must be
        // independent of that start (METHOD.md section 6), so they come from a stream of the seed of their own
        try (Network trainingStart = Network.create(Fixtures.RESNET20, 42);
                Network paperMode = Network.create(Fixtures.RESNET20, GradNormScorer.paperModeSeed(42))) {
            for (String key : List.of("conv1.weight", "layer1.0.conv1.weight", "fc.weight")) {
                assertNotEquals(java.util.Arrays.toString(trainingStart.parameters().get(key).getArray()
                        .toFloatArray()), java.util.Arrays.toString(paperMode.parameters().get(key).getArray()
                        .toFloatArray()), key);
            }
        }
        assertNotEquals(42, GradNormScorer.paperModeSeed(42));
        assertEquals(GradNormScorer.paperModeSeed(42), GradNormScorer.paperModeSeed(42), "and reproducible");
    }

    @Test
    void thePretrainedNetworkIsLeftUnchanged() {
        Map<String, float[]> before = Fixtures.snapshot(pretrained);
        search(Mode.PAPER, 7);
        search(Mode.CONTEXT, 7);
        Map<String, float[]> after = Fixtures.snapshot(pretrained);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void explicitKeepPerSegmentAndPerLayerVariant() {
        List<Long> done = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        SearchResult r = GradNormSearch.builder().optMode(Mode.CONTEXT).optVariant(Variant.PER_LAYER_SUM)
                .optKeepPerSegment(new int[] {3, 1, 2}).optProgress((task, d, total, m) -> {
                    done.add(d);
                    messages.add(m);
                    assertEquals(4, total);
                }).build().search(pretrained, Fixtures.SEGMENTS, x, y);
        assertEquals(List.of(1L, 2L, 3L, 4L), done);
        assertTrue(messages.get(1).startsWith("segment 2/3: kept layer2.1 -> GradNorm "), messages.get(1));
        assertEquals(4, r.candidates().size());
        assertEquals(List.of("layer1.0", "layer1.1", "layer1.2", r.winners().get(1).kept().get(0), "layer3.1",
                "layer3.2"), r.keptLayers());
        assertEquals(Variant.PER_LAYER_SUM, r.variant());
    }

    @Test
    void interruptionCancelsTheSearch() {
        List<Long> done = new ArrayList<>();
        GradNormSearch s = GradNormSearch.builder().optKeep(4).optProgress((task, d, total, m) -> {
            done.add(d);
            if (d == 2) {
                Thread.currentThread().interrupt();
            }
        }).build();
        try {
            var e = assertThrows(CancellationException.class, () -> s.search(pretrained, Fixtures.SEGMENTS, x, y));
            assertTrue(e.getMessage().contains("after 2 of 7"), e.getMessage());
            assertEquals(List.of(1L, 2L), done);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badSettingsAreRejected() {
        var neither = assertThrows(IllegalStateException.class, () -> GradNormSearch.builder().build());
        assertTrue(neither.getMessage().contains("found neither"), neither.getMessage());
        assertThrows(IllegalStateException.class,
                () -> GradNormSearch.builder().optKeep(3).optKeepPerSegment(new int[] {1, 1, 1}).build());
        GradNormSearch s = GradNormSearch.builder().optKeep(4).build();
        var gap = assertThrows(IllegalArgumentException.class,
                () -> s.search(pretrained, List.of(new Segment(0, 2), new Segment(4, 6)), x, y));
        assertTrue(gap.getMessage().contains("expected a segment starting at layer 3"), gap.getMessage());
        var shortCover = assertThrows(IllegalArgumentException.class,
                () -> s.search(pretrained, List.of(new Segment(0, 2), new Segment(3, 5)), x, y));
        assertTrue(shortCover.getMessage().contains("to end at layer 6"), shortCover.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradNormSearch.builder().optKeep(2).build()
                .search(pretrained, Fixtures.SEGMENTS, x, y));
    }

    @Test
    void tableListsEveryCandidateWithRanksAndWinners() {
        Table t = paper.table();
        assertEquals(7, t.rowCount());
        assertEquals(List.of("segment", "kept", "removed", "score", "rank", "winner"), t.columnNames());
        int winners = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            boolean winner = t.booleanColumn("winner").get(i);
            assertEquals(winner, t.intColumn("rank").get(i) == 1);
            winners += winner ? 1 : 0;
        }
        assertEquals(3, winners);
        assertEquals(1, t.intColumn("segment").get(0));
    }

    @Test
    void figureHasOneBarPerCandidateWithTheWinnersHighlighted() {
        Figure f = paper.figure();
        assertEquals(3, f.data().size());
        int bars = 0;
        int red = 0;
        for (JsonElement e : f.data()) {
            JsonObject trace = e.getAsJsonObject();
            assertEquals("bar", trace.get("type").getAsString());
            var colors = trace.getAsJsonObject("marker").getAsJsonArray("color");
            bars += trace.getAsJsonArray("y").size();
            for (JsonElement c : colors) {
                red += c.getAsString().equals("#d62728") ? 1 : 0;
            }
            assertEquals("#d62728", colors.get(0).getAsString(), "the best bar comes first and is the winner");
        }
        assertEquals(7, bars);
        assertEquals(3, red);
        assertTrue(f.layout().has("xaxis3"));
    }

    @Test
    void searchSpaceTableComparesWithAndWithoutSegmentation() {
        Table t = paper.searchSpaceTable();
        assertEquals(6, t.rowCount());
        assertEquals(List.of("3", "2", "2", "7", "35", "5.000x"), t.stringColumn("candidates").asList());
        assertEquals(7, t.intColumn("layers").get(4));
        assertEquals(4, t.intColumn("kept").get(3));
        assertEquals(5.0, paper.reductionFactor(), 1e-12);
    }

    @Test
    void resultArraysAreDefensiveCopies() {
        int[] kept = paper.keptPerSegment();
        kept[0] = 99;
        assertEquals(2, paper.keptPerSegment()[0]);
        int[] m = {2, 1, 1};
        SearchResult r = new SearchResult(paper.layerNames(), paper.segments(), m, paper.candidates(), paper.winners(),
                paper.searchSpace(), paper.unsegmentedSpace(), 1, Mode.PAPER, Variant.GLOBAL_L2, 42);
        m[0] = 99;
        assertFalse(r.keptPerSegment()[0] == 99);
    }
}
