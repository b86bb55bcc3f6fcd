package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small models, token sequences and a hand-written tokenizer.json shared by the tests of this package. */
final class Fixtures {
    /** Words of the test tokenizer; ids 0 and 1 are {@code <unk>} and {@code <s>}. */
    static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "a", "dog", "ran", "far");

    private Fixtures() {
    }

    /**
     * 3 layers, width 16, 4 query heads over 2 key/value heads of width 6 (q width 24, not the hidden width), and
     * Llama-3 scaling that puts the three rotary pairs in its three regimes (kept, interpolated, divided).
     */
    static LlamaConfig small(boolean tied) {
        return new LlamaConfig(16, 24, 3, 4, 2, 6, 1e-5, 100, new LlamaConfig.RopeScaling(4, 1, 4, 64), 11, tied,
                64, "float32", 1, List.of(2));
    }

    /** A model with seeded weights large enough (std {@code scale}) that every part of the forward matters. */
    static LlamaModel randomModel(LlamaConfig config, long seed, double scale) {
        LlamaModel model = LlamaModel.create(config, seed);
        Random r = new Random(seed);
        model.parameters().forEach((key, p) -> {
            float[] v = new float[(int) p.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (key.endsWith("norm.weight") ? 1 + 0.3 * r.nextGaussian() : scale * r.nextGaussian());
            }
            model.set(key, v);
        });
        return model;
    }

    /** The logits of one sequence, tokens x vocabulary. */
    static float[][] logits(LlamaModel model, long[] ids, Set<Integer> removed) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(ids, new Shape(1, ids.length));
            float[] flat = model.forward(x, null, removed, null).toFloatArray();
            int v = model.config().vocabSize();
            float[][] out = new float[ids.length][v];
            for (int t = 0; t < ids.length; t++) {
                System.arraycopy(flat, t * v, out[t], 0, v);
            }
            return out;
        }
    }

    static long[] tokens(int n, int vocab, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    /**
     * Writes a tokenizer.json in the Hugging Face tokenizers format: a WordLevel model over {@code <unk>},
     * {@code <s>} and {@link #WORDS}, a WhitespaceSplit pre-tokenizer, and a TemplateProcessing post-processor that
     * puts {@code <s>} before every sequence.
     */
    static Path writeTokenizer(Path dir) throws IOException {
        StringBuilder vocab = new StringBuilder("\"<unk>\": 0, \"<s>\": 1");
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(", \"").append(WORDS.get(i)).append("\": ").append(i + 2);
        }
        String special = "{\"id\": %d, \"content\": \"%s\", \"single_word\": false, \"lstrip\": false, "
                + "\"rstrip\": false, \"normalized\": false, \"special\": true}";
        String json = "{\n\"version\": \"1.0\", \"truncation\": null, \"padding\": null,\n"
                + "\"added_tokens\": [" + String.format(special, 0, "<unk>") + ", " + String.format(special, 1, "<s>")
                + "],\n\"normalizer\": null,\n\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"},\n"
                + "\"post_processor\": {\"type\": \"TemplateProcessing\",\n"
                + " \"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}, "
                + "{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}],\n"
                + " \"pair\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}, "
                + "{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}],\n"
                + " \"special_tokens\": {\"<s>\": {\"id\": \"<s>\", \"ids\": [1], \"tokens\": [\"<s>\"]}}},\n"
                + "\"decoder\": null,\n"
                + "\"model\": {\"type\": \"WordLevel\", \"vocab\": {" + vocab + "}, \"unk_token\": \"<unk>\"}\n}\n";
        Path file = dir.resolve("tokenizer.json");
        Files.createDirectories(dir);
        Files.writeString(file, json);
        return file;
    }
}
