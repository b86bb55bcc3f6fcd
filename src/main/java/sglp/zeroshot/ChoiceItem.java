package sglp.zeroshot;

import java.util.List;

/**
 * A multiple-choice question.
 *
 * @param id where it came from, such as {@code "valid.jsonl:12"}
 * @param choices the answers, at least two
 * @param answer the index of the right answer
 */
public record ChoiceItem(String id, List<Choice> choices, int answer) {
    /** Copies the list and checks the answer's index. */
    public ChoiceItem {
        choices = List.copyOf(choices);
        if (choices.size() < 2) {
            throw new IllegalArgumentException(id + ": expected at least 2 choices, found " + choices.size());
        }
        if (answer < 0 || answer >= choices.size()) {
            throw new IllegalArgumentException(id + ": answer: expected an index in 0.." + (choices.size() - 1)
                    + ", found " + answer);
        }
    }
}
