package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sglp.kernel.JShellKernel;
import sglp.pipeline.Session;

/**
 * {@code %sglp} through the kernel in process, on one tiny session (256 MNIST digits, 1 epoch): the stages in order,
 * then usage and stage-order messages, sharing with {@code Sglp.session()} and interrupting a fine-tune. The
 * outputs are recorded where the kernel would send them to Jupyter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SglpMagicTest {
    private static final String TINY = "--train-images 256 --test-images 100";
    private static JShellKernel kernel;
    private final List<MimeBundle> outputs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = SglpKernelTest.newKernel();
        Sglp.newSession(0);
    }

    @AfterAll
    static void stopKernel() {
        Notebook.recordInto(null);
        kernel.onShutdown(false);
    }

    @BeforeEach
    void record() {
        Notebook.recordInto(outputs::add);
    }

    private List<String> html() {
        return outputs.stream().map(d -> (String) d.get(MimeBundle.TEXT_HTML)).toList();
    }

    private static int figures(String html) {
        return html.split("class=\"sglp-figure\"", -1).length - 1;
    }

    private MagicError fails(String cell) {
        return assertThrows(MagicError.class, () -> kernel.eval(cell));
    }

    @Test
    @Order(1)
    void stagesBeforeTheirInputsNameTheMagicToRunFirst() {
        assertEquals("no data yet: run %sglp data first", fails("%sglp model").getMessage());
        assertEquals("no data yet: run %sglp data first", fails("%sglp cka").getMessage());
        assertEquals("no CKA matrix yet: run %sglp cka first", fails("%sglp segment").getMessage());
        assertEquals("no pruned model yet: run %sglp prune first", fails("%sglp finetune").getMessage());
        assertEquals("no data yet: run %sglp data first", fails("%sglp report").getMessage());
        assertEquals(List.of("no data yet: run %sglp data first"), kernel.formatError(fails("%sglp gradnorm")));
    }

    @Test
    @Order(2)
    void dataAndModelLoadTrainAndShowTheLayers() throws Exception {
        kernel.eval("%sglp data " + TINY);
        Session s = Sglp.session();
        assertEquals(256, s.trainImages().size());
        assertEquals(100, s.testImages().size());
        assertEquals("no model yet: run %sglp model first", fails("%sglp cka").getMessage());
        outputs.clear();
        kernel.eval("%sglp model --model resnet20 --epochs 1");
        assertEquals("resnet20", s.pretrained().architecture().name());
        assertTrue(s.accuracyBefore() >= 0, "accuracy measured");
        String last = html().get(html().size() - 1);
        assertTrue(last.contains("<th style=\"text-align:right\">params</th>") && figures(last) == 1, last);
    }

    @Test
    @Order(3)
    void ckaShowsTheMatrixAndAHeatmapFrom0To1() throws Exception {
        kernel.eval("%sglp cka --cka-samples 64 --cka-batch 32 --estimator DEBIASED");
        assertEquals(64, Sglp.session().similarity().samples());
        assertEquals(1, outputs.size());
        String html = html().get(0);
        assertTrue(html.contains("\"zmin\":0") && html.contains("\"zmax\":1") && html.contains("debiased"), html);
    }

    @Test
    @Order(4)
    void segmentShowsTableBoxedHeatmapAndLossByK() throws Exception {
        kernel.eval("%sglp segment --k 3");
        assertEquals(3, Sglp.session().segmentation().k());
        assertEquals(3, outputs.size());
        assertTrue(html().get(0).contains("Fisher segmentation, k = 3"), html().get(0));
        assertTrue(html().get(1).contains("\"type\":\"heatmap\"") && html().get(1).contains("\"type\":\"rect\""));
        assertTrue(html().get(2).contains("\"symbol\":\"star\"") && html().get(2).contains("[3]"), html().get(2));
    }

    @Test
    @Order(5)
    void gradnormShowsRankingAndSearchSpace() throws Exception {
        kernel.eval("%sglp gradnorm --keep 4 --mode context --search-batch 16");
        assertEquals(4, Sglp.session().searchResult().keptLayers().size());
        assertEquals(2, outputs.size());
        assertEquals(1, figures(html().get(0)));
        assertEquals(0, figures(html().get(1)));
    }

    @Test
    @Order(6)
    void pruneShowsKeptLayersAndBeforeAfter() throws Exception {
        kernel.eval("%sglp prune");
        assertEquals(Sglp.session().searchResult().keptLayers(), Sglp.session().pruneSummary().keptLayers());
        assertEquals(2, outputs.size());
        assertEquals(1, figures(html().get(0)));
        assertTrue(html().get(1).contains("before and after pruning"), html().get(1));
    }

    @Test
    @Order(7)
    void finetuneShowsALiveCurveReplacedEachEpochThenTheSummary() throws Exception {
        kernel.eval("%sglp finetune --finetune-epochs 2 --finetune-lr 0.01");
        assertEquals(2, Sglp.session().finetuning().epochs().size());
        List<MimeBundle> live = outputs.stream().filter(d -> d.displayId() != null).toList();
        assertEquals(2, live.size(), "one live curve, shown after epoch 1 and replaced after epoch 2");
        assertEquals(live.get(0).displayId(), live.get(1).displayId());
        assertTrue(((String) live.get(1).get(MimeBundle.TEXT_PLAIN)).contains("finetune: epoch 2"));
        String summary = html().get(html().size() - 1);
        assertTrue(summary.contains("finetuned") && figures(summary) == 1, summary);
    }

    @Test
    @Order(8)
    void reportWritesTheFolder(@TempDir Path dir) throws Exception {
        kernel.eval("%sglp report --out " + dir);
        assertTrue(Files.isRegularFile(dir.resolve("report.html")) && Files.isRegularFile(dir.resolve("manifest.json")));
        assertTrue(html().get(0).contains("files in " + dir) && html().get(0).contains("summary.csv"), html().get(0));
    }

    @Test
    @Order(9)
    void stateShowsEveryStageDone() throws Exception {
        kernel.eval("%sglp state");
        String html = html().get(0);
        assertEquals(7, html.split(">done<", -1).length - 1, html);
        assertTrue(html.contains("SGLP session (seed 0)"), html);
    }

    @Test
    @Order(10)
    void paperAndHelpNeedNoSession() throws Exception {
        kernel.eval("%sglp paper 4");
        assertEquals(1, figures(html().get(0)));
        kernel.eval("%sglp paper");
        assertTrue(html().get(1).contains("The paper&#39;s tables"), html().get(1));
        String help = SglpMagic.usage(null);
        for (String sub : List.of("model", "data", "cka", "segment", "gradnorm", "prune", "finetune", "report",
                "paper", "help", "state")) {
            assertTrue(help.contains("  " + sub + " "), sub + " in\n" + help);
        }
        assertTrue(SglpMagic.usage("segment").contains("--k=K"), SglpMagic.usage("segment"));
    }

    @Test
    @Order(11)
    void wrongArgumentsGetAUsageNamingTheWrongWord() {
        MagicError option = fails("%sglp segment --kk 3");
        assertEquals("%sglp segment: Unknown options: '--kk', '3'", option.getMessage());
        assertEquals("usage: %sglp segment [--k=K]", kernel.formatError(option).get(1));
        assertTrue(fails("%sglp cka --estimator fancy").getMessage().contains("'fancy'"));
        assertTrue(fails("%sglp segment --k three").getMessage().contains("'three'"));
        assertTrue(fails("%sglp segmnt").getMessage().contains("'segmnt'"));
        assertTrue(fails("%sglp").getMessage().startsWith("%sglp: expected a subcommand: data, model, cka"));
        assertEquals("%sglp paper: The paper has no table 9; transcribed: [1, 2, 3, 4, 5, 6, 7, 8]",
                fails("%sglp paper 9").getMessage());
        assertTrue(fails("%sglp segment --k 99").getMessage().startsWith("%sglp segment: "));
    }

    @Test
    @Order(12)
    void javaCellsShareTheSessionOfTheMagics() throws Exception {
        kernel.eval("var s = Sglp.session();\ns.segment(2);");
        assertEquals(2, Sglp.session().segmentation().k(), "a Java cell's segment is the session's");
        DisplayData value = kernel.eval("s.similarity()");
        assertEquals(1, figures((String) value.getData(MIMEType.TEXT_HTML)), "the result renders as the value");
        kernel.eval("%sglp gradnorm --keep 3 --search-batch 16");
        assertEquals("3", kernel.eval("s.searchResult().keptLayers().size()").getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    @Order(12)
    void assigningAMagicBindsItsResultWithItsOwnType() throws Exception {
        kernel.eval("var sim = %sglp cka --cka-samples 32 --cka-batch 32");
        assertEquals("sglp.cka.SimilarityMatrix", kernel.eval("sim.getClass().getName()").getData(MIMEType.TEXT_PLAIN));
        assertEquals(String.valueOf(Sglp.session().similarity().size()),
                kernel.eval("sim.size()").getData(MIMEType.TEXT_PLAIN), "typed: SimilarityMatrix methods work");
        kernel.eval("sglp.segment.Segmentation seg = %sglp segment --k 2\nseg = %sglp segment --k 3");
        assertEquals("3", kernel.eval("seg.k()").getData(MIMEType.TEXT_PLAIN), "reassigned by the second magic");
    }

    @Test
    @Order(13)
    void interruptingAFinetuneLeavesAUsableSession() throws Exception {
        kernel.eval("%sglp gradnorm --keep 3 --search-batch 16");  // the cka and segment cells above cleared the search
        kernel.eval("%sglp prune");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<DisplayData> running = executor.submit(() -> kernel.eval("%sglp finetune --finetune-epochs 50"));
            Thread.sleep(1500);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!running.isDone() && System.nanoTime() < deadline) {
                kernel.interrupt();
                Thread.sleep(200);
            }
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> running.get(1, TimeUnit.SECONDS));
            MagicError error = assertInstanceOf(MagicError.class, failure.getCause());
            assertTrue(error.getMessage().startsWith("%sglp finetune interrupted ("),
                    error.getMessage());
            assertEquals(1, kernel.formatError(error).size(), "one line");
        } finally {
            executor.shutdownNow();
        }
        kernel.eval("%sglp finetune --finetune-epochs 1");
        assertEquals(1, Sglp.session().finetuning().epochs().size());
    }

    @Test
    void settingsComeFromTheEnvironmentThenTheSmallPresetThenTheNormalValue() {
        NotebookSettings none = new NotebookSettings(Map.of());
        assertEquals(5000, none.getInt("TRAIN_IMAGES", 5000));
        NotebookSettings small = new NotebookSettings(Map.of("SGLP_NB_SMALL", "1", "SGLP_NB_EPOCHS", "3"));
        assertEquals(256, small.getInt("TRAIN_IMAGES", 5000));
        assertEquals(3, small.getInt("epochs", 4));
        assertEquals(7, small.getInt("K", 7));
        assertEquals("context", small.get("MODE"));
        assertEquals("CKA_SAMPLES", NotebookSettings.nameOf("--cka-samples"));
        assertThrows(IllegalArgumentException.class,
                () -> new NotebookSettings(Map.of("SGLP_NB_K", "x")).getInt("K", 3));
        picocli.CommandLine magic = SglpMagic.commandLine();
        assertFalse(NotebookSettings.isPath(magic.getSubcommands().get("model").getCommandSpec().findOption("--model")),
                "SGLP_NB_MODEL names the CNN");
        assertTrue(NotebookSettings.isPath(magic.getSubcommands().get("llm").getSubcommands().get("model")
                .getCommandSpec().findOption("--model")), "the decoder's --model is a folder: no setting gives it");
    }
}
