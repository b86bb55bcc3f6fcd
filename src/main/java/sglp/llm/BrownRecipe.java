package sglp.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import sglp.data.DataCache;
import sglp.io.CacheSeal;

/**
 * How the tiny LLaMA of this project is made from the Brown corpus, and its cached Hugging Face folder.
 *
 * <p>The corpus is split by document with the seed (10% validation, 10% test); the vocabulary is the most frequent
 * words of the first {@code trainDocuments} training documents; a {@link LlamaConfig#tiny} decoder with
 * {@code layers} layers is trained on their token stream by {@link LlmTrainer}, {@code steps} steps of
 * {@code 16 x 64} tokens at the given rate. The result, with its tokenizer, is written once to
 * {@code <cache>/models/<name>} by {@link HfExport}, sealed with the sizes and SHA-256 of its files
 * ({@link CacheSeal}), and read from there afterwards; an incomplete or corrupt folder is rebuilt.
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

    /**
     * @return the recipe behind the project's tiny Brown model: 4000 words, all 400 training documents, 8 layers,
     *     2000 steps at rate 3e-3, seed 0
     */
    public static BrownRecipe standard() {
        return new BrownRecipe(4000, 400, 8, 2000, 3e-3, 0);
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
     * @param listener receives the training steps, if any
     * @return the Hugging Face folder
     */
    public Path loadOrTrain(LlmTrainer.Listener listener) {
        return loadOrTrain(DataCache.dir(), listener);
    }

    /** Whether an unsealed folder opens whole: its config, weights and tokenizer read without error. */
    private static boolean loads(Path folder) {
        try (TextTokenizer tokenizer = HfCheckpoint.openTokenizer(folder);
                LlamaModel model = HfCheckpoint.load(folder)) {
            return true;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Returns the model folder in a cache folder, training it first if missing. The folder is sealed
     * ({@link CacheSeal}) once written; a folder whose seal is missing or does not match its files (a truncated or
     * changed file, an interrupted write) is deleted and rebuilt, with one line on standard error saying so. A
     * folder from before seals existed is sealed as it is if it loads whole.
     *
     * @param cache the cache folder
     * @param listener receives the training steps, if any
     * @return {@code cache/models/name()}
     */
    public Path loadOrTrain(Path cache, LlmTrainer.Listener listener) {
        Path folder = cache.resolve("models").resolve(name());
        if (Files.exists(folder)) {
            Optional<String> problem = CacheSeal.check(folder);
            if (problem.isEmpty()) {
                return folder;
            }
            if (!Files.exists(CacheSeal.sealFile(folder)) && loads(folder)) {
                CacheSeal.seal(folder);  // written before seals existed, and whole: sealed as it is
                return folder;
            }
            System.err.println("sglp: the cached model " + folder + " is incomplete or corrupt (" + problem.get()
                    + "); rebuilding it");
            CacheSeal.discard(folder);
        }
        List<String> sentences = trainSentences();
        WordVocabulary vocab = WordVocabulary.build(sentences, vocabWords);
        try {
            Path tokenizerDir = Files.createTempDirectory("sglp-tokenizer");
            try (TextTokenizer tokenizer = TextTokenizer.open(vocab.write(tokenizerDir));
                    LlamaModel model = LlamaModel.create(LlamaConfig.tiny(vocab.size()).withNumLayers(layers), seed)) {
                LlmTrainer.builder().optSteps(steps).optLearningRate(learningRate).optSeed(seed)
                        .optListener(listener).build().train(model, tokenizer.encodeAll(sentences));
                HfExport.builder().optFilesFrom(tokenizerDir).build().write(model, folder);
                CacheSeal.seal(folder);
            } finally {
                for (String name : HfCheckpoint.COMPANION_FILES) {
                    Files.deleteIfExists(tokenizerDir.resolve(name));
                }
                Files.delete(tokenizerDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + folder + ": " + e.getMessage(), e);
        }
        return folder;
    }
}
