package sglp.zeroshot;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/** One JSON object per line, with field access whose errors name the file, the line and the field. */
final class JsonLines {

    /**
     * A line's object.
     *
     * @param file the file's name
     * @param line the 1-based line number
     * @param json the object
     */
    record Line(String file, int line, JsonObject json) {

        /** @return {@code file:line}, an item's id */
        String id() {
            return file + ":" + line;
        }

        /**
         * @param path field names, nested, such as {@code "question", "stem"}
         * @return the value, which must exist
         */
        JsonElement get(String... path) {
            JsonElement e = json;
            for (String name : path) {
                if (!e.isJsonObject() || !e.getAsJsonObject().has(name) || e.getAsJsonObject().get(name).isJsonNull()) {
                    throw error(String.join(".", path), "a value", "missing");
                }
                e = e.getAsJsonObject().get(name);
            }
            return e;
        }

        /** @return whether a top-level field exists and is not null */
        boolean has(String name) {
            return json.has(name) && !json.get(name).isJsonNull();
        }

        /**
         * @param path field names, nested
         * @return the value, which must be a string or a number (numbers are given as written)
         */
        String string(String... path) {
            JsonElement e = get(path);
            if (!e.isJsonPrimitive()) {
                throw error(String.join(".", path), "a string", e.toString());
            }
            return e.getAsString();
        }

        /**
         * @param path field names, nested
         * @return the strings of an array
         */
        List<String> strings(String... path) {
            JsonElement e = get(path);
            if (!e.isJsonArray()) {
                throw error(String.join(".", path), "an array of strings", e.toString());
            }
            List<String> out = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) {
                if (!x.isJsonPrimitive()) {
                    throw error(String.join(".", path), "an array of strings", e.toString());
                }
                out.add(x.getAsString());
            }
            return out;
        }

        /**
         * @param path field names, nested
         * @return the objects of an array
         */
        List<JsonObject> objects(String... path) {
            JsonElement e = get(path);
            List<JsonObject> out = new ArrayList<>();
            if (e.isJsonArray()) {
                for (JsonElement x : (JsonArray) e) {
                    if (x.isJsonObject()) {
                        out.add(x.getAsJsonObject());
                        continue;
                    }
                    throw error(String.join(".", path), "an array of objects", e.toString());
                }
                return out;
            }
            throw error(String.join(".", path), "an array of objects", e.toString());
        }

        /**
         * @param field the field, for the message
         * @param expected what was expected
         * @param found what was found
         * @return an error naming the file, the line and the field
         */
        IllegalArgumentException error(String field, String expected, String found) {
            return new IllegalArgumentException(file + " line " + line + ": field '" + field + "': expected "
                    + expected + ", found " + found);
        }
    }

    private JsonLines() {
    }

    /**
     * @param text the file's text
     * @param file the file's name, for errors
     * @return one entry per non-blank line
     * @throws IllegalArgumentException if a line is not a JSON object
     */
    static List<Line> parse(String text, String file) {
        List<Line> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
            if (l.isBlank()) {
                continue;
            }
            JsonElement e;
            try {
                e = JsonParser.parseString(l);
            } catch (JsonParseException ex) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected a JSON object, found "
                        + "invalid JSON (" + ex.getMessage() + ")");
            }
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected a JSON object, found "
                        + e);
            }
            out.add(new Line(file, i + 1, e.getAsJsonObject()));
        }
        return out;
    }
}
