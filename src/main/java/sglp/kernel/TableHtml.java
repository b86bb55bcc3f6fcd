package sglp.kernel;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an HTML table for notebooks: numbers right-aligned with digit grouping, at most
 * {@link #MAX_ROWS} rows followed by a line that says how many more there are.
 */
final class TableHtml {
    /** The most rows shown. */
    static final int MAX_ROWS = 20;

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private TableHtml() {
    }

    /**
     * @param table the table
     * @return an HTML {@code <table>} of the first rows, and the count of rows left out
     */
    static String html(Table table) {
        StringBuilder html = new StringBuilder("<div class=\"sglp-table\"><table>");
        if (!table.name().isBlank()) {
            html.append("<caption style=\"text-align:left\">").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"text-align:").append(align(column)).append("\">")
                    .append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int shown = Math.min(table.rowCount(), MAX_ROWS);
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td style=\"text-align:").append(align(column)).append("\">")
                        .append(escape(cell(column, row))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (table.rowCount() > shown) {
            html.append("<p>... ").append(table.rowCount() - shown).append(" more rows (")
                    .append(table.rowCount()).append(" total)</p>");
        }
        return html.append("</div>").toString();
    }

    /**
     * @param table the table
     * @return Tablesaw's own text layout of the first {@link #MAX_ROWS} rows
     */
    static String text(Table table) {
        return table.print(MAX_ROWS);
    }

    private static String align(Column<?> column) {
        return column instanceof NumericColumn<?> ? "right" : "left";
    }

    private static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        Object value = column.get(row);
        if (value instanceof Double || value instanceof Float) {
            return decimal(((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return new DecimalFormat("#,##0", SYMBOLS).format(number.longValue());
        }
        return String.valueOf(value);
    }

    private static String decimal(double x) {
        double magnitude = Math.abs(x);
        boolean plain = x == 0 || (magnitude >= 1e-4 && magnitude < 1e9);
        return new DecimalFormat(plain ? "#,##0.####" : "0.###E0", SYMBOLS).format(x);
    }

    /**
     * @param text any text
     * @return the text with HTML's special characters escaped
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
