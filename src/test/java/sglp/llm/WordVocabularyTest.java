package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A word vocabulary built from text and read back through DJL's tokenizers binding. */
class WordVocabularyTest {

    @TempDir
    Path dir;

    @Test
    void theMostFrequentWordsComeFirstAfterTheSpecialTokens() {
        WordVocabulary v = WordVocabulary.build(List.of("The cat sat.", "the dog's mat, the cat"), 4);
        assertEquals(List.of("the", "cat", "'", ","), v.words());
        assertEquals(8, v.size());
        assertEquals(List.of("the", "dog", "'", "s", "mat", ",", "``", "a"),
                WordVocabulary.split("The dog's mat, `` a"));
        assertThrows(IllegalArgumentException.class, () -> new WordVocabulary(List.of("a", "<s>")));
    }

    @Test
    void djlReadsItAddsBosAndMapsUnknownWordsToUnk() throws Exception {
        List<String> texts = List.of("The Fulton jury said it was `` not so '' .", "the jury's verdict , 1/2");
        WordVocabulary v = WordVocabulary.build(texts, 100);
        Path file = v.write(dir);
        for (String name : List.of("tokenizer_config.json", "special_tokens_map.json")) {
            assertTrue(Files.readString(dir.resolve(name)).contains("\"bos_token\": \"<s>\""));
        }
        try (TextTokenizer t = TextTokenizer.open(file)) {
            for (String text : texts) {
                long[] ids = t.encode(text);
                List<String> words = WordVocabulary.split(text);
                assertEquals(1, ids[0]);
                assertArrayEquals(words.stream().mapToLong(w -> v.tokens().indexOf(w)).toArray(),
                        Arrays.copyOfRange(ids, 1, ids.length), text);
                assertEquals(String.join(" ", words), t.decode(ids));
            }
            assertArrayEquals(new long[] {1, v.tokens().indexOf("the"), 0, 0}, t.encode("THE zebra grazed"));
        }
    }
}
