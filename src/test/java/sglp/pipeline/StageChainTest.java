package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;
import sglp.llm.BrownRecipe;
import sglp.llm.Perplexity;
import sglp.model.Network;
import sglp.progress.Progress;
import sglp.score.GradNormSearch;

/**
 * Running a stage again clears every later stage, in both families, with its options and timings, so that a session
 * never shows a result computed from an earlier model, data or similarity.
 */
class StageChainTest {

    @TempDir
    Path cache;

    @Test
    void aNewModelClearsCkaSegmentsSearchAndPruningOfTheOldOne() {
        try (Session s = searched()) {
            s.prune(null);
            Network pruned = s.pruned();
            assertTrue(s.timings().keySet().containsAll(List.of("cka", "segment", "search", "prune")));

            s.trainModel("resnet20", 2, 128, 0.1);
            assertNull(s.similarity());
            assertNull(s.segmentation());
            assertNull(s.searchResult());
            assertNull(s.pruned());
            assertNull(s.pruneSummary());
            assertTrue(Double.isNaN(s.accuracyPruned()));
            assertEquals(List.of("data", "pretrain"), List.copyOf(s.timings().keySet()));
            assertFalse(s.options().containsKey("k") || s.options().containsKey("keep"), s.options().toString());
            assertEquals(2, s.options().get("pretrainEpochs"), "the options of the model that is there");
            assertClosed(pruned);

            s.cka(64, 64, Estimator.BIASED, CkaKernel.LINEAR);
            s.segment(2);
            s.search(3, GradNormSearch.Mode.CONTEXT, 16);
            s.cka(32, 32, Estimator.BIASED, CkaKernel.LINEAR);
            assertNotNull(s.similarity());
            assertNull(s.segmentation(), "a new CKA clears the segments computed from the old one");
            assertNull(s.searchResult());
            assertEquals(32, s.options().get("ckaSamples"));
        }
    }

    @Test
    void segmentingAgainClearsTheSearchAndNewDataClearsTheModel() {
        try (Session s = searched()) {
            double segmentSeconds = s.timings().get("segment");
            s.segment(2);
            assertNull(s.searchResult());
            assertEquals(2, s.options().get("k"));
            assertTrue(s.timings().get("segment") >= 0 && s.timings().size() == 4,
                    "one time per stage, not a sum over reruns: " + s.timings() + " (was " + segmentSeconds + ")");
            s.useMnist(200, 100);
            assertNull(s.pretrained(), "a model trained on other data is not this data's model");
            assertNull(s.similarity());
            assertEquals(List.of("data"), List.copyOf(s.timings().keySet()));
        }
    }

    @Test
    void aNewLanguageModelClearsTheLaterStagesToo() {
        try (LlmSession s = new LlmSession(0, new Perplexity.Windowing(32, 16), Progress.NONE)) {
            BrownRecipe tiny = new BrownRecipe(300, 4, 2, 3, 3e-3, 5);
            s.useBrown(tiny, 500, 0);
            s.cka(8);
            s.segment(2);
            assertNotNull(s.segmentation());
            s.useBrown(tiny, 400, 0);
            assertNull(s.similarity());
            assertNull(s.calibration());
            assertNull(s.segmentation());
            assertEquals(List.of("model"), List.copyOf(s.timings().keySet()));
            assertEquals(400, s.options().get("heldOutTokens"));
        }
    }

    /** A session of a small model trained on the digits, through CKA, three segments and a search keeping 4. */
    private Session searched() {
        Session s = new Session(0, Progress.NONE);
        s.useModelCache(cache).useMnist(256, 100);
        s.trainModel("resnet20", 1, 128, 0.1);
        s.cka(64, 64, Estimator.BIASED, CkaKernel.LINEAR);
        s.segment(3);
        s.search(4, GradNormSearch.Mode.CONTEXT, 16);
        return s;
    }

    /** A closed network refuses to compute: the session closed the pruned model it cleared. */
    private static void assertClosed(Network closed) {
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> closed.manager().create(new float[] {1f}));
    }
}
