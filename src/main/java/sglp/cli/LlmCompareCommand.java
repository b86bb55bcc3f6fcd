package sglp.cli;

import java.util.List;
import picocli.CommandLine.Command;
import sglp.llm.PruneMethod;
import sglp.pipeline.LlmSession;
import sglp.progress.Progress;

/**
 * {@code sglp llm compare}: {@code llm run} without LoRA, every method by default, and the winner of each measure
 * said in words.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Every layer-selection method on one budget of a decoder (the Brown model trained here and "
                + "cached, or --model with your texts): SGLP's CKA, Fisher segments and perplexity search, then "
                + "each method keeping the same number of layers; held-out perplexity and zero-shot accuracy of "
                + "each in Table 4's format, and the best method by each measure. No LoRA (that is llm run). "
                + "With --seeds N, each further seed draws its own calibration sequences and every method chooses "
                + "again: comparison-summary.csv gives each method's mean, standard deviation and stability over "
                + "the seeds, comparison-seeds.csv every run. Writes CSV tables, HTML figures, report.html and "
                + "manifest.json into --out.")
final class LlmCompareCommand extends LlmPipelineCommand {

    @Override
    List<PruneMethod> defaultMethods() {
        return PruneMethod.ALL;
    }

    /** No LoRA: that is {@code llm run}. */
    @Override
    void tune(LlmSession session, Progress progress) {
    }
}
