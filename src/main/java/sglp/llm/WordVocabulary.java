package sglp.llm;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sglp.io.AtomicFiles;
import sglp.io.InputFiles;

/**
 * A word-level vocabulary built from text, written as a Hugging Face tokenizer that {@link TextTokenizer} reads.
 *
 * <p>Text is lower-cased and split into words the way the tokenizers library's {@code Whitespace} pre-tokenizer does
 * (runs of word characters, and runs of other non-space characters). Ids 0 to 3 are the special tokens
 * {@code <unk>}, {@code <s>}, {@code </s>} and {@code <pad>}; the words follow, most frequent first (ties in
 * alphabetical order). The written tokenizer puts {@code <s>} before every text and maps words outside the
 * vocabulary to {@code <unk>}.
 *
 * @param words the words after the special tokens, in id order
 */
public record WordVocabulary(List<String> words) {
    /** The unknown-word token, id 0. */
    public static final String UNK = "<unk>";
    /** The beginning-of-sequence token, id 1. */
    public static final String BOS = "<s>";
    /** The end-of-sequence token, id 2. */
    public static final String EOS = "</s>";
    /** The padding token, id 3. */
    public static final String PAD = "<pad>";
    /** The special tokens in id order. */
    public static final List<String> SPECIAL = List.of(UNK, BOS, EOS, PAD);

    private static final Pattern WORD = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Copies the list and checks that no word is a special token or repeated. */
    public WordVocabulary {
        words = List.copyOf(words);
        if (words.stream().distinct().count() != words.size() || words.stream().anyMatch(SPECIAL::contains)) {
            throw new IllegalArgumentException("vocabulary: expected distinct words other than " + SPECIAL);
        }
    }

    /**
     * Builds the vocabulary of the most frequent words.
     *
     * @param texts the texts to count words in
     * @param maxWords how many words to keep besides the special tokens, at least 1
     * @return the vocabulary
     */
    public static WordVocabulary build(Iterable<String> texts, int maxWords) {
        if (maxWords < 1) {
            throw new IllegalArgumentException("vocabulary size: expected >= 1 word, found " + maxWords);
        }
        Map<String, Long> counts = counts(texts);
        SPECIAL.forEach(counts::remove);
        return new WordVocabulary(counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxWords).map(Map.Entry::getKey).toList());
    }

    /**
     * Splits a text into the words the tokenizer sees: lower-cased, split at spaces and between word characters
     * and other characters.
     *
     * @param text the text
     * @return its words
     */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Counts the words of some texts.
     *
     * @param texts the texts
     * @return each word with its number of occurrences
     */
    public static Map<String, Long> counts(Iterable<String> texts) {
        Map<String, Long> counts = new HashMap<>();
        for (String text : texts) {
            for (String w : split(text)) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** @return the number of ids, special tokens included */
    public int size() {
        return SPECIAL.size() + words.size();
    }

    /** @return every token by id, special tokens first */
    public List<String> tokens() {
        List<String> all = new ArrayList<>(SPECIAL);
        all.addAll(words);
        return all;
    }

    /**
     * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json}.
     *
     * @param dir the folder, created if missing
     * @return the {@code tokenizer.json} written
     * @throws UncheckedIOException if writing fails
     */
    public Path write(Path dir) {
        var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
        Path file = dir.resolve(HfCheckpoint.TOKENIZER);
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(file, gson.toJson(tokenizerJson()) + "\n");
            JsonObject map = specialTokensMap();
            AtomicFiles.writeString(dir.resolve("special_tokens_map.json"), gson.toJson(map) + "\n");
            map.addProperty("tokenizer_class", "PreTrainedTokenizerFast");
            map.addProperty("add_bos_token", true);
            map.addProperty("add_eos_token", false);
            AtomicFiles.writeString(dir.resolve("tokenizer_config.json"), gson.toJson(map) + "\n");
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write the tokenizer to " + dir, e);
        }
        return file;
    }

    private static JsonObject specialTokensMap() {
        JsonObject o = new JsonObject();
        o.addProperty("bos_token", BOS);
        o.addProperty("eos_token", EOS);
        o.addProperty("unk_token", UNK);
        o.addProperty("pad_token", PAD);
        return o;
    }

    /** The tokenizers library's JSON: WordLevel model, Lowercase normalizer, Whitespace, BOS template. */
    private JsonObject tokenizerJson() {
        JsonArray added = new JsonArray();
        for (int id = 0; id < SPECIAL.size(); id++) {
            JsonObject t = new JsonObject();
            t.addProperty("id", id);
            t.addProperty("content", SPECIAL.get(id));
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        JsonObject vocab = new JsonObject();
        List<String> tokens = tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.addProperty(tokens.get(id), id);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        model.add("vocab", vocab);
        model.addProperty("unk_token", UNK);

        JsonObject bosPiece = new JsonObject();
        bosPiece.addProperty("id", BOS);
        bosPiece.addProperty("type_id", 0);
        JsonObject bosEntry = new JsonObject();
        bosEntry.add("SpecialToken", bosPiece);
        JsonArray single = new JsonArray();
        single.add(bosEntry);
        single.add(sequence("A", 0));
        JsonArray pair = single.deepCopy();
        pair.add(sequence("B", 1));
        JsonObject bosIds = new JsonObject();
        bosIds.addProperty("id", BOS);
        JsonArray ids = new JsonArray();
        ids.add(SPECIAL.indexOf(BOS));
        bosIds.add("ids", ids);
        JsonArray bosTokens = new JsonArray();
        bosTokens.add(BOS);
        bosIds.add("tokens", bosTokens);
        JsonObject specials = new JsonObject();
        specials.add(BOS, bosIds);
        JsonObject post = typed("TemplateProcessing");
        post.add("single", single);
        post.add("pair", pair);
        post.add("special_tokens", specials);

        JsonObject o = new JsonObject();
        o.addProperty("version", "1.0");
        o.add("truncation", null);
        o.add("padding", null);
        o.add("added_tokens", added);
        o.add("normalizer", typed("Lowercase"));
        o.add("pre_tokenizer", typed("Whitespace"));
        o.add("post_processor", post);
        o.add("decoder", null);
        o.add("model", model);
        return o;
    }

    private static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    private static JsonObject sequence(String id, int typeId) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("type_id", typeId);
        JsonObject entry = new JsonObject();
        entry.add("Sequence", o);
        return entry;
    }
}
