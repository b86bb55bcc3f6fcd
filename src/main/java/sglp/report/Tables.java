package sglp.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Showing Tablesaw tables: number formats per column and rendering as HTML or plain text, long tables cut
 * after a number of rows with a note of how many were left out.
 *
 * <p>Numbers are formatted the same in every locale, rounded half up: {@code 1,234.50}. Missing values show as {@link #MISSING}.
 * <pre>{@code
 * Tables.fixedDecimals(table, 4, "cka");
 * Tables.counts(table, "params");
 * String html = Tables.toHtml(table, 20);
 * }</pre>
 */
public final class Tables {

    /** How a missing value is shown. */
    public static final String MISSING = "–";

    private Tables() {
    }

    /**
     * A fraction as a percentage without binary noise in its last digits: {@code percent(0.101)} is {@code 10.1},
     * not {@code 10.100000000000001}, so that CSV files show what was measured.
     *
     * @param fraction the fraction, e.g. an accuracy in [0, 1]; NaN stays NaN
     * @return 100 times it, rounded to 9 decimals
     */
    public static double percent(double fraction) {
        return Double.isFinite(fraction) ? Math.round(fraction * 1e11) / 1e9 : 100 * fraction;
    }

    /**
     * Shows the given numeric columns with a fixed number of decimals and thousands separators.
     *
     * @param table the table
     * @param decimals digits after the decimal point, 0 or more
     * @param columns names of numeric columns of the table
     * @return the same table, for chaining
     * @throws IllegalArgumentException if decimals is negative or a column is not numeric
     */
    public static Table fixedDecimals(Table table, int decimals, String... columns) {
        for (String name : columns) {
            fixedDecimals(numeric(table, name), decimals);
        }
        return table;
    }

    /**
     * Shows a numeric column with a fixed number of decimals and thousands separators.
     *
     * @param <C> the column type
     * @param column the column
     * @param decimals digits after the decimal point, 0 or more
     * @return the same column, for chaining
     * @throws IllegalArgumentException if decimals is negative
     */
    public static <C extends NumberColumn<?, ?>> C fixedDecimals(C column, int decimals) {
        column.setPrintFormatter(new NumberColumnFormatter(format(decimals), MISSING));
        return column;
    }

    /**
     * Shows the given numeric columns as counts: no decimals, thousands separators ({@code 1,234,567}).
     *
     * @param table the table
     * @param columns names of numeric columns of the table
     * @return the same table, for chaining
     * @throws IllegalArgumentException if a column is not numeric
     */
    public static Table counts(Table table, String... columns) {
        return fixedDecimals(table, 0, columns);
    }

    /**
     * @param value a number
     * @param decimals digits after the decimal point, 0 or more
     * @return the number with that many decimals and thousands separators, or {@link #MISSING} if not finite
     * @throws IllegalArgumentException if decimals is negative
     */
    public static String format(double value, int decimals) {
        return Double.isFinite(value) ? format(decimals).format(value) : MISSING;
    }

    /**
     * Renders a table as an HTML {@code <table>}: the table's name as caption, numbers right-aligned, at most
     * {@code maxRows} rows followed by a row saying how many more there are and the total.
     *
     * @param table the table
     * @param maxRows the most rows to show, 1 or more
     * @return the HTML fragment, with inline styles only
     * @throws IllegalArgumentException if maxRows is below 1
     */
    public static String toHtml(Table table, int maxRows) {
        View v = View.of(table, maxRows);
        StringBuilder b = new StringBuilder("<table class=\"sglp-table\">\n");
        if (!table.name().isEmpty()) {
            b.append("<caption>").append(escapeHtml(table.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (int c = 0; c < v.names.size(); c++) {
            b.append("<th").append(align(v, c)).append('>').append(escapeHtml(v.names.get(c))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (String[] row : v.rows) {
            b.append("<tr>");
            for (int c = 0; c < row.length; c++) {
                b.append("<td").append(align(v, c)).append('>').append(escapeHtml(row[c])).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n");
        if (v.isTruncated()) {
            b.append("<tfoot><tr><td colspan=\"").append(v.names.size()).append("\">")
                    .append(escapeHtml(v.moreRowsNote())).append("</td></tr></tfoot>\n");
        }
        return b.append("</table>").toString();
    }

    /**
     * Renders a table as plain text in aligned columns: the table's name, a header, a rule, at most
     * {@code maxRows} rows followed by a line saying how many more there are and the total.
     *
     * @param table the table
     * @param maxRows the most rows to show, 1 or more
     * @return the text, lines ended by {@code \n}
     * @throws IllegalArgumentException if maxRows is below 1
     */
    public static String toText(Table table, int maxRows) {
        View v = View.of(table, maxRows);
        int[] widths = new int[v.names.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = v.names.get(c).length();
            for (String[] row : v.rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!table.name().isEmpty()) {
            b.append(table.name()).append('\n');
        }
        textLine(b, v, widths, v.names.toArray(String[]::new));
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        textLine(b, v, widths, rule);
        for (String[] row : v.rows) {
            textLine(b, v, widths, row);
        }
        if (v.isTruncated()) {
            b.append(v.moreRowsNote()).append('\n');
        }
        return b.toString();
    }

    /**
     * @param text any text
     * @return the text with {@code & < > " '} escaped, safe inside HTML elements and quoted attributes
     */
    public static String escapeHtml(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static void textLine(StringBuilder b, View v, int[] widths, String[] cells) {
        List<String> padded = new ArrayList<>(cells.length);
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            padded.add(v.numeric[c] ? pad + cells[c] : cells[c] + pad);
        }
        b.append(String.join("  ", padded).stripTrailing()).append('\n');
    }

    private static String align(View v, int column) {
        return v.numeric[column] ? " style=\"text-align:right\"" : " style=\"text-align:left\"";
    }

    private static NumberColumn<?, ?> numeric(Table table, String name) {
        Column<?> column = table.column(name);
        if (!(column instanceof NumberColumn<?, ?> n)) {
            throw new IllegalArgumentException("Column '" + name + "' of table '" + table.name() + "' is "
                    + column.type().name() + ", expected a numeric column");
        }
        return n;
    }

    private static NumberFormat format(int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be 0 or more, found " + decimals);
        }
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f;
    }

    /** The cells shown of a table: header, the first rows as display strings, and what was left out. */
    private record View(List<String> names, boolean[] numeric, List<String[]> rows, int total) {

        static View of(Table table, int maxRows) {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be 1 or more, found " + maxRows);
            }
            List<Column<?>> columns = table.columns();
            boolean[] numeric = new boolean[columns.size()];
            for (int c = 0; c < numeric.length; c++) {
                numeric[c] = columns.get(c) instanceof NumberColumn<?, ?>;
            }
            int shown = Math.min(maxRows, table.rowCount());
            List<String[]> rows = new ArrayList<>(shown);
            for (int r = 0; r < shown; r++) {
                String[] row = new String[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    Column<?> column = columns.get(c);
                    row[c] = column.isMissing(r) ? MISSING : display(column, r);
                }
                rows.add(row);
            }
            return new View(table.columnNames(), numeric, rows, table.rowCount());
        }

        /**
         * A cell as its column's formatter shows it; a floating-point cell left at Tablesaw's default (every digit
         * of the double) is shortened to at most four decimals with thousands separators, or scientific notation
         * for very small and very large magnitudes.
         */
        private static String display(Column<?> column, int r) {
            String s = column.getString(r);
            if (column.get(r) instanceof Double || column.get(r) instanceof Float) {
                double x = ((Number) column.get(r)).doubleValue();
                boolean defaultFormat = Double.isFinite(x)
                        && s.equals(new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString());
                if (defaultFormat) {
                    double magnitude = Math.abs(x);
                    boolean plain = x == 0 || (magnitude >= 1e-4 && magnitude < 1e12);
                    return new DecimalFormat(plain ? "#,##0.####" : "0.###E0", DecimalFormatSymbols.getInstance(
                            Locale.ROOT)).format(x);
                }
            }
            return s;
        }

        boolean isTruncated() {
            return rows.size() < total;
        }

        String moreRowsNote() {
            int more = total - rows.size();
            return "... " + more + " more row" + (more == 1 ? "" : "s") + " (" + total + " rows in all)";
        }
    }
}
