package sglp.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.Json;
import sglp.llm.HfCheckpoint;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.TextTokenizer;
import sglp.options.SeedOption;
import sglp.progress.Progress;
import sglp.zeroshot.BrownChoices;
import sglp.zeroshot.ChoiceTask;
import sglp.zeroshot.TaskFormat;
import sglp.zeroshot.TaskScore;
import sglp.zeroshot.ZeroShot;

/** {@code sglp llm eval}: zero-shot multiple-choice accuracy of a model, scored as lm-eval scores it. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Zero-shot multiple-choice accuracy: each answer's log-likelihood given its context; acc by the "
                + "highest, acc_norm by the highest per character; standard errors as lm-eval. Output JSON: "
                + "{\"model\",\"results\":[{\"task\",\"items\",\"acc\",\"acc_norm\",\"acc_stderr\","
                + "\"acc_norm_stderr\"},...]}; a standard error is null with fewer than 2 items (undefined).")
final class LlmEvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model folder")
    Path model;

    @Option(names = "--task", required = true, paramLabel = "NAME[=PATH]", description = "repeatable: "
            + "brown_mc (held-out Brown text, no file) or piqa|hellaswag|arc_easy|arc_challenge|openbookqa|"
            + "winogrande|mmlu|cmmlu=file or folder")
    List<String> tasks;

    @Option(names = "--limit", defaultValue = "0", description = "items per task, 0: all (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--batch", defaultValue = "8", description = "sequences per forward pass (default "
            + "${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--items", defaultValue = "200", description = "brown_mc items (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--choices", defaultValue = "4", description = "brown_mc answers per item (default "
            + "${DEFAULT-VALUE})")
    int choices;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "result .json")
    Path out;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() {
        LlmRuntime rt = runtime.runtime();
        HfCheckpoint.checkFolder(model, true);
        List<ChoiceTask> read = new ArrayList<>();
        for (String task : tasks) {
            int eq = task.indexOf('=');
            if (task.strip().equals("brown_mc")) {
                read.add(BrownChoices.heldOut(seed.seed(), items, choices));
            } else if (eq < 1) {
                throw new IllegalArgumentException("--task: expected brown_mc or NAME=PATH, found '" + task + "'");
            } else {
                read.add(TaskFormat.byName(task.substring(0, eq)).read(Path.of(task.substring(eq + 1))));
            }
        }
        Progress progress = ConsoleProgress.create();
        ZeroShot zeroShot = ZeroShot.builder().optBatchSize(batch).optLimit(limit).optProgress(progress).build();
        JsonArray results = new JsonArray();
        try (TextTokenizer tokenizer = HfCheckpoint.openTokenizer(model);
                LlamaModel m = HfCheckpoint.load(model, rt)) {
            for (ChoiceTask task : read) {
                TaskScore s = zeroShot.evaluate(m, tokenizer, task);
                JsonObject r = new JsonObject();
                r.addProperty("task", s.task());
                r.addProperty("items", s.items());
                r.add("acc", Json.number(s.acc()));
                r.add("acc_norm", Json.number(s.accNorm()));
                r.add("acc_stderr", Json.number(s.accStderr()));
                r.add("acc_norm_stderr", Json.number(s.accNormStderr()));
                results.add(r);
                System.out.printf("%s: %d items, acc %.4f +- %.4f, acc_norm %.4f +- %.4f (%.1f s)%n", s.task(),
                        s.items(), s.acc(), s.accStderr(), s.accNorm(), s.accNormStderr(), s.seconds());
            }
        }
        ConsoleProgress.finish(progress);
        JsonObject json = new JsonObject();
        json.addProperty("model", model.toAbsolutePath().toString());
        json.add("results", results);
        Files2.write(out, new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                .toJson(json) + "\n");
        return 0;
    }
}
