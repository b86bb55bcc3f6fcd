package sglp.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sglp.llm.PruneMethod;
import sglp.options.LoraOptions;
import sglp.pipeline.LlmSession;
import sglp.progress.Progress;

/** {@code sglp llm run}: the whole LLaMA path, by default on the tiny Brown model trained here. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole SGLP-LLM path: model (the tiny Brown LLaMA trained here and cached, or --model with "
                + "your texts), CKA of the decoder layers, Fisher segments, perplexity search per segment, every "
                + "baseline on the same budget, LoRA on the SGLP-pruned model; held-out perplexity and zero-shot "
                + "accuracy of each in Table 4's format. Writes CSV tables, HTML figures, report.html, "
                + "manifest.json and the tuned model (tuned-model/) into --out.")
final class LlmRunCommand extends LlmPipelineCommand {

    @Mixin
    LoraOptions lora;

    @Override
    List<PruneMethod> defaultMethods() {
        return PruneMethod.TABLE_4;
    }

    /** LoRA on the SGLP-pruned model, when the model has a tuning text. */
    @Override
    void tune(LlmSession session, Progress progress) {
        if (model.tunable()) {
            session.lora(lora.lora(seed.seed(), progress), taskItems);
        }
    }
}
