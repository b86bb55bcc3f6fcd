package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and splitting the Brown corpus. */
class BrownCorpusTest {

    @TempDir
    Path dir;

    @Test
    void tagsAreStrippedAndEachLineIsASentence() throws Exception {
        Files.writeString(dir.resolve("cb02"), "\n\n\tA/at dog/nn ran/vbd ./.\n");
        Files.writeString(dir.resolve("ca01"), "\n\tThe/at Fulton/np-tl jury/nn said/vbd 1/2/cd ./.\n\n\n"
                + "\t``/`` Yes/rb ''/'' ./.\n");
        Files.writeString(dir.resolve("README"), "not a document");
        BrownCorpus corpus = BrownCorpus.read(dir);
        assertEquals(List.of("ca01", "cb02"), corpus.documents().stream().map(BrownCorpus.Document::name).toList());
        assertEquals(List.of("The Fulton jury said 1/2 .", "`` Yes '' .", "A dog ran ."), corpus.sentences());
    }

    @Test
    void malformedAndMissingFilesAreNamed() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrownCorpus.read(dir)).getMessage()
                .startsWith(dir + ": no Brown corpus document"));
        Files.writeString(dir.resolve("ca01"), "\tThe/at\n\tjury said/vbd\n");
        assertEquals(dir.resolve("ca01") + ":2: expected word/tag, found 'jury'",
                assertThrows(IllegalArgumentException.class, () -> BrownCorpus.read(dir)).getMessage());
    }

    @Test
    void theSplitIsSeededDisjointAndComplete() throws Exception {
        for (int i = 10; i < 30; i++) {
            Files.writeString(dir.resolve("ck" + i), "\tw" + i + "/nn\n");
        }
        BrownCorpus corpus = BrownCorpus.read(dir);
        BrownCorpus.Split split = corpus.split(7, 0.1, 0.2);
        assertEquals(split, corpus.split(7, 0.1, 0.2));
        assertEquals(2, split.validation().size());
        assertEquals(4, split.test().size());
        Set<BrownCorpus.Document> all = new HashSet<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        assertEquals(Set.copyOf(corpus.documents()), all);
        assertTrue(!split.equals(corpus.split(8, 0.1, 0.2)));
        assertThrows(IllegalArgumentException.class, () -> corpus.split(7, 0.5, 0.5));
    }

    @Test
    void theCachedCorpusHasAllDocuments() {
        BrownCorpus corpus = BrownCorpus.load();
        assertEquals(500, corpus.documents().size());
        assertEquals("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election"
                + " produced `` no evidence '' that any irregularities took place .", corpus.sentences().get(0));
        try (Stream<String> s = corpus.sentences().stream()) {
            assertTrue(s.count() > 50_000);
        }
    }
}
