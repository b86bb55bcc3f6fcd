package sglp.options;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.pipeline.Progress;

/**
 * {@code --lora-rank}, {@code --lora-alpha}, {@code --lora-targets}, {@code --lora-steps}, {@code --lora-lr}: LoRA
 * fine-tuning of a decoder. Used by {@code sglp llm lora}, {@code sglp llm run} and the magic
 * {@code %sglp llm lora}.
 */
public final class LoraOptions {
    @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "8",
            description = "rank r of the adapters (default: ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--lora-alpha", paramLabel = "A", defaultValue = "16",
            description = "alpha; the update is scaled by alpha / r (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--lora-targets", paramLabel = "LIST", split = ",",
            defaultValue = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
            description = "projections with adapters, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(names = "--lora-steps", paramLabel = "N", defaultValue = "200",
            description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lora-lr", paramLabel = "RATE", defaultValue = "1e-3",
            description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param seed seeds the adapters' initial values and the training batches
     * @param listener told each step's loss
     * @return the LoRA these options describe, trained on the trainer's default batches
     */
    public Lora lora(long seed, LlmTrainer.Listener listener) {
        return lora(seed, LlmTrainer.builder().optListener(listener));
    }

    /**
     * @param seed seeds the adapters' initial values and the training batches
     * @param trainer the trainer's other settings (batch, sequence length, listener); these options set its steps,
     *     learning rate and seed
     * @return the LoRA these options describe
     */
    public Lora lora(long seed, LlmTrainer.Builder trainer) {
        return Lora.builder().optRank(rank).optAlpha(alpha).optTargets(targets).optSeed(seed)
                .optTrainer(trainer.optSteps(steps).optLearningRate(lr).optSeed(seed).build()).build();
    }

    /**
     * @param progress where the training reports
     * @return a listener that reports each step to the progress as the task {@code lora}, with its loss
     */
    public static LlmTrainer.Listener progress(Progress progress) {
        return (step, steps, loss) -> progress.update("lora", step, steps, String.format(Locale.ROOT, "loss %.3f",
                loss));
    }
}
