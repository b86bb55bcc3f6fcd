package sglp.llm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A Hugging Face {@code tokenizer.json} read offline through DJL's tokenizers binding, set up for language-model
 * evaluation: the tokenizer's own post-processor decides the special tokens (such as a leading BOS), and nothing is
 * truncated or padded (DJL would otherwise cut every text at 512 tokens).
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
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
                    .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerJson + ": not a valid tokenizer.json: " + e.getMessage(), e);
        }
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

    @Override
    public void close() {
        tokenizer.close();
    }
}
