package sglp.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Python literals NumPy writes in {@code .npy} headers: dicts, tuples, lists, quoted strings,
 * integers, {@code True}, {@code False} and {@code None}. Dicts become {@code Map<String, Object>}, tuples and lists
 * become {@code List<Object>}, integers {@code Long} and {@code None} {@code null}.
 */
final class PyLiteral {
    /** A syntax error at a position of the parsed text. */
    static final class SyntaxError extends Exception {
        final int position;

        SyntaxError(int position, String message) {
            super(message);
            this.position = position;
        }
    }

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /**
     * Parses one literal; only whitespace may follow it.
     *
     * @throws SyntaxError at the first character that does not fit
     */
    static Object parse(String text) throws SyntaxError {
        PyLiteral p = new PyLiteral(text);
        Object value = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("end of the literal");
        }
        return value;
    }

    private Object value() throws SyntaxError {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return dict();
        }
        if (c == '(' || c == '[') {
            return sequence(c == '(' ? ')' : ']');
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '-' || Character.isDigit(c)) {
            return integer();
        }
        for (String word : new String[] {"True", "False", "None"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
            }
        }
        throw error("a value");
    }

    private Map<String, Object> dict() throws SyntaxError {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        while (!closes('}')) {
            skipSpace();
            int keyAt = pos;
            if (!(value() instanceof String key)) {
                pos = keyAt;
                throw error("a string key");
            }
            expect(':');
            map.put(key, value());
            separator('}');
        }
        return map;
    }

    private List<Object> sequence(char close) throws SyntaxError {
        List<Object> items = new ArrayList<>();
        pos++;
        while (!closes(close)) {
            items.add(value());
            separator(close);
        }
        return items;
    }

    /** Skips space; returns whether {@code c} comes next. */
    private boolean at(char c) {
        skipSpace();
        return pos < text.length() && text.charAt(pos) == c;
    }

    /** Skips space; consumes {@code close} and returns true if it comes next. */
    private boolean closes(char close) {
        if (at(close)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes the comma after an item unless {@code close} comes next. */
    private void separator(char close) throws SyntaxError {
        if (!at(close)) {
            if (!at(',')) {
                throw error("',' or '" + close + "'");
            }
            pos++;
        }
    }

    private void expect(char c) throws SyntaxError {
        if (!at(c)) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private String string() throws SyntaxError {
        char quote = text.charAt(pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0 || text.substring(pos + 1, end).indexOf('\\') >= 0) {
            throw error("a string without escapes, closed by " + quote);
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private Long integer() throws SyntaxError {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            Long v = Long.valueOf(text.substring(start, pos));
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;  // Python 2 long suffix, found in old files
            }
            return v;
        } catch (NumberFormatException e) {
            pos = start;
            throw error("an integer");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private SyntaxError error(String expected) {
        String found = pos >= text.length() ? "the end of the header"
                : "'" + text.substring(pos, Math.min(text.length(), pos + 12)) + "'";
        return new SyntaxError(pos, "expected " + expected + ", found " + found);
    }
}
