package sglp.zeroshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A reader of comma-separated values as RFC 4180 writes them: fields in double quotes may hold commas, line breaks
 * and doubled quotes; records end at CRLF or LF; a UTF-8 byte-order mark is skipped.
 */
final class Csv {

    private Csv() {
    }

    /**
     * A record and the line it starts on.
     *
     * @param line the 1-based line number where the record starts
     * @param fields its fields
     */
    record Row(int line, List<String> fields) {
    }

    /**
     * Splits a whole file into records.
     *
     * @param text the file's text
     * @param file the file's name, for errors
     * @return the records, blank lines left out
     * @throws IllegalArgumentException if a quoted field is not closed or a quote sits inside an unquoted field
     */
    static List<Row> parse(String text, String file) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new IllegalArgumentException(file + " line " + line + ": expected a quote only at the "
                            + "start of a field, found one inside '" + field + "'");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                if (fields.size() > 1 || !fields.get(0).isEmpty() || wasQuoted) {
                    rows.add(new Row(rowLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                wasQuoted = false;
                line++;
                rowLine = line;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException(file + " line " + line + ": expected a comma or the end of "
                            + "the line after a closing quote, found '" + c + "'");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + rowLine + ": a quoted field is not closed before "
                    + "the end of the file");
        }
        fields.add(field.toString());
        if (fields.size() > 1 || !fields.get(0).isEmpty() || wasQuoted) {
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
