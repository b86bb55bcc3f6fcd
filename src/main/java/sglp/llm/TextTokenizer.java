package sglp.llm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import sglp.io.InputFiles;

/**
 * A Hugging Face {@code tokenizer.json} read offline through DJL's tokenizers binding, set up for language-model
 * evaluation: {@link #encode} lets the tokenizer's own post-processor decide the special tokens (such as a leading
 * BOS, or a trailing EOS), {@link #encodeWithoutSpecialTokens} leaves them out, and nothing is truncated or padded
 * (DJL would otherwise cut every text at 512 tokens).
 */
public final class TextTokenizer implements AutoCloseable {
    /** The text whose two encodings reveal the special tokens in front: short, and a token in every vocabulary. */
    private static final String PROBE = "a";

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private long[] prefix;
    private TokenId largest;

    /**
     * A token of the vocabulary.
     *
     * @param id its id
     * @param token its string in tokenizer.json
     */
    public record TokenId(long id, String token) {
    }

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /**
     * Opens a tokenizer file.
     *
     * @param tokenizerJson a Hugging Face {@code tokenizer.json}
     * @return the tokenizer; the caller closes it
     * @throws IllegalArgumentException if the file is missing or not a valid tokenizer
     */
    public static TextTokenizer open(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException(tokenizerJson + ": missing (expected a Hugging Face tokenizer.json)");
        }
        try {
            return new TextTokenizer(HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build(), tokenizerJson);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot read " + tokenizerJson, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerJson + ": not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** @return the {@code tokenizer.json} this tokenizer was read from */
    public Path file() {
        return file;
    }

    /**
     * Tokenizes a text as one sequence.
     *
     * @param text the text
     * @return the token ids, special tokens included as the post-processor adds them
     */
    public long[] encode(String text) {
        return tokenizer.encode(text).getIds();
    }

    /**
     * Tokenizes a text as one sequence without any special token of the post-processor.
     *
     * @param text the text
     * @return the token ids of the text alone
     */
    public long[] encodeWithoutSpecialTokens(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /**
     * The special tokens the post-processor puts before a text, such as a BOS (found once, by comparing the two
     * encodings of a short text); tokens it puts after the text, such as an EOS, are not among them.
     *
     * @return the ids, empty when the post-processor puts nothing in front
     * @throws IllegalArgumentException if the text's own tokens do not appear inside its encoding with special
     *     tokens, so that what comes in front cannot be told
     */
    public long[] prefixTokens() {
        if (prefix == null) {
            long[] with = encode(PROBE);
            long[] without = encodeWithoutSpecialTokens(PROBE);
            for (int k = 0; without.length > 0 && k + without.length <= with.length; k++) {
                if (Arrays.equals(with, k, k + without.length, without, 0, without.length)) {
                    prefix = Arrays.copyOf(with, k);
                    return prefix.clone();
                }
            }
            throw new IllegalArgumentException(file + ": cannot tell which special tokens the post-processor puts "
                    + "before a text: '" + PROBE + "' encodes to " + Arrays.toString(with)
                    + " with special tokens, expected them to contain its " + Arrays.toString(without)
                    + " without special tokens");
        }
        return prefix.clone();
    }

    /**
     * Tokenizes texts one by one and concatenates their ids, each text's special tokens included.
     *
     * @param texts the texts, such as sentences
     * @return one token stream
     */
    public long[] encodeAll(List<String> texts) {
        return texts.stream().flatMapToLong(t -> LongStream.of(encode(t))).toArray();
    }

    /**
     * Turns token ids back into text.
     *
     * @param ids the token ids
     * @return the text, special tokens skipped
     */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /**
     * The token of the largest id the tokenizer can produce: of its model's vocabulary ({@code model.vocab}, a map
     * from token to id, or Unigram's list whose positions are the ids) and of its {@code added_tokens}. Read from
     * the file once.
     *
     * @return the id and its token string
     * @throws IllegalArgumentException if the file has no vocabulary in a form read here
     * @throws UncheckedIOException if the file cannot be read
     */
    public TokenId largestId() {
        if (largest == null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    JsonReader json = new JsonReader(in)) {
                largest = largestId(json);
            } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
                throw new IllegalArgumentException(file + ": cannot read the token ids of model.vocab and "
                        + "added_tokens: " + e.getMessage(), e);
            }
            if (largest == null) {
                throw new IllegalArgumentException(file + ": expected token ids in model.vocab or added_tokens, "
                        + "found none");
            }
        }
        return largest;
    }

    /** Streams through tokenizer.json, reading only {@code added_tokens} and {@code model.vocab}. */
    private static TokenId largestId(JsonReader json) throws IOException {
        TokenId best = null;
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            if (name.equals("added_tokens") && json.peek() == JsonToken.BEGIN_ARRAY) {
                json.beginArray();
                while (json.hasNext()) {
                    long id = -1;
                    String content = null;
                    json.beginObject();
                    while (json.hasNext()) {
                        String key = json.nextName();
                        if (key.equals("id")) {
                            id = json.nextLong();
                        } else if (key.equals("content")) {
                            content = json.nextString();
                        } else {
                            json.skipValue();
                        }
                    }
                    json.endObject();
                    best = larger(best, id, content);
                }
                json.endArray();
            } else if (name.equals("model") && json.peek() == JsonToken.BEGIN_OBJECT) {
                json.beginObject();
                while (json.hasNext()) {
                    if (json.nextName().equals("vocab")) {
                        best = vocabulary(json, best);
                    } else {
                        json.skipValue();
                    }
                }
                json.endObject();
            } else {
                json.skipValue();
            }
        }
        json.endObject();
        return best;
    }

    private static TokenId vocabulary(JsonReader json, TokenId best) throws IOException {
        if (json.peek() == JsonToken.BEGIN_OBJECT) {
            json.beginObject();
            while (json.hasNext()) {
                String token = json.nextName();
                best = larger(best, json.nextLong(), token);
            }
            json.endObject();
        } else if (json.peek() == JsonToken.BEGIN_ARRAY) {
            json.beginArray();
            for (long id = 0; json.hasNext(); id++) {
                json.beginArray();
                String piece = json.nextString();
                while (json.hasNext()) {
                    json.skipValue();
                }
                json.endArray();
                best = larger(best, id, piece);
            }
            json.endArray();
        } else {
            json.skipValue();
        }
        return best;
    }

    private static TokenId larger(TokenId best, long id, String token) {
        return best == null || id > best.id() ? new TokenId(id, token) : best;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
