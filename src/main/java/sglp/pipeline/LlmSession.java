package sglp.pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import sglp.cka.SimilarityMatrix;
import sglp.io.InputFiles;
import sglp.llm.BrownRecipe;
import sglp.llm.DecoderTarget;
import sglp.llm.HfCheckpoint;
import sglp.llm.HfExport;
import sglp.llm.LlamaConfig;
import sglp.llm.LlamaModel;
import sglp.llm.LlmRuntime;
import sglp.llm.LlmSglp;
import sglp.llm.LlmSglpResult;
import sglp.llm.Lora;
import sglp.llm.LoraResult;
import sglp.llm.Perplexity;
import sglp.llm.PruneMethod;
import sglp.llm.TextTokenizer;
import sglp.llm.UnigramModel;
import sglp.progress.Progress;
import sglp.segment.Segmentation;
import sglp.select.SegmentSearch;
import sglp.zeroshot.BrownChoices;
import sglp.zeroshot.ChoiceTask;
import sglp.zeroshot.TaskFormat;
import sglp.zeroshot.TaskScore;
import sglp.zeroshot.ZeroShot;

/**
 * SGLP for a LLaMA decoder stage by stage, keeping each stage's result: the model (the Brown model trained here, or
 * a Hugging Face folder), the CKA of its decoder layers on calibration text, Fisher segments, the perplexity search
 * inside each segment, the comparison with the baselines, LoRA ({@link PruningSession} holds the stages both model
 * families share; running a stage again clears every later stage). The command line's {@code sglp llm} commands and
 * the notebooks drive the same methods. A session owns its model and tokenizer: close it when done.
 */
public final class LlmSession extends PruningSession<LlmSglpResult> {
    /** The comparison's row of the SGLP-pruned model after LoRA. */
    public static final String TUNED_ROW = "SGLP+LoRA";
    /** The default number of seeds of a comparison: the session's own (Table 4 is one run). */
    public static final int SEEDS = 1;
    private final Perplexity.Windowing windowing;
    private LlamaModel model;
    private TextTokenizer tokenizer;
    private LlmModelCard card;
    private List<String> calibrationPool;
    private List<String> tuningText;
    private long[] heldOut;
    private List<long[]> calibration;
    private int calibrationSequences;
    private final List<ChoiceTask> tasks = new ArrayList<>();
    private LlmComparison comparison;
    private LlmSeedSummary seedSummary;
    private LoraResult lora;
    private LlamaModel tuned;
    private LlmRuntime runtime;
    private long candidateLimit = SegmentSearch.DEFAULT_LIMIT;

    /**
     * Creates a session.
     *
     * @param seed the seed of every random choice in the session
     * @param windowing the windows of every perplexity the session computes
     * @param progress where long stages report progress
     */
    public LlmSession(long seed, Perplexity.Windowing windowing, Progress progress) {
        super(seed, progress);
        this.windowing = windowing;
        option("seed", seed);
        option("window", windowing.window());
        option("stride", windowing.stride());
    }

    @Override
    protected void clear(Stage stage) {
        switch (stage) {
            case MODEL -> {
                if (model != null) {
                    model.close();
                }
                if (tokenizer != null) {
                    tokenizer.close();
                }
                model = null;
                tokenizer = null;
                card = null;
                calibrationPool = null;
                tuningText = null;
                heldOut = null;
                tasks.clear();
            }
            case CKA -> calibration = null;
            case COMPARE -> {
                comparison = null;
                seedSummary = null;
            }
            case TUNE -> {
                if (tuned != null) {
                    tuned.close();
                }
                tuned = null;
                lora = null;
                comparison = comparison == null ? null : comparison.without(TUNED_ROW);
            }
            default -> { }
        }
    }

    /**
     * Sets where the models of later model stages run and in which type they compute; by default
     * {@link LlmRuntime#auto()} (a GPU in float16 if the engine has one, else the CPU in float32).
     *
     * @param runtime the device and compute type
     * @return this session
     */
    public LlmSession withRuntime(LlmRuntime runtime) {
        this.runtime = runtime;
        option("device", runtime.device().toString());
        option("dtype", LlmRuntime.torchName(runtime.dtype()));
        return this;
    }

    /**
     * Sets the largest number of candidates a search may score, SGLP's and {@code sglp-noseg}'s
     * ({@link LlmSglp.Builder#optCandidateLimit}).
     *
     * @param limit at least 1
     * @return this session
     */
    public LlmSession withCandidateLimit(long limit) {
        LlmSglp.builder().optCandidateLimit(limit);
        this.candidateLimit = limit;
        option("candidateLimit", limit);
        return this;
    }

    /** @return the device and compute type of the session's models */
    public LlmRuntime runtime() {
        if (runtime == null) {
            runtime = LlmRuntime.auto();
        }
        return runtime;
    }

    /**
     * Uses the tiny LLaMA trained on the Brown corpus (trained here once, then read from the cache): calibration
     * sentences come from the validation documents, the held-out text is the test documents (each sentence
     * tokenized on its own, as in training), LoRA tunes on the training documents.
     *
     * @param recipe how the model is made
     * @param heldOutTokens tokens of held-out text for perplexity (0: all of the test documents)
     * @param choiceItems items of the Brown multiple-choice task built from the test documents (4 choices each;
     *     0: no task)
     * @return the model's card, with its held-out perplexity beside the unigram model's
     */
    public LlmModelCard useBrown(BrownRecipe recipe, int heldOutTokens, int choiceItems) {
        return run(Stage.MODEL, "model", () -> {
            option("model", recipe.name());
            option("heldOutTokens", heldOutTokens);
            option("choiceItems", choiceItems);
            long start = System.nanoTime();
            BrownRecipe.Loaded loaded = recipe.loadOrTrain(progress());
            Path folder = loaded.folder();
            List<Double> losses = loaded.losses();
            String origin = losses.isEmpty() ? "read from the cache"
                    : String.format(Locale.ROOT, "trained here, %d steps in %.1f s", losses.size(),
                            (System.nanoTime() - start) / 1e9);
            List<String> test = recipe.testSentences();
            open(folder, recipe.validationSentences(), recipe.trainSentences(), t -> t.encodeAll(test),
                    heldOutTokens);
            double unigram = UnigramModel.fit(tokenizer.encodeAll(tuningText), model.config().vocabSize())
                    .perplexity(heldOut).ppl();
            card = card(folder, origin, unigram, losses);
            if (choiceItems > 0) {
                tasks.add(BrownChoices.build(test, choiceItems, 4, seed()));
            }
            return card;
        });
    }

    /**
     * Uses a Hugging Face model folder with calibration text and held-out text of one's own.
     *
     * @param folder the folder (config.json, safetensors, tokenizer.json)
     * @param calibrationText UTF-8 text, one calibration sequence per non-blank line
     * @param heldOutText UTF-8 text for perplexity, tokenized as one sequence
     * @param tuningTextFile UTF-8 text LoRA tunes on, one sequence per non-blank line, or null (no LoRA then)
     * @param heldOutTokens tokens of held-out text to score (0: all)
     * @return the model's card
     */
    public LlmModelCard useModel(Path folder, Path calibrationText, Path heldOutText, Path tuningTextFile,
            int heldOutTokens) {
        HfCheckpoint.checkFolder(folder, true);
        return run(Stage.MODEL, "model", () -> {
            option("model", folder.toString());
            option("calibrationText", calibrationText.toString());
            option("heldOutText", heldOutText.toString());
            option("heldOutTokens", heldOutTokens);
            String text = read(heldOutText);
            open(folder, lines(calibrationText), tuningTextFile == null ? List.of() : lines(tuningTextFile),
                    t -> t.encode(text), heldOutTokens);
            input(null, "calibration text", calibrationText);
            input(null, "held-out text", heldOutText);
            if (tuningTextFile != null) {
                input(null, "tuning text", tuningTextFile);
            }
            card = card(folder, "read from " + folder, Double.NaN, List.of());
            return card;
        });
    }

    private void open(Path folder, List<String> calibrationLines, List<String> tuning,
            Function<TextTokenizer, long[]> heldOutIds, int heldOutTokens) {
        Perplexity.checkWindow(windowing, LlamaConfig.read(folder.resolve(HfCheckpoint.CONFIG)),
                folder.resolve(HfCheckpoint.CONFIG).toString());
        tokenizer = HfCheckpoint.openTokenizer(folder);
        model = HfCheckpoint.load(folder, runtime());
        HfCheckpoint.files(folder).forEach(f -> input(null, "model " + f.getFileName(), f));
        calibrationPool = calibrationLines;
        tuningText = tuning;
        long[] ids = heldOutIds.apply(tokenizer);
        heldOut = heldOutTokens > 0 && heldOutTokens < ids.length ? Arrays.copyOf(ids, heldOutTokens) : ids;
    }

    /**
     * Adds a zero-shot task that every later evaluation scores, such as one read by
     * {@link sglp.zeroshot.TaskFormat#read}.
     *
     * @param task the task
     * @return this session
     */
    public LlmSession addTask(ChoiceTask task) {
        requireModel();
        tasks.add(task);
        return this;
    }

    /**
     * Adds a zero-shot task read from a benchmark's file (or folder, for MMLU), recorded as an input of the model
     * stage.
     *
     * @param format the benchmark's format
     * @param path its file or folder
     * @return the task
     * @throws IllegalArgumentException naming the file, line and field when the file is malformed
     */
    public ChoiceTask addTask(TaskFormat format, Path path) {
        requireModel();
        ChoiceTask task = format.read(path);
        tasks.add(task);
        try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path).filter(Files::isRegularFile).sorted()
                : Stream.of(path)) {
            files.forEach(f -> input(Stage.MODEL, task.name() + " task", f));
        } catch (IOException e) {
            throw new UncheckedIOException(InputFiles.describe(e), e);
        }
        return task;
    }

    private LlmModelCard card(Path folder, String origin, double unigram, List<Double> losses) {
        long parameters = model.parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
        return new LlmModelCard(folder, origin, model.config().numLayers(), model.config().hiddenSize(),
                model.config().vocabSize(), parameters, Perplexity.compute(model, heldOut, windowing), unigram,
                windowing, losses);
    }

    /**
     * Stage 1: CKA of the decoder layers' token-level hidden states on a seeded sample of calibration sequences.
     *
     * @param sequences calibration sequences to draw (at most the pool's); the search uses the same ones
     * @return the similarity matrix
     */
    public SimilarityMatrix cka(int sequences) {
        requireModel();
        return run(Stage.CKA, "cka", () -> {
            option("calibrationSequences", sequences);
            calibrationSequences = sequences;
            calibration = drawCalibration(seed());
            progress().update("cka", 0, 1, calibration.size() + " sequences");
            SimilarityMatrix similarity = sglp().similarity(model, calibration);
            progress().update("cka", 1, 1, calibration.size() + " sequences");
            return keepSimilarity(similarity);
        });
    }

    /** The calibration sequences of a seed: a seeded sample of the pool, encoded; sequences of one token left out. */
    private List<long[]> drawCalibration(long drawSeed) {
        List<String> pool = new ArrayList<>(calibrationPool);
        Collections.shuffle(pool, new Random(drawSeed + 1));
        List<long[]> drawn = pool.subList(0, Math.min(calibrationSequences, pool.size())).stream()
                .map(tokenizer::encode).filter(ids -> ids.length > 1).toList();
        if (drawn.isEmpty()) {
            throw new IllegalArgumentException("calibration text: expected at least one sequence of 2 or more "
                    + "tokens, found none");
        }
        return drawn;
    }

    /**
     * The decoder budget when none is given: three quarters of the decoder layers (rounded), the paper's 25% of them
     * pruned, at least one per segment.
     *
     * @param layers decoder layers
     * @param segments segments
     * @return the number of decoder layers to keep
     */
    public static int defaultKeep(int layers, int segments) {
        return Math.max(segments, (int) Math.round(0.75 * layers));
    }

    /**
     * Stage 3: in each segment, the kept subset of least calibration perplexity.
     *
     * @param keep decoder layers to keep in all
     * @return every candidate's perplexity and the winners
     */
    public LlmSglpResult search(int keep) {
        Segmentation segments = require(segmentation(), "run segment before search");
        return run(Stage.SEARCH, "search", () -> {
            option("keep", keep);
            return keepSearch(sglp().search(model, segments, calibration, keep));
        });
    }

    /**
     * Stage 4 on one seed, the session's: see {@link #compare(List, int, int)}.
     *
     * @param methods the methods, e.g. {@link PruneMethod#TABLE_4}
     * @param taskItems items per zero-shot task (0: all)
     * @return the comparison
     */
    public LlmComparison compare(List<PruneMethod> methods, int taskItems) {
        return compare(methods, taskItems, 1);
    }

    /**
     * Stage 4: the dense model and each method at the search's budget (the same number of kept layers), measured
     * on the held-out text and every zero-shot task. On the session's seed, SGLP's row is the search's result and
     * the other methods rank the layers on the same calibration sequences; this is {@link #comparison()}, in Table
     * 4's format. Each further seed (the session's seed + 1, + 2, ...) draws its own calibration sequences, on which
     * every method, SGLP's CKA, segments and search included, chooses again; the held-out text and the zero-shot
     * items stay the same, and a layer set already measured is not measured again. With more than one seed,
     * {@link #seedSummary()} gives each method's mean, standard deviation and stability over the seeds.
     *
     * @param methods the methods, e.g. {@link PruneMethod#TABLE_4}
     * @param taskItems items per zero-shot task (0: all)
     * @param seeds how many seeds, at least 1
     * @return the comparison on the session's seed
     * @throws IllegalArgumentException if seeds is below 1
     */
    public LlmComparison compare(List<PruneMethod> methods, int taskItems, int seeds) {
        LlmSglpResult sglp = require(searchResult(), "run search before compare");
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds: expected at least 1, found " + seeds);
        }
        int keep = sglp.kept().size();
        return run(Stage.COMPARE, "compare", () -> {
            option("methods", methods.stream().map(PruneMethod::label).toList());
            option("taskItems", taskItems);
            option("seeds", seeds);
            Map<List<Integer>, LlmEvaluation> measured = new HashMap<>();
            LlmEvaluation dense = evaluate("Dense", model, List.of(), 0, taskItems);
            List<LlmSeedSummary.Run> runs = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                long rowSeed = seed() + i;
                DecoderTarget target = new DecoderTarget(model, i == 0 ? calibration : drawCalibration(rowSeed),
                        windowing, 8);
                for (PruneMethod method : methods) {
                    long start = System.nanoTime();
                    boolean searched = i == 0 && method == PruneMethod.SGLP;
                    List<Integer> removed = searched ? sglp.removed()
                            : method.removed(target, keep, segmentation().k(), rowSeed, candidateLimit);
                    double seconds = searched ? sglp.seconds() : (System.nanoTime() - start) / 1e9;
                    LlmEvaluation e = measured.computeIfAbsent(removed, r -> {
                        try (LlamaModel pruned = model.withoutLayers(new HashSet<>(r))) {
                            return evaluate(method.label(), pruned, r, seconds, taskItems);
                        }
                    });
                    runs.add(new LlmSeedSummary.Run(rowSeed, e.as(method.label(), seconds)));
                }
            }
            String name = card.folder().getFileName().toString();
            List<LlmEvaluation> rows = new ArrayList<>(List.of(dense));
            runs.stream().filter(r -> r.seed() == seed()).forEach(r -> rows.add(r.evaluation()));
            comparison = new LlmComparison(name, model.config().numLayers(), windowing, rows);
            seedSummary = seeds > 1 ? new LlmSeedSummary(name, model.config().numLayers(), dense, runs) : null;
            return comparison;
        });
    }

    /**
     * Stage 5: LoRA fine-tuning of the SGLP-pruned model on the tuning text, merged into its weights, then measured
     * like the rows of {@link #compare} and added to the comparison as {@code SGLP+LoRA}.
     *
     * @param lora the adapters' settings and their trainer
     * @param taskItems items per zero-shot task (0: all)
     * @return what the tuning did
     */
    public LoraResult lora(Lora lora, int taskItems) {
        LlmSglpResult sglp = require(searchResult(), "run search before lora");
        if (tuningText.isEmpty()) {
            throw new IllegalStateException("no tuning text: give one with the model (useModel's tuningText)");
        }
        return run(Stage.TUNE, "lora", () -> {
            LlamaModel pruned = model.withoutLayers(new HashSet<>(sglp.removed()));
            LoraResult result;
            try {
                result = lora.tune(pruned, tokenizer.encodeAll(tuningText));
            } catch (RuntimeException e) {
                pruned.close();
                throw e;
            }
            tuned = pruned;
            this.lora = result;
            LlmEvaluation row = evaluate(TUNED_ROW, tuned, sglp.removed(), sglp.seconds(), taskItems);
            comparison = comparison == null ? new LlmComparison(card.folder().getFileName().toString(),
                    model.config().numLayers(), windowing, List.of(row)) : comparison.with(row);
            return this.lora;
        });
    }

    private LlmEvaluation evaluate(String method, LlamaModel m, List<Integer> removed, double seconds,
            int taskItems) {
        progress().update("evaluate", 0, tasks.size() + 1, method + ": held-out perplexity");
        Perplexity.Result ppl = Perplexity.compute(m, heldOut, windowing);
        List<TaskScore> scores = new ArrayList<>();
        ZeroShot zeroShot = ZeroShot.builder().optLimit(taskItems).build();
        for (ChoiceTask task : tasks) {
            progress().update("evaluate", scores.size() + 1, tasks.size() + 1, method + ": " + task.name());
            scores.add(zeroShot.evaluate(m, tokenizer, task));
        }
        progress().update("evaluate", tasks.size() + 1, tasks.size() + 1, method + ": done");
        long parameters = m.parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
        return new LlmEvaluation(method, removed, m.config().numLayers(), parameters, ppl, scores, seconds);
    }

    /**
     * Writes the SGLP-pruned model after LoRA (merged) as a Hugging Face folder with the original tokenizer files.
     *
     * @param target a new folder
     * @return the folder
     */
    public Path exportTuned(Path target) {
        require(tuned, "run lora before exporting the tuned model");
        HfExport.builder().optFilesFrom(card.folder()).build().write(tuned, target);
        return target;
    }

    private LlmSglp sglp() {
        return LlmSglp.builder().optWindowing(windowing).optCandidateLimit(candidateLimit).optProgress(progress())
                .build();
    }

    /** @return the perplexity windows */
    public Perplexity.Windowing windowing() {
        return windowing;
    }

    /** @return the model, or null before a model stage */
    public LlamaModel model() {
        return model;
    }

    /** @return the model's card, or null before a model stage */
    public LlmModelCard card() {
        return card;
    }

    /** @return the tokenizer, or null before a model stage */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return the calibration sequences of the last CKA, or null */
    public List<long[]> calibration() {
        return calibration;
    }

    /** @return the held-out tokens, or null before a model stage */
    public long[] heldOut() {
        return heldOut;
    }

    /** @return the zero-shot tasks every evaluation scores */
    public List<ChoiceTask> tasks() {
        return List.copyOf(tasks);
    }

    /** @return the last comparison (with the LoRA row once tuned), or null */
    public LlmComparison comparison() {
        return comparison;
    }

    /** @return the methods over seeds of the last comparison, or null unless it ran on more than one seed */
    public LlmSeedSummary seedSummary() {
        return seedSummary;
    }

    /** @return the last LoRA tuning, or null */
    public LoraResult loraResult() {
        return lora;
    }

    private void requireModel() {
        require(model, "choose a model first (useBrown or useModel)");
    }

    private static String read(Path file) {
        return InputFiles.readText(file, "a UTF-8 text file");
    }

    private static List<String> lines(Path file) {
        return read(file).lines().filter(l -> !l.isBlank()).toList();
    }
}
