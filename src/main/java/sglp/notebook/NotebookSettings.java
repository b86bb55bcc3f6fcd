package sglp.notebook;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The sizes notebooks and {@code %sglp} options run with, from environment variables, so that CI can run every
 * notebook fast without editing it.
 *
 * <p>A setting {@code NAME} (an option's name in upper case with {@code _}: {@code --train-images} is
 * {@code TRAIN_IMAGES}) is, in order: the variable {@code SGLP_NB_NAME} when set; the {@link #SMALL} preset's value
 * when {@code SGLP_NB_SMALL=1}; otherwise the normal value that the notebook or option gives. Settings are sizes and
 * words, never files: an option that takes a file or folder takes no value from them, so {@code SGLP_NB_MODEL} is the
 * CNN of {@code %sglp model --model} and never the folder of {@code %sglp llm model --model}.
 */
final class NotebookSettings {
    /**
     * The tiny settings of {@code SGLP_NB_SMALL=1}, a pipeline in well under a minute on two cores: few images and
     * epochs, two seeds and two recalibration batches per comparison, a 6-layer Brown LLaMA trained 300 steps on 100 documents with few held-out tokens and items, and GradNorm
     * in the context mode where no option names the mode (nothing is re-initialised per candidate, which the paper
     * mode does and which costs seconds per candidate on ResNet-56).
     */
    static final Map<String, String> SMALL = Map.ofEntries(Map.entry("TRAIN_IMAGES", "256"),
            Map.entry("TEST_IMAGES", "100"), Map.entry("EPOCHS", "1"), Map.entry("FINETUNE_EPOCHS", "1"),
            Map.entry("CKA_SAMPLES", "64"), Map.entry("CKA_BATCH", "64"), Map.entry("SEARCH_BATCH", "32"),
            Map.entry("MODE", "context"), Map.entry("VOCAB", "2000"), Map.entry("DOCUMENTS", "100"),
            Map.entry("LAYERS", "6"), Map.entry("STEPS", "300"), Map.entry("HELD_OUT_TOKENS", "5000"),
            Map.entry("CHOICE_ITEMS", "60"), Map.entry("SEQUENCES", "32"), Map.entry("LORA_STEPS", "30"),
            Map.entry("SEEDS", "2"), Map.entry("RECALIBRATE_BATCHES", "2"));

    private final Map<String, String> env;

    /**
     * Reads settings from some environment.
     *
     * @param env the environment variables
     */
    NotebookSettings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @param name the setting, e.g. {@code TRAIN_IMAGES}
     * @return its value from the environment or the small preset, or null when the normal value applies
     */
    String get(String name) {
        String key = name.toUpperCase(Locale.ROOT);
        String value = env.get("SGLP_NB_" + key);
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        return small() ? SMALL.get(key) : null;
    }

    /**
     * @param name the setting
     * @param normal its value in a user's hands
     * @return the value, as an int
     * @throws IllegalArgumentException when the environment gives something other than an integer
     */
    int getInt(String name, int normal) {
        String value = get(name);
        if (value == null) {
            return normal;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SGLP_NB_" + name.toUpperCase(Locale.ROOT) + ": expected an integer, "
                    + "found '" + value + "'");
        }
    }

    private boolean small() {
        return "1".equals(env.getOrDefault("SGLP_NB_SMALL", "").strip());
    }

    /**
     * @param option an option of a magic
     * @return whether it takes a file or folder, which settings never give
     */
    static boolean isPath(OptionSpec option) {
        return Path.class.isAssignableFrom(option.type()) || File.class.isAssignableFrom(option.type());
    }

    /**
     * @param option an option's longest name, e.g. {@code --train-images}
     * @return the setting's name, e.g. {@code TRAIN_IMAGES}
     */
    static String nameOf(String option) {
        return option.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
