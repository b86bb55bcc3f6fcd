package sglp.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import sglp.llm.Perplexity;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The language model an {@link LlmSession} prunes: where it came from, its size, and its held-out perplexity beside
 * an add-one unigram model's on the same tokens.
 *
 * @param folder the Hugging Face folder
 * @param origin how it was obtained, e.g. {@code "trained here, 2000 steps in 240.1 s"}
 * @param layers decoder layers
 * @param hiddenSize the model width
 * @param vocabSize the vocabulary size
 * @param parameters all weights
 * @param heldOut the model's perplexity on the held-out text
 * @param unigramPpl the unigram model's perplexity on the same tokens (NaN when there is no training text to fit it)
 * @param windowing the perplexity windows
 * @param trainingLosses each training step's loss when it was trained in this session, else empty
 */
public record LlmModelCard(Path folder, String origin, int layers, int hiddenSize, int vocabSize, long parameters,
        Perplexity.Result heldOut, double unigramPpl, Perplexity.Windowing windowing, List<Double> trainingLosses)
        implements Displayable {

    /** Copies the list. */
    public LlmModelCard {
        trainingLosses = List.copyOf(trainingLosses);
    }

    /** @return one row per property */
    @Override
    public Table table() {
        return Table.create("language model", StringColumn.create("property", List.of("folder", "origin",
                "decoder layers", "hidden size", "vocabulary", "parameters", "held-out perplexity",
                "unigram perplexity (add-one)", "perplexity windows")),
                StringColumn.create("value", List.of(folder.toString(), origin, Integer.toString(layers),
                        Integer.toString(hiddenSize), Integer.toString(vocabSize), String.format(Locale.ROOT, "%,d",
                        parameters), String.format(Locale.ROOT, "%.2f over %d tokens", heldOut.ppl(), heldOut.tokens()),
                        Double.isNaN(unigramPpl) ? "-" : String.format(Locale.ROOT, "%.2f", unigramPpl),
                        windowing.describe())));
    }

    /** @return the training loss by step, or the held-out perplexities as bars when it was not trained here */
    @Override
    public Figure figure() {
        if (!trainingLosses.isEmpty()) {
            List<Integer> steps = IntStream.rangeClosed(1, trainingLosses.size()).boxed().toList();
            return Figures.line("training loss of " + folder.getFileName(), "step", "cross-entropy (nats)",
                    List.of(Series.of("loss", steps, trainingLosses.stream().mapToDouble(Double::doubleValue)
                            .toArray())));
        }
        return Figures.bar("held-out perplexity", "", "perplexity", List.of(Series.of("perplexity",
                List.of("model", "unigram"), new double[] {heldOut.ppl(), unigramPpl})));
    }
}
