package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.kernel.JShellKernel;
import sglp.llm.Perplexity;
import sglp.pipeline.LlmSession;

/** {@code %sglp llm} through the kernel in process: every stage in order on a small Brown model, and its errors. */
class SglpLlmMagicTest {
    private static JShellKernel kernel;
    private final List<MimeBundle> outputs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = SglpKernelTest.newKernel();
        Sglp.newLlmSession(0, new Perplexity.Windowing(64, 32));
    }

    @AfterAll
    static void stopKernel() {
        Notebook.recordInto(null);
        kernel.onShutdown(false);
    }

    private List<String> html() {
        return outputs.stream().map(d -> (String) d.get(MimeBundle.TEXT_HTML)).toList();
    }

    private String run(String cell) throws Exception {
        outputs.clear();
        kernel.eval(cell);
        return String.join("\n", html());
    }

    private static String fails(String cell) {
        return assertThrows(MagicError.class, () -> kernel.eval(cell)).getMessage();
    }

    @Test
    void theStagesRunInOrderAndShowTheirResults(@TempDir Path dir) throws Exception {
        Notebook.recordInto(outputs::add);
        assertEquals("no language model yet: run %sglp llm model first", fails("%sglp llm cka"));
        assertTrue(fails("%sglp llm").startsWith("%sglp llm: expected a stage: model, task, cka"));
        assertEquals("%sglp llm model: --model: expected --calibration FILE and --held-out FILE with it, found no "
                + "--held-out", fails("%sglp llm model --model " + dir + " --calibration " + dir.resolve("c.txt")));
        assertTrue(run("%sglp llm model --vocab 2000 --documents 400 --layers 4 --steps 600 --held-out-tokens 2000 "
                + "--choice-items 20").contains("held-out perplexity"));
        LlmSession s = Sglp.llmSession();
        assertEquals(4, s.model().config().numLayers());
        assertEquals("no CKA matrix of the decoder yet: run %sglp llm cka first", fails("%sglp llm segment"));
        assertTrue(run("%sglp llm cka --sequences 16").contains("\"type\":\"heatmap\""));
        assertTrue(run("%sglp llm segment --k 2").contains("Fisher segmentation, k = 2"));
        assertEquals(3, outputs.size());
        run("%sglp llm search");
        assertEquals(3, s.searchResult().kept().size(), "75% of 4 layers");
        String compare = run("%sglp llm compare --methods random,sglp");
        assertTrue(compare.contains("brown_mc_acc_pct") && compare.contains("SGLP"), compare);
        run("%sglp llm lora --lora-steps 3 --lora-rank 2");
        assertEquals(List.of("Dense", "Random", "SGLP", "SGLP+LoRA"), s.comparison().rows().stream()
                .map(r -> r.method()).toList());
        String table = run("%sglp llm table");
        assertTrue(table.contains("Ours (SGLP)") && table.contains("SGLP+LoRA"), table);
        run("%sglp llm report --out " + dir.resolve("r"));
        assertTrue(Files.isRegularFile(dir.resolve("r/comparison.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("r/tuned-model/config.json")));
        String state = run("%sglp llm state");
        assertTrue(state.contains("llm lora") && !state.contains("to do"), state);
        assertTrue(fails("%sglp llm task boolq=/x").contains("expected one of piqa|hellaswag"));
        assertTrue(fails("%sglp llm compare --methods magic").contains("magic"));
    }
}
