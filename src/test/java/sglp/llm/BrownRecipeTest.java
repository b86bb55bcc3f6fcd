package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Brown model is trained once and read from the cache afterwards. */
class BrownRecipeTest {

    @TempDir
    Path cache;

    @Test
    void theFolderIsCompleteAndCached() {
        BrownRecipe recipe = new BrownRecipe(300, 4, 3, 3, 3e-3, 5);
        AtomicInteger steps = new AtomicInteger();
        Path folder = recipe.loadOrTrain(cache, (step, total, loss) -> steps.incrementAndGet());
        assertEquals(cache.resolve("models").resolve(recipe.name()), folder);
        assertEquals(3, steps.get());
        assertTrue(Files.isRegularFile(folder.resolve("tokenizer_config.json")));
        HfCheckpoint.checkFolder(folder, true);
        try (LlamaModel model = HfCheckpoint.load(folder);
                TextTokenizer tokenizer = TextTokenizer.open(folder.resolve(HfCheckpoint.TOKENIZER))) {
            assertEquals(304, model.config().vocabSize());
            assertEquals(3, model.config().numLayers());
            assertEquals(1, tokenizer.encode("the jury")[0]);
        }
        assertEquals(folder, recipe.loadOrTrain(cache, (step, total, loss) -> steps.incrementAndGet()));
        assertEquals(3, steps.get());
    }
}
