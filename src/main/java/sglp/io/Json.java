package sglp.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The project's JSON files: one writer for all of them, so that every file is valid JSON with numbers as plain
 * decimals ({@code 0.0000123}, never {@code 1.23E-5}) and undefined numbers (NaN, infinity) as {@code null}.
 */
public final class Json {

    private Json() {
    }

    /**
     * A number for a JSON tree: JSON has no NaN or infinity, so an undefined value (the standard error of one item,
     * the accuracy of a stage that did not run) is {@code null}.
     *
     * @param x the value
     * @return x as a JSON number, or JSON null when x is NaN or infinite
     */
    public static JsonElement number(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    /**
     * Writes a tree as indented JSON (two spaces) ending with a newline, numbers as plain decimals (the shortest
     * decimal that reads back as the same double), NaN and infinities as {@code null}.
     *
     * @param tree the tree
     * @return the text
     */
    public static String pretty(JsonElement tree) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setIndent("  ");
            w.setSerializeNulls(true);
            write(w, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }

    private static void write(JsonWriter w, JsonElement e) throws IOException {
        if (e == null || e.isJsonNull()) {
            w.nullValue();
        } else if (e instanceof JsonObject o) {
            w.beginObject();
            for (Map.Entry<String, JsonElement> m : o.entrySet()) {
                w.name(m.getKey());
                write(w, m.getValue());
            }
            w.endObject();
        } else if (e instanceof JsonArray a) {
            w.beginArray();
            for (JsonElement item : a) {
                write(w, item);
            }
            w.endArray();
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isNumber()) {
                writeNumber(w, p.getAsNumber());
            } else if (p.isBoolean()) {
                w.value(p.getAsBoolean());
            } else {
                w.value(p.getAsString());
            }
        }
    }

    private static void writeNumber(JsonWriter w, Number n) throws IOException {
        if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (!Double.isFinite(x)) {
                w.nullValue();
            } else {
                w.jsonValue(new BigDecimal(Double.toString(x)).toPlainString());
            }
        } else {
            w.jsonValue(n instanceof BigDecimal b ? b.toPlainString() : n.toString());
        }
    }
}
