package sglp.llm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a decoder runs and in which floating-point type it computes: its weights, activations, LoRA adapters'
 * inputs and evaluation all live on {@link #device()}, weights and activations in {@link #dtype()}. Perplexity and
 * log-likelihoods are still accumulated in float64 and their log-softmax taken in float32 at least, whatever the
 * type.
 *
 * <p>The compute type is float32 or float16. bfloat16 checkpoints are read and written, converted on the way, but
 * cannot be computed in bfloat16: DJL 0.35.1's PyTorch binding has no bfloat16 tensors (its native code maps no
 * bfloat16 type, and creating or converting to one aborts the JVM), so bfloat16 is refused with that reason
 * ({@link #BF16_UNAVAILABLE}) and a GPU computes in float16 by default.
 *
 * <pre>{@code
 * LlmRuntime rt = LlmRuntime.of(LlmRuntime.DeviceChoice.AUTO, null);   // a GPU in float16 if there is one
 * try (LlamaModel m = HfCheckpoint.load(folder, rt)) { ... }
 * }</pre>
 *
 * @param device the engine device
 * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT16}
 */
public record LlmRuntime(Device device, DataType dtype) {
    /** Why bfloat16 is refused as a compute type. */
    public static final String BF16_UNAVAILABLE = "compute dtype bfloat16: not available with DJL 0.35.1, whose "
            + "PyTorch binding has no bfloat16 tensors (its native code maps no bfloat16 type and aborts the JVM when "
            + "asked for one); bfloat16 checkpoints are read and written, converted on the way; expected float32 or "
            + "float16 (--dtype float16 halves the memory like bfloat16)";

    /** The device a user asks for. */
    public enum DeviceChoice {
        /** The CPU. */
        CPU,
        /** The first GPU; an error when the engine finds none. */
        GPU,
        /** The first GPU if the engine finds one, else the CPU. */
        AUTO
    }

    /** Checks the type. */
    public LlmRuntime {
        Objects.requireNonNull(device, "device");
        if (dtype == DataType.BFLOAT16) {
            throw new IllegalArgumentException(BF16_UNAVAILABLE);
        }
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute dtype: expected float32 or float16, found " + dtype);
        }
    }

    /** @return the CPU in float32, this project's default without a GPU */
    public static LlmRuntime cpu() {
        return new LlmRuntime(Device.cpu(), DataType.FLOAT32);
    }

    /** @return {@link #of of(AUTO, null)}: a GPU in float16 when the engine has one, else the CPU in float32 */
    public static LlmRuntime auto() {
        return of(DeviceChoice.AUTO, null);
    }

    /**
     * Resolves a choice of device and type.
     *
     * @param device the device asked for
     * @param dtype the compute type, or null for the device's default ({@link #defaultDType})
     * @return the runtime
     * @throws IllegalArgumentException if a GPU is asked for and the engine finds none, saying how to get one
     */
    public static LlmRuntime of(DeviceChoice device, DataType dtype) {
        int gpus = Engine.getInstance().getGpuCount();
        Device d = switch (device) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException(noGpu());
                }
                yield Device.gpu();
            }
        };
        return new LlmRuntime(d, dtype != null ? dtype : defaultDType(d));
    }

    /** @return the message of a GPU asked for where the engine has none */
    static String noGpu() {
        Engine e = Engine.getInstance();
        return String.format(Locale.ROOT, "--device gpu: expected a CUDA GPU, found none: the %s engine %s sees 0 "
                + "GPUs (a CPU build of its native library, or no CUDA driver). On a machine with an NVIDIA GPU, run "
                + "eval \"$(environment/gpu-check --env)\" first to point the engine at a CUDA build of PyTorch "
                + "(README, GPU), or use --device cpu", e.getEngineName(), e.getVersion());
    }

    /**
     * The default compute type of a device: float16 on a GPU (half the memory; bfloat16, the type LLaMA checkpoints
     * are published in, is not available, see {@link #BF16_UNAVAILABLE}), float32 on a CPU.
     *
     * @param device the device
     * @return the type
     */
    public static DataType defaultDType(Device device) {
        return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /**
     * Reads a type name as users and {@code config.json} write it.
     *
     * @param option the option or field it came from, for the message
     * @param name {@code float32} or {@code float16} (also {@code fp32}, {@code fp16}, {@code half})
     * @return the type
     * @throws IllegalArgumentException naming the option, the names accepted and the one found; for
     *     {@code bfloat16}, saying why it is not available
     */
    public static DataType parseDType(String option, String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException(option + ": " + BF16_UNAVAILABLE);
            case "float16", "fp16", "f16", "half" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException(option + ": expected float32 or float16, found '" + name
                    + "'");
        };
    }

    /**
     * The name of a compute type as {@code config.json} writes it.
     *
     * @param dtype float32, bfloat16 or float16
     * @return {@code "float32"}, {@code "bfloat16"} or {@code "float16"}
     */
    public static String torchName(DataType dtype) {
        return switch (dtype) {
            case BFLOAT16 -> "bfloat16";
            case FLOAT16 -> "float16";
            default -> "float32";
        };
    }

    /** @return such as {@code "gpu(0), float16"} */
    public String describe() {
        return device + ", " + torchName(dtype);
    }
}
