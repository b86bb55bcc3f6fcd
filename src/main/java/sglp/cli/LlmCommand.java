package sglp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sglp.llm.HfCheckpoint;
import sglp.llm.LlamaModel;
import sglp.llm.Perplexity;
import sglp.llm.TextTokenizer;

/** {@code sglp llm}: LLaMA-family language models in the Hugging Face folder layout. */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = "LLaMA-family language models in the Hugging Face folder layout (config.json, safetensors, "
                + "tokenizer.json).", subcommands = LlmCommand.Ppl.class)
final class LlmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sglp llm ppl}: strided-window perplexity of a text. */
    @Command(name = "ppl", mixinStandardHelpOptions = true,
            description = "Perplexity of a text, tokenized as one sequence: windows of at most W tokens start every "
                    + "S tokens; each scores the tokens no earlier window scored; ppl = exp(mean NLL) in float64. "
                    + "Output JSON: {\"ppl\":x,\"tokens\":n}.")
    static final class Ppl implements Callable<Integer> {

        @Option(names = "--model", required = true, description = "Hugging Face model folder")
        Path model;

        @Option(names = "--text", required = true, description = "UTF-8 text file")
        Path text;

        @Option(names = "--window", required = true, description = "W, the largest window in tokens (>= 2)")
        int window;

        @Option(names = "--stride", required = true, description = "S, the distance between windows (1..W)")
        int stride;

        @Option(names = "--out", required = true, description = "result .json")
        Path out;

        @Override
        public Integer call() {
            Perplexity.Windowing windowing = new Perplexity.Windowing(window, stride);
            HfCheckpoint.checkFolder(model, true);
            if (!Files.isRegularFile(text)) {
                throw new IllegalArgumentException(text + ": missing (expected a UTF-8 text file)");
            }
            long[] ids;
            try (TextTokenizer tokenizer = TextTokenizer.open(model.resolve(HfCheckpoint.TOKENIZER))) {
                ids = tokenizer.encode(Files.readString(text));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + text + ": " + e.getMessage(), e);
            }
            Perplexity.Result r;
            try (LlamaModel m = HfCheckpoint.load(model)) {
                r = Perplexity.compute(m, ids, windowing);
            }
            Files2.write(out, "{\"ppl\":" + Json.number(r.ppl()) + ",\"tokens\":" + r.tokens() + "}\n");
            System.out.println("ppl " + r.ppl() + " over " + r.tokens() + " tokens -> " + out);
            return 0;
        }
    }
}
