package sglp.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sglp.io.InputFiles;
import sglp.llm.DecoderTarget;
import sglp.llm.HfCheckpoint;
import sglp.llm.HfExport;
import sglp.llm.LlamaConfig;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.Perplexity;
import sglp.llm.PruneMethod;
import sglp.llm.TextTokenizer;
import sglp.options.CandidateLimitOption;
import sglp.options.KeepOption;
import sglp.options.PruneMethodWords;
import sglp.options.SeedOption;
import sglp.options.SegmentOption;
import sglp.options.WindowOptions;
import sglp.pipeline.LlmSession;

/** {@code sglp llm}: LLaMA-family language models in the Hugging Face folder layout. */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = "LLaMA-family language models in the Hugging Face folder layout (config.json, safetensors, "
                + "tokenizer.json).", subcommands = {LlmTrainCommand.class, LlmRunCommand.class,
                LlmCompareCommand.class, LlmCommand.Ppl.class, LlmCommand.Prune.class, LlmLoraCommand.class,
                LlmEvalCommand.class, LlmBenchCommand.class, LlmCheckCommand.class})
final class LlmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sglp llm ppl}: strided-window perplexity of a text. */
    @Command(name = "ppl", mixinStandardHelpOptions = true,
            description = "Perplexity of a text, tokenized as one sequence: windows of at most W tokens start every "
                    + "S tokens; each scores the tokens no earlier window scored; ppl = exp(mean NLL) in float64. "
                    + "Output JSON: {\"ppl\":x,\"tokens\":n}.")
    static final class Ppl implements Callable<Integer> {

        @Option(names = "--model", required = true, description = "Hugging Face model folder")
        Path model;

        @Option(names = "--text", required = true, description = "UTF-8 text file")
        Path text;

        @Mixin
        WindowOptions windows;

        @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class, required = true,
                description = "result .json")
        Path out;

        @Mixin
        LlmRuntimeOptions runtime;

        @Override
        public Integer call() {
            LlmRuntime rt = runtime.runtime();
            Perplexity.Windowing windowing = windows.windowing();
            checkWindow(model, windowing);
            String content = InputFiles.readText(text, "a UTF-8 text file");
            long[] ids;
            try (TextTokenizer tokenizer = HfCheckpoint.openTokenizer(model)) {
                ids = tokenizer.encode(content);
            }
            Perplexity.Result r;
            try (LlamaModel m = HfCheckpoint.load(model, rt)) {
                r = Perplexity.compute(m, ids, windowing);
            }
            Files2.write(out, "{\"ppl\":" + Json.number(r.ppl()) + ",\"tokens\":" + r.tokens() + "}\n");
            System.out.println("ppl " + r.ppl() + " over " + r.tokens() + " tokens -> " + out);
            return 0;
        }
    }

    /** {@code sglp llm prune}: removes decoder layers and writes the smaller model. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Keeps M decoder layers (default: three quarters, at least one per segment) chosen by a "
                    + "method on calibration text (one sequence per non-blank line) and writes the pruned Hugging "
                    + "Face folder, with sglp_prune.json: {\"method\",\"keep\",\"layers\",\"removed\":[..],"
                    + "\"kept\":[..],\"calibration_ppl\":before,\"pruned_calibration_ppl\":after}.")
    static final class Prune implements Callable<Integer> {
        /** The summary's file name inside the written folder. */
        static final String SUMMARY = "sglp_prune.json";

        @Option(names = "--model", required = true, description = "Hugging Face model folder")
        Path model;

        @Mixin
        KeepOption keep;

        @Option(names = "--method", required = true, converter = PruneMethodWords.class,
                description = "sglp|sglp-noseg|sglp-random|random|l1|l2|shortgpt|angular|oneshot (ppl1: oneshot)")
        PruneMethod method;

        @Option(names = "--calibration", required = true, description = "UTF-8 text, one sequence per line")
        Path calibration;

        @Mixin
        SegmentOption segments;

        @Mixin
        SeedOption seed;

        @Mixin
        WindowOptions windows;

        @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.NewFolder.class, required = true,
                description = "the new model folder")
        Path out;

        @Mixin
        CandidateLimitOption candidateLimit;

        @Mixin
        LlmRuntimeOptions runtime;

        @Override
        public Integer call() {
            LlmRuntime rt = runtime.runtime();
            Perplexity.Windowing windowing = windows.windowing();
            int layers = checkWindow(model, windowing).numLayers();
            int k = segments.k();
            int m = keep.keep() != null ? keep.keep() : LlmSession.defaultKeep(layers, k);
            List<String> lines = InputFiles.readLines(calibration, "calibration text, one sequence per line");
            List<long[]> sequences;
            try (TextTokenizer tokenizer = HfCheckpoint.openTokenizer(model)) {
                sequences = lines.stream().filter(l -> !l.isBlank()).map(tokenizer::encode).toList();
            }
            if (sequences.isEmpty()) {
                throw new IllegalArgumentException(calibration + ": expected at least one non-blank line");
            }
            long[] ids = sequences.stream().flatMapToLong(LongStream::of).toArray();
            List<Integer> removed;
            double before;
            double after;
            try (LlamaModel full = HfCheckpoint.load(model, rt)) {
                removed = method.removed(new DecoderTarget(full, sequences, windowing, 8), m, k, seed.seed(),
                        candidateLimit.candidateLimit());
                before = Perplexity.compute(full, ids, windowing).ppl();
                after = Perplexity.compute(full, ids, windowing, new HashSet<>(removed)).ppl();
            }
            List<Integer> keptLayers = IntStream.range(0, layers).filter(l -> !removed.contains(l)).boxed().toList();
            // the kept layers alone, read again: the memory of one model, not of the model and its pruned copy
            try (LlamaModel pruned = HfCheckpoint.loadLayers(model, rt, keptLayers)) {
                HfExport.builder().optFilesFrom(model).build().write(pruned, out);
            }
            String kept = keptLayers.stream().map(String::valueOf).collect(Collectors.joining(","));
            Files2.write(out.resolve(SUMMARY), "{\"method\":\"" + method.word()
                    + "\",\"keep\":" + m + ",\"layers\":" + layers + ",\"removed\":" + removed.toString()
                    .replace(" ", "") + ",\"kept\":[" + kept + "],\"calibration_ppl\":" + Json.number(before)
                    + ",\"pruned_calibration_ppl\":" + Json.number(after) + "}\n");
            System.out.println("removed " + removed + " of " + layers + " layers: calibration ppl " + before
                    + " -> " + after + "; wrote " + out);
            return 0;
        }
    }

    /**
     * Checks that a model folder is complete and that its context holds the perplexity windows.
     *
     * @param model the Hugging Face folder
     * @param windowing the windows
     * @return the model's configuration
     */
    private static LlamaConfig checkWindow(Path model, Perplexity.Windowing windowing) {
        HfCheckpoint.checkFolder(model, true);
        Path config = model.resolve(HfCheckpoint.CONFIG);
        LlamaConfig read = LlamaConfig.read(config);
        Perplexity.checkWindow(windowing, read, config.toString());
        return read;
    }
}
