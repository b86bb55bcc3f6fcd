package sglp.zeroshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import sglp.llm.BrownCorpus;
import sglp.llm.BrownRecipe;

/**
 * An offline zero-shot benchmark made from held-out Brown sentences, {@code brown_mc}: which ending completes the
 * sentence?
 *
 * <p>A sentence of at least {@value #MIN_WORDS} words becomes an item: its context is the sentence before it in the
 * list (when there is one) and its first words, the right answer its last {@value #ENDING_WORDS} words; the
 * wrong answers are the last {@value #ENDING_WORDS} words of other such sentences, drawn with the seed. Every answer
 * is a sentence ending, so punctuation and length give nothing away: a model must read the context, and one that
 * learnt only word frequencies stays near chance ({@code 1 / choices}).
 */
public final class BrownChoices {
    /** Words of every answer. */
    public static final int ENDING_WORDS = 4;
    /** Words a sentence needs to become an item. */
    public static final int MIN_WORDS = 10;

    private BrownChoices() {
    }

    /**
     * Builds the task.
     *
     * @param sentences held-out sentences in corpus order, words separated by spaces
     * @param items the items to make, at most the number of sentences long enough
     * @param choices answers per item, 2 or more
     * @param seed the seed of the draws
     * @return the task {@code brown_mc}
     * @throws IllegalArgumentException if there are too few long sentences
     */
    public static ChoiceTask build(List<String> sentences, int items, int choices, long seed) {
        if (choices < 2) {
            throw new IllegalArgumentException("brown_mc choices: expected >= 2, found " + choices);
        }
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (words(sentences.get(i)).length >= MIN_WORDS) {
                eligible.add(i);
            }
        }
        if (items < 1 || items > eligible.size() || eligible.size() < choices) {
            throw new IllegalArgumentException("brown_mc items: expected 1.." + eligible.size() + " (sentences of "
                    + MIN_WORDS + " or more words, at least " + choices + "), found " + items);
        }
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>(eligible);
        Collections.shuffle(order, random);
        List<Integer> chosen = new ArrayList<>(order.subList(0, items));
        Collections.sort(chosen);
        List<ChoiceItem> out = new ArrayList<>();
        for (int s : chosen) {
            String[] w = words(sentences.get(s));
            String truth = ending(w);
            String context = (s > 0 ? sentences.get(s - 1).strip() + " " : "")
                    + String.join(" ", List.of(w).subList(0, w.length - ENDING_WORDS));
            List<String> answers = new ArrayList<>(List.of(truth));
            while (answers.size() < choices) {
                String other = ending(words(sentences.get(eligible.get(random.nextInt(eligible.size())))));
                if (!answers.contains(other)) {
                    answers.add(other);
                }
            }
            Collections.shuffle(answers, random);
            out.add(new ChoiceItem("brown_mc:" + s, answers.stream().map(a -> new Choice(context, " " + a)).toList(),
                    answers.indexOf(truth)));
        }
        return new ChoiceTask("brown_mc", out);
    }

    /**
     * The task from the test documents of the Brown split that {@link BrownRecipe} trains with.
     *
     * @param seed the split's seed (the recipe's) and the draws'
     * @param items the items to make
     * @param choices answers per item
     * @return the task
     */
    public static ChoiceTask heldOut(long seed, int items, int choices) {
        BrownCorpus.Split split = BrownCorpus.load().split(seed, BrownRecipe.HELD_OUT, BrownRecipe.HELD_OUT);
        return build(BrownCorpus.sentences(split.test()), items, choices, seed);
    }

    private static String[] words(String sentence) {
        String s = sentence.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    private static String ending(String[] words) {
        return String.join(" ", List.of(words).subList(words.length - ENDING_WORDS, words.length));
    }
}
