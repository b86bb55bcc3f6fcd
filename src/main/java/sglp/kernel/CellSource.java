package sglp.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell split into what the kernel runs in order: Java code for JShell and {@code %name args} line magics, or
 * one {@code %%name args} cell magic that takes the whole cell.
 *
 * <p>A line magic is a line whose first non-blank character is a single {@code %}; no Java statement starts with
 * {@code %}. Arguments are separated by blanks; double quotes keep blanks inside one argument.
 */
record CellSource(List<Part> parts) {
    private static final Pattern LINE_MAGIC = Pattern.compile(
            "(?m)^[ \\t]*(?:((?:[A-Za-z_][\\w.<>\\[\\], ]*?\\s+)?[A-Za-z_]\\w*)\\s*=\\s*)?%(\\w[\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("(?s)^\\s*%%(\\w[\\w.-]*)([^\\n]*)\\n?(.*)$");
    private static final Pattern ARGUMENT = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    /** One piece of a cell. */
    sealed interface Part permits Code, LineMagic, CellMagic {
    }

    /**
     * Java source that starts at {@code offset} in the cell.
     *
     * @param text the source
     * @param offset where it starts in the cell, in characters
     */
    record Code(String text, int offset) implements Part {
    }

    /**
     * A line magic call.
     *
     * @param name the magic's name, without {@code %}
     * @param args its arguments
     * @param target what the magic's value is assigned to, e.g. {@code var r} or {@code r} in
     *     {@code var r = %sglp cka}; null when the magic stands alone
     */
    record LineMagic(String name, List<String> args, String target) implements Part {
    }

    /**
     * A cell magic call.
     *
     * @param name the magic's name, without {@code %%}
     * @param args the arguments on its first line
     * @param body the rest of the cell
     */
    record CellMagic(String name, List<String> args, String body) implements Part {
    }

    /**
     * Splits a cell into its parts, in order; blank code between magics is dropped.
     *
     * @param cell the cell's text
     * @return the parts
     */
    static CellSource parse(String cell) {
        Matcher cellMagic = CELL_MAGIC.matcher(cell);
        if (cellMagic.matches()) {
            return new CellSource(List.of(new CellMagic(cellMagic.group(1), arguments(cellMagic.group(2)),
                    cellMagic.group(3))));
        }
        List<Part> parts = new ArrayList<>();
        Matcher magic = LINE_MAGIC.matcher(cell);
        int codeStart = 0;
        while (magic.find()) {
            addCode(parts, cell, codeStart, magic.start());
            parts.add(new LineMagic(magic.group(2), arguments(magic.group(3)), magic.group(1)));
            codeStart = magic.end();
        }
        addCode(parts, cell, codeStart, cell.length());
        return new CellSource(List.copyOf(parts));
    }

    /**
     * Blanks out the magic lines of a cell, keeping every other character where it was, so that JShell can
     * analyse the Java around them.
     *
     * @param cell the cell's text
     * @return the cell with spaces in place of its magics
     */
    static String javaOnly(String cell) {
        Matcher cellMagic = CELL_MAGIC.matcher(cell);
        if (cellMagic.matches()) {
            return " ".repeat(cell.length());
        }
        return LINE_MAGIC.matcher(cell).replaceAll(m -> " ".repeat(m.group().length()));
    }

    private static void addCode(List<Part> parts, String cell, int start, int end) {
        String text = cell.substring(start, end);
        if (!text.isBlank()) {
            parts.add(new Code(text, start));
        }
    }

    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        Matcher m = ARGUMENT.matcher(text);
        while (m.find()) {
            args.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return List.copyOf(args);
    }
}
