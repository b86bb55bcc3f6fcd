package sglp.zeroshot;

/**
 * One answer of a multiple-choice item as the model reads it: the continuation is scored given the context.
 * Most tasks share one context across their choices; WinoGrande puts each option into its own context and scores
 * the same continuation.
 *
 * @param context the text before the answer, such as {@code "Question: ...\nAnswer:"}
 * @param continuation the answer's text, usually with its leading space, such as {@code " a hammer"}
 */
public record Choice(String context, String continuation) {
    /** Checks that the continuation is not empty. */
    public Choice {
        if (context == null || continuation == null || continuation.isEmpty()) {
            throw new IllegalArgumentException("choice: expected a context and a non-empty continuation, found "
                    + "context " + (context == null ? "null" : "'" + context + "'") + " and continuation "
                    + (continuation == null ? "null" : "'" + continuation + "'"));
        }
    }

    /**
     * The length that {@code acc_norm} divides the log-likelihood by: the characters (code points) of the answer
     * without the space that separates it from the context, as lm-eval's {@code len(choice)}.
     *
     * @return the answer's length, at least 1
     */
    public int normLength() {
        String s = continuation.stripLeading();
        return Math.max(1, s.codePointCount(0, s.length()));
    }
}
