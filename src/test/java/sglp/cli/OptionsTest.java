package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sglp.cka.Estimator;
import sglp.llm.Perplexity;
import sglp.options.EnumWords;
import sglp.pipeline.CkaSettings;
import sglp.pipeline.DataSettings;
import sglp.pipeline.LlmSession;
import sglp.pipeline.PruningSession;
import sglp.pipeline.SearchSettings;
import sglp.pipeline.TrainSettings;
import sglp.score.GradNorm;
import sglp.score.GradNormSearch;

/** The option mixins' defaults are the library's, and enum words parse the same way everywhere. */
class OptionsTest {

    /** A command with an enum option whose constants have underscores. */
    @Command(name = "variant")
    static final class Variant {
        @CommandLine.Option(names = "--variant")
        GradNorm.Variant variant;
    }

    /** Parses the arguments of {@code sglp run}, which combines every CNN mixin. */
    private static RunCommand parse(String... args) {
        RunCommand all = new RunCommand();
        EnumWords.install(new CommandLine(all)).parseArgs(args);
        return all;
    }

    @Test
    void withNoWordsEveryMixinGivesTheLibrarysDefaults() {
        RunCommand all = parse();
        assertEquals(DataSettings.DEFAULT, all.session.data());
        assertEquals(TrainSettings.PRETRAIN, all.session.training());
        assertEquals(TrainSettings.FINETUNE, all.session.finetune());
        assertEquals(CkaSettings.DEFAULT, all.cka.settings());
        assertEquals(SearchSettings.DEFAULT, all.search.settings());
        assertEquals(PruningSession.SEGMENTS, all.segments.k());
        assertEquals(0, all.session.seed());
    }

    @Test
    void withNoWordsTheDecoderMixinsGiveTheLibrarysDefaults() {
        LlmRunCommand run = new LlmRunCommand();
        EnumWords.install(new CommandLine(run)).parseArgs();
        assertEquals(new Perplexity.Windowing(Perplexity.Windowing.WINDOW, Perplexity.Windowing.STRIDE),
                run.windows.windowing());
        assertEquals(PruningSession.SEGMENTS, run.segments.k());
        assertNull(run.keep.keep());
        assertEquals(0, run.seed.seed());
        assertTrue(run.model.tunable());
        assertEquals(24, LlmSession.defaultKeep(32, 3), "the paper: 8 of LLaMA-3.1-8B's 32 layers pruned");
        assertEquals(6, LlmSession.defaultKeep(8, 3));
        assertEquals(3, LlmSession.defaultKeep(2, 3), "at least one layer per segment");
    }

    @Test
    void enumWordsIgnoreCaseDashesAndUnderscoresAndNameTheChoicesWhenWrong() {
        RunCommand all = parse("--estimator", "DEBIASED", "--mode", "Context", "--keep", "4");
        assertEquals(Estimator.DEBIASED, all.cka.settings().estimator());
        assertEquals(new SearchSettings(4, GradNormSearch.Mode.CONTEXT, SearchSettings.BATCH), all.search.settings());
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--mode", "bogus"));
        assertEquals("Invalid value for option '--mode': expected one of paper|context, found 'bogus'",
                e.getMessage());
        for (String word : new String[] {"per-layer-sum", "PER_LAYER_SUM", "perlayersum"}) {
            Variant v = new Variant();
            EnumWords.install(new CommandLine(v)).parseArgs("--variant", word);
            assertEquals(GradNorm.Variant.PER_LAYER_SUM, v.variant, word);
        }
        assertEquals("per-layer-sum", EnumWords.word(GradNorm.Variant.PER_LAYER_SUM));
    }
}
