package sglp.kernel;

/**
 * The value of the last line magic whose value a cell assigns ({@code var r = %sglp cka}). The kernel stores it here
 * and then evaluates {@code var r = (Type) sglp.kernel.MagicValue.last();} in the cell's JShell, so the variable gets
 * the value's own type.
 */
public final class MagicValue {
    private static volatile Object last;

    private MagicValue() {
    }

    /** @return the value of the last assigned line magic (null for a magic that has none) */
    public static Object last() {
        return last;
    }

    /**
     * Stores a magic's value and gives the Java statement that assigns it.
     *
     * @param target the assignment's left side, e.g. {@code var r}, {@code SimilarityMatrix s} or {@code r}
     * @param value the magic's value
     * @return the statement, casting to the value's class when it is public and named
     */
    static String assign(String target, Object value) {
        last = value;
        String type = value == null ? null : value.getClass().getCanonicalName();
        boolean nameable = type != null && java.lang.reflect.Modifier.isPublic(value.getClass().getModifiers());
        return target + " = (" + (nameable ? type : "Object") + ") sglp.kernel.MagicValue.last();";
    }
}
