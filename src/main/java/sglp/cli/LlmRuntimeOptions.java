package sglp.cli;

import ai.djl.ndarray.types.DataType;
import picocli.CommandLine.Option;
import sglp.llm.LlmRuntime;

/**
 * {@code --dtype} and {@code --device}, shared by the LLM commands ({@code sglp llm ppl|prune|lora|eval|run|bench}):
 * where the model's weights, activations, LoRA adapters and evaluation live, and in which type it computes.
 */
final class LlmRuntimeOptions {

    @Option(names = "--dtype", paramLabel = "TYPE", description = "compute type: float32|float16 (default: float32 on "
            + "a CPU, float16 on a GPU). bfloat16 checkpoints are read and written in bfloat16, but computing in "
            + "bfloat16 is refused: DJL 0.35.1 has no bfloat16 tensors. Perplexity and log-likelihoods are summed in "
            + "float64 whatever the type.")
    String dtype;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "cpu|gpu|auto (default "
            + "${DEFAULT-VALUE}: the first GPU if the engine finds one, else the CPU); gpu without one is an error")
    LlmRuntime.DeviceChoice device;

    /**
     * @return the device and compute type these options ask for
     * @throws IllegalArgumentException if a word is unknown, bfloat16 is asked for, or a GPU where there is none
     */
    LlmRuntime runtime() {
        DataType type = dtype == null ? null : LlmRuntime.parseDType("--dtype", dtype);
        return LlmRuntime.of(device, type);
    }
}
