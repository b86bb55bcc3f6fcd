package sglp.options;

import java.util.List;
import picocli.CommandLine.Option;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.progress.Progress;

/**
 * {@code --lora-rank}, {@code --lora-alpha}, {@code --lora-targets}, {@code --lora-steps}, {@code --lora-lr}: LoRA
 * fine-tuning of a decoder. Used by {@code sglp llm lora}, {@code sglp llm run} and the magic
 * {@code %sglp llm lora}.
 */
public final class LoraOptions {
    @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "" + Lora.RANK,
            description = "rank r of the adapters (default: ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--lora-alpha", paramLabel = "A", defaultValue = "" + Lora.ALPHA,
            description = "alpha; the update is scaled by alpha / r (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--lora-targets", paramLabel = "LIST", split = ",",
            defaultValue = Lora.PROJECTION_LIST,
            description = "projections with adapters, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(names = "--lora-steps", paramLabel = "N", defaultValue = "" + Lora.STEPS,
            description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lora-lr", paramLabel = "RATE", defaultValue = "" + Lora.LEARNING_RATE,
            description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    /**
     * @param seed seeds the adapters' initial values and the training batches
     * @param progress told each step and its loss, as the task {@code "lora"}
     * @return the LoRA these options describe, trained on the trainer's default batches
     */
    public Lora lora(long seed, Progress progress) {
        return lora(seed, LlmTrainer.builder().optProgress("lora", progress));
    }

    /**
     * @param seed seeds the adapters' initial values and the training batches
     * @param trainer the trainer's other settings (batch, sequence length, progress); these options set its steps,
     *     learning rate and seed
     * @return the LoRA these options describe
     */
    public Lora lora(long seed, LlmTrainer.Builder trainer) {
        return Lora.builder().optRank(rank).optAlpha(alpha).optTargets(targets).optSeed(seed)
                .optTrainer(trainer.optSteps(steps).optLearningRate(lr).optSeed(seed).build()).build();
    }
}
