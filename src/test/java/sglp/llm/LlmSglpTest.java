package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import sglp.score.Candidates;
import sglp.segment.Segment;

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
}
