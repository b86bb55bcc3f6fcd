package sglp.options;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.pipeline.LlmModelCard;
import sglp.pipeline.LlmSession;

/**
 * {@code --model}, {@code --calibration}, {@code --held-out}, {@code --tuning}, {@code --choice-items}, the
 * {@link HeldOutTokensOption} and the {@link BrownOptions}: the decoder of a language-model session, a Hugging Face
 * folder with texts of one's own or the tiny Brown model trained here. Used by {@code sglp llm run},
 * {@code sglp llm compare} and the magic {@code %sglp llm model}.
 */
public final class LlmModelOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "Hugging Face model folder instead of the Brown "
            + "model (needs --calibration and --held-out)")
    Path model;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "calibration text, one sequence per line (with --model)")
    Path calibration;

    @Option(names = "--held-out", paramLabel = "FILE", description = "held-out text for perplexity (with --model)")
    Path heldOut;

    @Option(names = "--tuning", paramLabel = "FILE", description = "text LoRA tunes on, one sequence per line "
            + "(with --model; without it, no LoRA)")
    Path tuning;

    @Option(names = "--choice-items", paramLabel = "N", defaultValue = "1000", description = "Brown model: items of "
            + "the held-out Brown multiple-choice task (0: none; default: ${DEFAULT-VALUE})")
    int choiceItems;

    @Mixin
    HeldOutTokensOption heldOutTokens;

    @Mixin
    BrownOptions brown;

    /**
     * Loads the decoder into a session: the folder of {@code --model} with its texts, else the Brown model of the
     * session's seed (trained here once, then read from the cache).
     *
     * @param session the session
     * @return the model's card
     * @throws IllegalArgumentException if {@code --model} comes without {@code --calibration} or
     *     {@code --held-out}, or a file is unreadable
     */
    public LlmModelCard open(LlmSession session) {
        if (model == null) {
            return session.useBrown(brown.recipe(session.seed()), heldOutTokens.heldOutTokens(), choiceItems);
        }
        if (calibration == null || heldOut == null) {
            throw new IllegalArgumentException("--model: expected --calibration FILE and --held-out FILE with it, "
                    + "found " + (calibration == null ? "no --calibration" : "no --held-out"));
        }
        return session.useModel(model, calibration, heldOut, tuning, heldOutTokens.heldOutTokens());
    }

    /** @return whether the session has text for LoRA: the Brown model's training text, or {@code --tuning} */
    public boolean tunable() {
        return model == null || tuning != null;
    }
}
