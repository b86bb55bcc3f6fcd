package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import sglp.cka.SimilarityMatrix;
import sglp.segment.FisherSegmenter;
import sglp.segment.Segment;
import sglp.select.Candidates;
import sglp.select.Selectors;

/** SGLP on a small random decoder: the candidates, the winners and their perplexity. */
class LlmSglpTest {

    private static List<long[]> calibration() {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(Fixtures.tokens(5 + 3 * i, 40, 10 + i));
        }
        return out;
    }

    @Test
    void onlyRealTokensAreSamples() {
        try (LlamaModel model = LlamaModel.create(LlamaConfig.tiny(40).withNumLayers(2), 1)) {
            long[] rows = new long[3];
            TokenStates.run(model, calibration(), 4, states -> {
                for (int i = 0; i < 3; i++) {
                    rows[i] += states.get(i).getShape().get(0);
                }
            });
            long tokens = calibration().stream().mapToLong(s -> s.length).sum();
            assertArrayEquals(new long[] {tokens, tokens, tokens}, rows);
        }
    }

    @Test
    void eachSegmentKeepsTheSubsetOfLeastPerplexity() {
        Perplexity.Windowing windowing = new Perplexity.Windowing(16, 8);
        LlamaConfig config = LlamaConfig.tiny(40).withNumLayers(6);
        try (LlamaModel model = Fixtures.randomModel(config, 2, 0.1)) {
            LlmSglpResult r = LlmSglp.builder().optK(2).optBatchSize(3).optWindowing(windowing).build()
                    .prune(model, calibration(), 3);
            List<Segment> segments = r.segmentation().segments();
            int[] perSegment = r.keptPerSegment().stream().mapToInt(Integer::intValue).toArray();
            assertEquals(Candidates.searchSpace(segments, perSegment).intValue(), r.candidates().size());
            assertEquals(3, r.kept().size());
            long[] ids = calibration().stream().flatMapToLong(LongStream::of).toArray();
            for (LlmSglpResult.Candidate w : r.winners()) {
                assertTrue(r.candidates().stream().filter(c -> c.segment() == w.segment())
                        .allMatch(c -> c.ppl() >= w.ppl()));
            }
            Set<Integer> removed = new HashSet<>(r.removed());
            LlmSglpResult.Candidate first = r.winners().get(0);
            Set<Integer> firstRemoved = new HashSet<>();
            for (int l = segments.get(0).first(); l <= segments.get(0).last(); l++) {
                firstRemoved.add(l);
            }
            firstRemoved.removeAll(first.kept());
            assertEquals(Perplexity.compute(model, ids, windowing, firstRemoved).ppl(), first.ppl(), 1e-9);
            assertEquals(3, removed.size());
            assertEquals(r.candidates().size(), r.table().rowCount());
            assertEquals(segments.size(), r.figure().data().size());
        }
    }

    @Test
    void theStagesGiveWhatPruneGivesAndReportEveryCandidate() {
        Perplexity.Windowing windowing = new Perplexity.Windowing(16, 8);
        try (LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(5), 4, 0.1)) {
            List<Integer> seen = new ArrayList<>();
            LlmSglp sglp = LlmSglp.builder().optK(2).optWindowing(windowing)
                    .optProgress((task, done, total, message) -> seen.add((int) (done * 100 + total))).build();
            SimilarityMatrix similarity = sglp.similarity(model, calibration());
            assertEquals(5, similarity.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(1, similarity.get(i, i), 1e-9);
                for (int j = 0; j < 5; j++) {
                    assertEquals(similarity.get(i, j), similarity.get(j, i), 1e-12);
                }
            }
            LlmSglpResult staged = sglp.search(model, FisherSegmenter.builder().build().segment(similarity, 2),
                    calibration(), 3);
            int total = staged.candidates().size();
            List<Integer> expected = new ArrayList<>();
            for (int done = 1; done <= total; done++) {
                expected.add(done * 100 + total);
            }
            assertEquals(expected, seen);
            LlmSglpResult whole = LlmSglp.builder().optK(2).optWindowing(windowing).build()
                    .prune(model, calibration(), 3);
            assertEquals(whole.candidates(), staged.candidates());
            assertEquals(whole.removed(), staged.removed());
        }
    }

    @Test
    void aSearchAboveTheCandidateLimitIsRefusedWithItsCountAndProgressShowsThroughput() {
        Perplexity.Windowing windowing = new Perplexity.Windowing(16, 8);
        try (LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(6), 4, 0.1)) {
            var segments = FisherSegmenter.builder().build().segment(LlmSglp.builder().build().similarity(model,
                    calibration()), 1);
            String m = assertThrows(IllegalArgumentException.class, () -> LlmSglp.builder().optK(1)
                    .optWindowing(windowing).optCandidateLimit(19).build().search(model, segments, calibration(), 3))
                    .getMessage();
            assertEquals("search space: expected at most the candidate limit of 19 candidates, found 20 = C(6,3); more "
                    + "segments shrink it (a larger k), or raise the limit (--candidate-limit) if you mean it", m);
            List<String> seen = new ArrayList<>();
            LlmSglpResult r = LlmSglp.builder().optK(1).optWindowing(windowing).optCandidateLimit(20)
                    .optProgress((task, done, total, message) -> {
                        assertEquals("search", task);
                        assertEquals(seen.size() + 1, done);
                        assertEquals(20, total);
                        seen.add(message);
                    }).build().search(model, segments, calibration(), 3);
            long perCandidate = Perplexity.compute(model, calibration().stream()
                    .flatMapToLong(java.util.stream.LongStream::of).toArray(), windowing).tokens();
            assertEquals(20, r.candidates().size());
            assertEquals(20, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                String tokens = String.format(java.util.Locale.ROOT, "%,d", (i + 1) * perCandidate);
                String eta = i == 19 ? "0m00s" : "\\d+m\\d\\ds";
                String kept = "layers\\.\\d, layers\\.\\d, layers\\.\\d";
                assertTrue(seen.get(i).matches("segment 1/1: kept " + kept + " -> perplexity [\\d.]+; " + tokens
                        + " tokens at [\\d,]+ tok/s, ETA " + eta), seen.get(i));
            }
            LlmSglp.Throughput t = new LlmSglp.Throughput(1, 62, 60_000, 60);
            assertEquals(1000, t.tokensPerSecond(), 1e-9);
            assertEquals(3660, t.etaSeconds(), 1e-9);
            assertEquals("60,000 tokens at 1,000 tok/s, ETA 1h01m", t.describe());
        }
    }

    @Test
    void anInterruptedSearchStopsBetweenCandidates() {
        try (LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(4), 4, 0.1)) {
            LlmSglp sglp = LlmSglp.builder().optK(2).optWindowing(new Perplexity.Windowing(16, 8))
                    .optProgress((task, done, total, message) -> Thread.currentThread().interrupt()).build();
            var segments = FisherSegmenter.builder().build().segment(sglp.similarity(model, calibration()), 2);
            CancellationException e = assertThrows(CancellationException.class,
                    () -> sglp.search(model, segments, calibration(), 2));
            assertTrue(e.getMessage().contains("after 1 of"), e.getMessage());
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void everyMethodIsTheSelectorOfItsName() {
        Perplexity.Windowing windowing = new Perplexity.Windowing(16, 8);
        try (LlamaModel model = Fixtures.randomModel(LlamaConfig.tiny(40).withNumLayers(6), 5, 0.1)) {
            DecoderTarget target = new DecoderTarget(model, calibration(), windowing, 8);
            assertEquals(List.of("sglp", "sglp-noseg", "sglp-random", "random", "l1", "l2", "shortgpt", "angular",
                    "oneshot"), PruneMethod.ALL.stream().map(PruneMethod::word).toList());
            assertEquals(PruneMethod.PPL1, PruneMethod.byWord("PPL1"), "the old name stays an alias");
            for (PruneMethod m : PruneMethod.values()) {
                assertEquals(m, PruneMethod.byWord(m.word()));
                assertEquals(Selectors.byName(m.word(), new Selectors.Settings(2, 3, 10_000)).select(target, 4)
                        .removed(), m.removed(target, 4, 2, 3, 10_000), m.label());
            }
            assertEquals(LlmSglp.builder().optK(2).optWindowing(windowing).build().prune(model, calibration(), 4)
                    .removed(), PruneMethod.SGLP.removed(target, 4, 2, 3, 10_000), "SGLP-LLM is the sglp selector");
            assertEquals(List.of("Random", "Magnitude-L1", "Magnitude-L2", "ShortGPT", "Angular", "SGLP"),
                    PruneMethod.TABLE_4.stream().map(PruneMethod::label).toList());
        }
    }
}
