package sglp.llm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.CacheEntry;

/** The Brown model is trained once and read from the cache afterwards. */
class BrownRecipeTest {

    @TempDir
    Path cache;

    @Test
    void theFolderIsCompleteAndCached() {
        BrownRecipe recipe = new BrownRecipe(300, 4, 3, 3, 3e-3, 5);
        AtomicInteger steps = new AtomicInteger();
        BrownRecipe.Loaded trained = recipe.loadOrTrain(cache, (task, step, total, loss) -> steps.incrementAndGet());
        Path folder = trained.folder();
        assertEquals(cache.resolve("models").resolve(recipe.name()), folder);
        assertEquals(3, steps.get());
        assertEquals(3, trained.losses().size());
        assertTrue(Files.isRegularFile(folder.resolve("tokenizer_config.json")));
        HfCheckpoint.checkFolder(folder, true);
        try (LlamaModel model = HfCheckpoint.load(folder);
                TextTokenizer tokenizer = TextTokenizer.open(folder.resolve(HfCheckpoint.TOKENIZER))) {
            assertEquals(304, model.config().vocabSize());
            assertEquals(3, model.config().numLayers());
            assertEquals(1, tokenizer.encode("the jury")[0]);
        }
        assertEquals(new BrownRecipe.Loaded(folder, List.of()),
                recipe.loadOrTrain(cache, (task, step, total, loss) -> steps.incrementAndGet()));
        assertEquals(3, steps.get());
        assertEquals(Optional.empty(), CacheEntry.of(folder).problem());
    }

    /** Opens the recipe's folder, returning the lines it printed on standard error (not the engine's logging). */
    private static String loadOrTrain(BrownRecipe recipe, Path cache, AtomicInteger steps) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            recipe.loadOrTrain(cache, (task, step, total, loss) -> steps.incrementAndGet());
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("[main] "))
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void aTruncatedOrChangedCachedModelIsRebuiltWithOneLineSayingSo() throws Exception {
        BrownRecipe recipe = new BrownRecipe(300, 4, 2, 3, 3e-3, 6);
        AtomicInteger steps = new AtomicInteger();
        assertEquals("", loadOrTrain(recipe, cache, steps));
        Path folder = cache.resolve("models").resolve(recipe.name());
        Path weights = folder.resolve(HfCheckpoint.SINGLE);
        long size = Files.size(weights);
        try (FileChannel c = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            c.truncate(size / 2);
        }
        String said = loadOrTrain(recipe, cache, steps);
        assertEquals("cache: " + folder + " cannot be used (file " + HfCheckpoint.SINGLE + ": expected " + size
                + " bytes, found " + size / 2 + " (truncated)): rebuilding it\n", said);
        assertEquals(6, steps.get());
        assertEquals(size, Files.size(weights));
        assertEquals(Optional.empty(), CacheEntry.of(folder).problem());
        try (LlamaModel model = HfCheckpoint.load(folder)) {
            assertEquals(2, model.config().numLayers());
        }
        Path tokenizer = folder.resolve(HfCheckpoint.TOKENIZER);
        Files.writeString(tokenizer, Files.readString(tokenizer).replace("\"the\"", "\"teh\""));
        assertTrue(loadOrTrain(recipe, cache, steps).contains("file " + HfCheckpoint.TOKENIZER + ": expected SHA-256 "));
        assertEquals(9, steps.get());
        assertEquals("", loadOrTrain(recipe, cache, steps));
        assertEquals(9, steps.get());
    }

    @Test
    void aFolderWithoutItsCompletionRecordIsRebuilt() throws Exception {
        BrownRecipe recipe = new BrownRecipe(300, 4, 2, 3, 3e-3, 7);
        AtomicInteger steps = new AtomicInteger();
        loadOrTrain(recipe, cache, steps);
        Path folder = cache.resolve("models").resolve(recipe.name());
        Files.delete(CacheEntry.of(folder).record());
        String said = loadOrTrain(recipe, cache, steps);
        assertTrue(said.startsWith("cache: " + folder + " cannot be used (it has no completion record "), said);
        assertEquals(6, steps.get());
        assertEquals(Optional.empty(), CacheEntry.of(folder).problem());
    }
}
