package sglp.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Comma-separated values as RFC 4180 writes them (fields in double quotes may hold commas, line breaks and doubled
 * quotes; records end at CRLF or LF), read by Apache Commons CSV, each record with the line it starts on so that
 * messages can name it. A UTF-8 byte-order mark is dropped and blank lines are left out. A quote inside a field that
 * does not start with one is kept as text ({@code b"c}), as Python's {@code csv} module and pandas read it.
 */
public final class CsvRows {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** Commons CSV's complaint about text after a closing quote, with the 1-based character position. */
    private static final Pattern AFTER_QUOTE = Pattern.compile(
            "Invalid character between encapsulated token and delimiter.*position: (\\d+)");

    private CsvRows() {
    }

    /**
     * A record and the line it starts on.
     *
     * @param line the 1-based line number where the record starts
     * @param fields its fields
     */
    public record Row(int line, List<String> fields) {
        /** Copies the fields. */
        public Row {
            fields = List.copyOf(fields);
        }
    }

    /**
     * Splits a whole file into records.
     *
     * @param text the file's text
     * @param file the file's name, for errors
     * @return the records, blank lines left out
     * @throws IllegalArgumentException naming the file and line, if a quoted field is not closed or a closing quote
     *     is followed by something other than a comma or the line's end (naming what follows it)
     */
    public static List<Row> parse(String text, String file) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(s, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                int line = (int) parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + reason(e.getCause(), s), e);
                }
                List<String> fields = record.toList();
                if (fields.size() > 1 || !fields.get(0).isEmpty()) {
                    rows.add(new Row(line, fields));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The reader's complaint in this project's words: what was expected, what was found. */
    private static String reason(IOException e, String text) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "a quoted field is not closed before the end of the file";
        }
        Matcher at = AFTER_QUOTE.matcher(message);
        if (at.find()) {
            int position = Integer.parseInt(at.group(1)) - 1;
            String found = position >= 0 && position < text.length() ? "'" + text.charAt(position) + "'" : "more";
            return "expected a comma or the end of the line after a closing quote, found " + found;
        }
        return "expected RFC 4180 comma-separated values (" + message + ")";
    }
}
