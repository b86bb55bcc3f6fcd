package sglp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.llm.LlmTrainer;
import sglp.llm.Lora;
import sglp.llm.Perplexity;
import sglp.llm.PruneMethod;
import sglp.options.PruneMethodWords;
import sglp.pipeline.LlmModelCard;
import sglp.pipeline.LlmSession;
import sglp.pipeline.Progress;
import sglp.pipeline.ResultsFolder;
import sglp.select.SegmentSearch;
import sglp.zeroshot.TaskFormat;

/** {@code sglp llm run}: the whole LLaMA path, by default on the tiny Brown model trained here. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole SGLP-LLM path: model (the tiny Brown LLaMA trained here and cached, or --model with "
                + "your texts), CKA of the decoder layers, Fisher segments, perplexity search per segment, every "
                + "baseline on the same budget, LoRA on the SGLP-pruned model; held-out perplexity and zero-shot "
                + "accuracy of each in Table 4's format. Writes CSV tables, HTML figures, report.html, "
                + "manifest.json and the tuned model (tuned-model/) into --out.")
class LlmRunCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", converter = OutPaths.Results.class,
            description = "results folder (default: runs/llm-<model>-<time>)")
    Path out;

    @Option(names = "--model", description = "Hugging Face model folder instead of the Brown model (needs "
            + "--calibration and --held-out)")
    Path model;

    @Option(names = "--calibration", description = "calibration text, one sequence per line (with --model)")
    Path calibration;

    @Option(names = "--held-out", description = "held-out text for perplexity (with --model)")
    Path heldOut;

    @Option(names = "--tuning", description = "text LoRA tunes on, one sequence per line (with --model; "
            + "without it, no LoRA)")
    Path tuning;

    @Mixin
    BrownOptions brown;

    @Option(names = "--task", paramLabel = "NAME=PATH", description = "a zero-shot task file or folder, repeatable: "
            + "piqa|hellaswag|arc_easy|arc_challenge|openbookqa|winogrande|mmlu|cmmlu=PATH")
    List<String> tasks = List.of();

    @Option(names = "--choice-items", defaultValue = "1000", description = "Brown model: items of the held-out "
            + "Brown multiple-choice task (default ${DEFAULT-VALUE})")
    int choiceItems;

    @Option(names = "--task-items", defaultValue = "0", description = "items per task, 0: all (default "
            + "${DEFAULT-VALUE})")
    int taskItems;

    @Option(names = "--held-out-tokens", defaultValue = "0", description = "held-out tokens to score, 0: all "
            + "(default ${DEFAULT-VALUE})")
    int heldOutTokens;

    @Option(names = "--sequences", defaultValue = "128", description = "calibration sequences (default "
            + "${DEFAULT-VALUE})")
    int sequences;

    @Option(names = "--k", defaultValue = "3", description = "segments (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--keep", description = "decoder layers to keep (default: 75%%, the paper's 25%% pruning)")
    Integer keep;

    @Option(names = "--methods", paramLabel = "LIST", split = ",", converter = PruneMethodWords.class, description = "methods to compare, of sglp|sglp-noseg|sglp-random|"
            + "random|l1|l2|shortgpt|angular|oneshot (ppl1: oneshot) (default: llm run random,l1,l2,shortgpt,angular,"
            + "sglp, the paper's Table 4; llm compare all)")
    List<PruneMethod> methods;

    @Option(names = "--lora-rank", defaultValue = "8", description = "(default ${DEFAULT-VALUE})")
    int loraRank;

    @Option(names = "--lora-alpha", defaultValue = "16", description = "(default ${DEFAULT-VALUE})")
    double loraAlpha;

    @Option(names = "--lora-targets", split = ",",
            defaultValue = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
            description = "projections with adapters (default ${DEFAULT-VALUE})")
    List<String> loraTargets;

    @Option(names = "--lora-steps", defaultValue = "200", description = "(default ${DEFAULT-VALUE})")
    int loraSteps;

    @Option(names = "--lora-lr", defaultValue = "1e-3", description = "(default ${DEFAULT-VALUE})")
    double loraLr;

    @Option(names = "--window", defaultValue = "128", description = "perplexity window W (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--stride", defaultValue = "64", description = "perplexity stride S (default ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--seed", defaultValue = "0", description = "(default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--candidate-limit", defaultValue = "" + SegmentSearch.DEFAULT_LIMIT, description = "refuse an SGLP search of more "
            + "candidates than this, one perplexity each (default ${DEFAULT-VALUE})")
    long candidateLimit;

    @Mixin
    LlmRuntimeOptions runtime;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        List<PruneMethod> chosen = methods == null ? defaultMethods() : methods;
        Progress progress = ConsoleProgress.create();
        try (LlmSession s = new LlmSession(seed, new Perplexity.Windowing(window, stride), progress)
                .withRuntime(runtime.runtime()).withCandidateLimit(candidateLimit)) {
            LlmModelCard card;
            if (model != null) {
                if (calibration == null || heldOut == null) {
                    throw new IllegalArgumentException("--model: expected --calibration FILE and --held-out FILE "
                            + "with it, found " + (calibration == null ? "no --calibration" : "no --held-out"));
                }
                card = s.useModel(model, calibration, heldOut, tuning, heldOutTokens);
            } else {
                card = s.useBrown(brown.recipe(seed), heldOutTokens, choiceItems);
            }
            for (String task : tasks) {
                int eq = task.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--task: expected NAME=PATH, found '" + task + "'");
                }
                s.addTask(TaskFormat.byName(task.substring(0, eq)).read(Path.of(task.substring(eq + 1))));
            }
            ConsoleProgress.finish(progress);
            say("model: %d decoder layers, %,d parameters (%s); held-out perplexity %.2f", card.layers(),
                    card.parameters(), card.origin(), card.heldOut().ppl());
            s.cka(sequences);
            var seg = s.segment(k);
            say("segments (k=%d): %s", k, seg.segments().stream().map(g -> g.first() + ".." + g.last())
                    .collect(Collectors.joining(" | ")));
            int m = keep != null ? keep : Math.max(k, (int) Math.round(0.75 * card.layers()));
            var search = s.search(m);
            ConsoleProgress.finish(progress);
            say("SGLP keeps %d of %d layers: %s", m, card.layers(), search.kept());
            s.compare(chosen, taskItems);
            ConsoleProgress.finish(progress);
            Path dir = out != null ? out : Path.of("runs", "llm-" + card.folder().getFileName() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (tunes() && (model == null || tuning != null)) {
                s.lora(Lora.builder().optRank(loraRank).optAlpha(loraAlpha).optTargets(loraTargets)
                        .optTrainer(LlmTrainer.builder().optSteps(loraSteps).optLearningRate(loraLr).optSeed(seed)
                                .optListener((step, steps, loss) -> progress.update("lora", step, steps,
                                        String.format(Locale.ROOT, "loss %.3f", loss))).build())
                        .build(), taskItems);
                ConsoleProgress.finish(progress);
            }
            System.out.println(s.comparison().table().print());
            s.comparison().winners().forEach((measure, method) -> say("best %s: %s", measure, method));
            List<Path> files = ResultsFolder.write(s, dir, (System.nanoTime() - start) / 1e9);
            say("wrote %d files to %s; open %s for everything", files.size(), dir.toAbsolutePath(),
                    dir.resolve("report.html"));
        } finally {
            ConsoleProgress.finish(progress);
        }
        return 0;
    }

    /** @return the methods compared when --methods is not given */
    List<PruneMethod> defaultMethods() {
        return PruneMethod.TABLE_4;
    }

    /** @return whether the run tunes the SGLP-pruned model with LoRA after the comparison */
    boolean tunes() {
        return true;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
