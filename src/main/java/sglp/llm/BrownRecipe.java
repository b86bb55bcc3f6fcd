package sglp.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sglp.io.CacheEntry;
import sglp.io.DataCache;
import sglp.progress.Progress;

/**
 * How the tiny LLaMA of this project is made from the Brown corpus, and its cached Hugging Face folder.
 *
 * <p>The corpus is split by document with the seed (10% validation, 10% test); the vocabulary is the most frequent
 * words of the first {@code trainDocuments} training documents; a {@link LlamaConfig#tiny} decoder with
 * {@code layers} layers is trained on their token stream by {@link LlmTrainer}, {@code steps} steps of
 * {@code 16 x 64} tokens at the given rate. The result, with its tokenizer, is written once to
 * {@code <cache>/models/<name>} by {@link HfExport}, sealed with the sizes and SHA-256 of its files
 * ({@link CacheEntry}), and read from there afterwards; an incomplete or corrupt folder is rebuilt.
 *
 * @param vocabWords words in the vocabulary besides the special tokens
 * @param trainDocuments training documents used, at most the split's
 * @param layers decoder layers
 * @param steps training steps
 * @param learningRate AdamW's learning rate
 * @param seed seeds the split, the initial weights and the training windows
 */
public record BrownRecipe(int vocabWords, int trainDocuments, int layers, int steps, double learningRate,
        long seed) {
    /** Share of the documents held out for validation, and again for test. */
    public static final double HELD_OUT = 0.1;
    /** The standard vocabulary: the 4,000 most frequent words. */
    public static final int VOCAB_WORDS = 4000;
    /** The standard training documents: all 400 of the training split. */
    public static final int TRAIN_DOCUMENTS = 400;
    /** The standard number of decoder layers. */
    public static final int LAYERS = 8;
    /** The standard number of AdamW steps. */
    public static final int STEPS = 2000;
    /** The standard AdamW learning rate. */
    public static final double LEARNING_RATE = 3e-3;

    /**
     * @return the recipe behind the project's tiny Brown model: {@value #VOCAB_WORDS} words, all
     *     {@value #TRAIN_DOCUMENTS} training documents, {@value #LAYERS} layers, {@value #STEPS} steps at rate
     *     {@value #LEARNING_RATE}, seed 0
     */
    public static BrownRecipe standard() {
        return new BrownRecipe(VOCAB_WORDS, TRAIN_DOCUMENTS, LAYERS, STEPS, LEARNING_RATE, 0);
    }

    /** Checks the settings. */
    public BrownRecipe {
        positive("vocabulary words", vocabWords);
        positive("training documents", trainDocuments);
        positive("layers", layers);
        positive("steps", steps);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate: expected > 0, found " + learningRate);
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Brown recipe " + field + ": expected >= 1, found " + value);
        }
    }

    /** @return the folder name, every setting in it */
    public String name() {
        return "brown-llama-tiny-w" + vocabWords + "-d" + trainDocuments + "-l" + layers + "-s" + steps + "-lr"
                + learningRate + "-seed" + seed;
    }

    /** @return the corpus split this recipe uses */
    public BrownCorpus.Split split() {
        return BrownCorpus.load().split(seed, HELD_OUT, HELD_OUT);
    }

    /** @return the training sentences */
    public List<String> trainSentences() {
        List<BrownCorpus.Document> train = split().train();
        return BrownCorpus.sentences(train.subList(0, Math.min(trainDocuments, train.size())));
    }

    /** @return the validation sentences: calibration text for pruning */
    public List<String> validationSentences() {
        return BrownCorpus.sentences(split().validation());
    }

    /** @return the test sentences: held-out text for perplexity and the zero-shot benchmark */
    public List<String> testSentences() {
        return BrownCorpus.sentences(split().test());
    }

    /**
     * Returns the model folder in {@code DataCache.dir()}, training it first if missing.
     *
     * @param progress hears of the training steps, if any, as the task {@code "train"}
     * @return the Hugging Face folder, and the training losses when it was trained now
     */
    public Loaded loadOrTrain(Progress progress) {
        return loadOrTrain(DataCache.dir(), progress);
    }

    /**
     * Returns the model folder in a cache folder, training it first if missing. The folder is a {@link CacheEntry}:
     * used only when its completion record vouches for every file (size and SHA-256); a truncated, changed or
     * unrecorded folder (an interrupted write, a copy from elsewhere) is deleted and trained again, with one line
     * on standard error saying so.
     *
     * @param cache the cache folder
     * @param progress hears of the training steps, if any, as the task {@code "train"}
     * @return {@code cache/models/name()}, and the training losses when it was trained now
     */
    public Loaded loadOrTrain(Path cache, Progress progress) {
        List<Double> losses = new ArrayList<>();
        Path folder = CacheEntry.of(cache.resolve("models").resolve(name()))
                .getOrBuild(f -> losses.addAll(train(f, progress).losses()), System.err::println);
        return new Loaded(folder, List.copyOf(losses));
    }

    /**
     * The Brown model, ready to open.
     *
     * @param folder the Hugging Face folder
     * @param losses each training step's mean cross-entropy in nats when it was trained by this call; empty when it
     *     was read from the cache
     */
    public record Loaded(Path folder, List<Double> losses) {
    }

    private LlmTrainer.Result train(Path folder, Progress progress) throws IOException {
        List<String> sentences = trainSentences();
        WordVocabulary vocab = WordVocabulary.build(sentences, vocabWords);
        Path tokenizerDir = Files.createTempDirectory("sglp-tokenizer");
        try (TextTokenizer tokenizer = TextTokenizer.open(vocab.write(tokenizerDir));
                LlamaModel model = LlamaModel.create(LlamaConfig.tiny(vocab.size()).withNumLayers(layers), seed)) {
            LlmTrainer.Result result = LlmTrainer.builder().optSteps(steps).optLearningRate(learningRate).optSeed(seed)
                    .optProgress("train", progress).build().train(model, tokenizer.encodeAll(sentences));
            HfExport.builder().optFilesFrom(tokenizerDir).build().write(model, folder);
            return result;
        } finally {
            for (String name : HfCheckpoint.COMPANION_FILES) {
                Files.deleteIfExists(tokenizerDir.resolve(name));
            }
            Files.delete(tokenizerDir);
        }
    }
}
