package sglp.llm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short training run of the tiny LLaMA on a Brown subset beats the unigram model. */
class LlmTrainerTest {

    @TempDir
    Path dir;

    @Test
    void aShortRunBeatsTheUnigramModelOnValidationText() {
        BrownCorpus.Split split = BrownCorpus.load().split(0, 0.1, 0.1);
        List<String> train = BrownCorpus.sentences(split.train().subList(0, 60));
        List<String> validation = BrownCorpus.sentences(split.validation().subList(0, 3));
        WordVocabulary vocab = WordVocabulary.build(train, 2000);
        try (TextTokenizer tokenizer = TextTokenizer.open(vocab.write(dir));
                LlamaModel model = LlamaModel.create(LlamaConfig.tiny(vocab.size()), 1)) {
            long[] trainIds = tokenizer.encodeAll(train);
            long[] validIds = tokenizer.encodeAll(validation);
            long[] seen = {0, 0};
            LlmTrainer.Result run = LlmTrainer.builder().optSteps(150).optSeed(3)
                    .optProgress("train", (task, step, steps, loss) -> {
                        seen[0] = step;
                        seen[1] = steps;
                    }).build().train(model, trainIds);
            assertArrayEquals(new long[] {150, 150}, seen);
            assertEquals(0, run.skipped(), "steps skipped for a non-finite gradient");
            Perplexity.Result lm = Perplexity.compute(model, validIds, new Perplexity.Windowing(64, 32));
            Perplexity.Result unigram = UnigramModel.fit(trainIds, vocab.size()).perplexity(validIds);
            assertEquals(unigram.tokens(), lm.tokens());
            System.out.printf("tiny LLaMA %d train / %d validation tokens, %d steps (%d skipped) in %.1f s: "
                    + "loss %.3f -> %.3f, validation ppl %.1f vs unigram %.1f%n", trainIds.length, validIds.length,
                    run.losses().size(), run.skipped(), run.seconds(), run.losses().get(0), run.losses().get(149),
                    lm.ppl(), unigram.ppl());
            assertTrue(lm.ppl() < 0.8 * unigram.ppl(), lm.ppl() + " vs unigram " + unigram.ppl());
        }
    }
}
