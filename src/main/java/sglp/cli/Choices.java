package sglp.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses option words into enum constants, case-insensitively and ignoring '-' and '_'. */
final class Choices {

    private Choices() {
    }

    /**
     * @param option the option, for the message
     * @param word what the user wrote
     * @param type the enum
     * @param <E> the enum type
     * @return the constant
     * @throws IllegalArgumentException naming the option, the word and the accepted words
     */
    static <E extends Enum<E>> E parse(String option, String word, Class<E> type) {
        String w = normalize(word);
        for (E e : type.getEnumConstants()) {
            if (normalize(e.name()).equals(w)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + ": expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining("|"))
                + ", found '" + word + "'");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
