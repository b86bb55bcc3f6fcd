package sglp.zeroshot;

import java.util.List;

/**
 * A named set of multiple-choice items.
 *
 * @param name the task's name, lm-eval's where there is one ({@code piqa}, {@code arc_easy}, ...)
 * @param items the items, at least one
 */
public record ChoiceTask(String name, List<ChoiceItem> items) {
    /** Copies the list. */
    public ChoiceTask {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("task " + name + ": expected at least one item, found none");
        }
    }
}
