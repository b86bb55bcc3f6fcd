package sglp.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A plotly figure as plain data: the {@code data} traces and the {@code layout}, exactly as plotly.js takes them.
 *
 * <p>Results build their own figures from traces; {@link #toJson()} gives the JSON that {@code Plotly.newPlot}
 * receives. Figures are values: the arrays handed in are copied.
 */
public final class Figure {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final JsonArray data;
    private final JsonObject layout;

    /**
     * Creates a figure.
     *
     * @param data the plotly traces
     * @param layout the plotly layout
     */
    public Figure(JsonArray data, JsonObject layout) {
        this.data = data.deepCopy();
        this.layout = layout.deepCopy();
    }

    /** @return a copy of the traces */
    public JsonArray data() {
        return data.deepCopy();
    }

    /** @return a copy of the layout */
    public JsonObject layout() {
        return layout.deepCopy();
    }

    /** @return the title of the layout, or the empty string */
    public String title() {
        if (!layout.has("title")) {
            return "";
        }
        var t = layout.get("title");
        return t.isJsonObject() ? t.getAsJsonObject().get("text").getAsString() : t.getAsString();
    }

    /** @return {@code {"data": [...], "layout": {...}}} */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.add("data", data);
        o.add("layout", layout);
        return GSON.toJson(o);
    }

    @Override
    public String toString() {
        return "Figure[" + title() + ", " + data.size() + " traces]";
    }
}
