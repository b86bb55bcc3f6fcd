package sglp.cli;

import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.cka.SimilarityMatrix;
import sglp.llm.HfCheckpoint;
import sglp.llm.HfExport;
import sglp.llm.HostMemory;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.LlmSglp;
import sglp.llm.LlmSglpResult;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.llm.Perplexity;
import sglp.segment.FisherSegmenter;

/**
 * {@code sglp llm check}: the whole LLM path once on a device, timed: what {@code environment/gpu-check} runs on a
 * GPU, and what the tests run on the CPU.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Runs the LLM path end to end on the chosen device and prints each step's seconds with the "
                + "host's peak resident memory and the GPU's memory in use: load, perplexity, CKA over the decoder "
                + "layers' hidden states, Fisher segments and a short SGLP search (one layer removed), LoRA steps, "
                + "export. Token ids are seeded random. Model: --model DIR, or --shaped-8b N (Llama-3.1-8B's widths "
                + "with N decoder layers, written once into the cache). Output JSON: {\"device\",\"dtype\","
                + "\"steps\":{name: seconds},\"peak_rss\",\"gpu_memory_used\"}.")
final class LlmCheckCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "a Hugging Face model folder")
    Path model;

    @Option(names = "--shaped-8b", paramLabel = "LAYERS", description = "Llama-3.1-8B's widths with this many "
            + "decoder layers (at least 2)")
    Integer shaped8b;

    @Option(names = "--tokens", defaultValue = "256", description = "seeded random token ids: the perplexity's, "
            + "and the calibration of CKA and the search in sequences of 32 (default ${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--lora-steps", defaultValue = "3", description = "LoRA steps of one sequence (rank 8 on all "
            + "seven projections), merged into the weights before the export (default ${DEFAULT-VALUE})")
    int loraSteps;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class, description = "result .json")
    Path out;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() throws IOException {
        LlmRuntime rt = runtime.runtime();
        if ((model == null) == (shaped8b == null)) {
            throw new IllegalArgumentException("expected one of --model DIR and --shaped-8b N, found "
                    + (model == null ? "neither" : "both"));
        }
        Path folder = model != null ? model : LlmBenchCommand.shaped8b(shaped8b);
        Map<String, Double> steps = new LinkedHashMap<>();
        say("device %s; host resident %.2f GB before loading", rt.describe(), HostMemory.residentBytes() / 1e9);
        try (LlamaModel m = timed(steps, "load", () -> HfCheckpoint.load(folder, rt))) {
            int layers = m.config().numLayers();
            if (layers < 2) {
                throw new IllegalArgumentException(folder + ": expected a model of at least 2 decoder layers (the "
                        + "search removes one), found " + layers);
            }
            long[] ids = new Random(0).longs(tokens, 0, m.config().vocabSize()).toArray();
            int window = Math.min(128, Math.min(tokens, m.config().contextLimit()));
            Perplexity.Windowing w = new Perplexity.Windowing(window, window);
            timed(steps, "perplexity", () -> Perplexity.compute(m, ids, w));
            List<long[]> calibration = new ArrayList<>();
            for (int from = 0; from + 32 <= ids.length; from += 32) {
                calibration.add(java.util.Arrays.copyOfRange(ids, from, from + 32));
            }
            LlmSglp sglp = LlmSglp.builder().optK(Math.min(2, layers - 1)).optWindowing(w).build();
            SimilarityMatrix cka = timed(steps, "cka", () -> sglp.similarity(m, calibration));
            LlmSglpResult search = timed(steps, "search", () -> sglp.search(m, FisherSegmenter.builder().build()
                    .segment(cka, Math.min(2, layers - 1)), calibration, layers - 1));
            timed(steps, "lora", () -> Lora.builder().optTrainer(LlmTrainer.builder().optSteps(loraSteps)
                    .optBatchSize(1).optSeqLength(Math.min(window, ids.length - 1)).build()).build().tune(m, ids));
            Path target = Files.createTempDirectory("sglp-check").resolve("export");
            try {
                timed(steps, "export", () -> {
                    HfExport.builder().optFilesFrom(folder).build().write(m, target);
                    return target;
                });
            } finally {
                delete(target.getParent());
            }
            say("search kept %s of %d layers", search.kept(), layers);
        }
        long peak = HostMemory.peakResidentBytes();
        long gpu = rt.device().isGpu() ? gpuUsed(rt) : 0;
        say("host peak resident %.2f GB%s", peak / 1e9, rt.device().isGpu() ? String.format(Locale.ROOT,
                "; GPU memory in use %.2f GB", gpu / 1e9) : "");
        if (out != null) {
            StringBuilder json = new StringBuilder("{\"device\":\"" + rt.device() + "\",\"dtype\":\""
                    + LlmRuntime.torchName(rt.dtype()) + "\",\"steps\":{");
            steps.forEach((k, v) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append('"')
                    .append(k).append("\":").append(Json.number(v)));
            json.append("},\"peak_rss\":").append(peak).append(",\"gpu_memory_used\":").append(gpu).append("}\n");
            Files2.write(out, json.toString());
        }
        return 0;
    }

    private static long gpuUsed(LlmRuntime rt) {
        MemoryUsage u = CudaUtils.getGpuMemory(rt.device());
        return u.getCommitted();
    }

    private static <T> T timed(Map<String, Double> steps, String name, Supplier<T> step) {
        long start = System.nanoTime();
        T result = step.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        steps.put(name, seconds);
        say("%-10s %8.2f s   host resident %.2f GB (peak %.2f GB)", name, seconds, HostMemory.residentBytes() / 1e9,
                HostMemory.peakResidentBytes() / 1e9);
        return result;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
