package sglp.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.InputFiles;
import sglp.io.Json;
import sglp.llm.HfCheckpoint;
import sglp.llm.HfExport;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.llm.LoraResult;
import sglp.llm.TextTokenizer;
import sglp.options.LoraOptions;
import sglp.options.SeedOption;
import sglp.progress.Progress;

/** {@code sglp llm lora}: LoRA fine-tuning of a model folder, merged into the weights of the written folder. */
@Command(name = "lora", mixinStandardHelpOptions = true,
        description = "LoRA fine-tuning on a text (one sequence per non-blank line): adapters of rank r on the "
                + "target projections train while the weights stay frozen, then merge into them; writes the tuned "
                + "model in the same Hugging Face layout with sglp_lora.json: {\"rank\",\"alpha\",\"targets\","
                + "\"steps\",\"trainable_parameters\",\"base_parameters\",\"loss_first\",\"loss_last\",\"skipped\","
                + "\"seconds\"}.")
final class LlmLoraCommand implements Callable<Integer> {
    /** The summary's file name inside the written folder. */
    static final String SUMMARY = "sglp_lora.json";

    @Option(names = "--model", required = true, description = "Hugging Face model folder")
    Path model;

    @Option(names = "--text", required = true, description = "UTF-8 training text, one sequence per line")
    Path text;

    @Mixin
    LoraOptions lora;

    @Option(names = "--batch", defaultValue = "16", description = "windows per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq", defaultValue = "64", description = "tokens per window (default ${DEFAULT-VALUE})")
    int seq;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.NewFolder.class,
            required = true, description = "the new model folder")
    Path out;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() {
        LlmRuntime rt = runtime.runtime();
        HfCheckpoint.checkFolder(model, true);
        List<String> lines = InputFiles.readLines(text, "tuning text, one sequence per line");
        Progress progress = ConsoleProgress.create();
        Lora tuning = lora.lora(seed.seed(), LlmTrainer.builder().optBatchSize(batch).optSeqLength(seq)
                .optProgress("lora", progress));
        try (TextTokenizer tokenizer = HfCheckpoint.openTokenizer(model);
                LlamaModel m = HfCheckpoint.load(model, rt)) {
            long[] ids = tokenizer.encodeAll(lines.stream().filter(l -> !l.isBlank()).toList());
            LoraResult r = tuning.tune(m, ids);
            ConsoleProgress.finish(progress);
            HfExport.builder().optFilesFrom(model).build().write(m, out);
            List<Double> losses = r.training().losses();
            JsonObject json = new JsonObject();
            json.addProperty("rank", r.rank());
            json.addProperty("alpha", r.alpha());
            json.add("targets", new GsonBuilder().create().toJsonTree(r.targets()));
            json.addProperty("steps", losses.size());
            json.addProperty("trainable_parameters", r.trainableParameters());
            json.addProperty("base_parameters", r.baseParameters());
            json.add("loss_first", Json.number(losses.get(0)));
            json.add("loss_last", Json.number(losses.get(losses.size() - 1)));
            json.addProperty("skipped", r.training().skipped());
            json.addProperty("seconds", r.training().seconds());
            Files2.write(out.resolve(SUMMARY), new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                    .toJson(json) + "\n");
            System.out.printf("LoRA r=%d on %s: loss %.3f -> %.3f in %d steps; wrote %s%n", r.rank(), r.targets(),
                    losses.get(0), losses.get(losses.size() - 1), losses.size(), out);
        } finally {
            ConsoleProgress.finish(progress);
        }
        return 0;
    }
}
