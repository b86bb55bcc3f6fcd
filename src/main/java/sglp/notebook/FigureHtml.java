package sglp.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import sglp.report.Figure;
import sglp.report.PlotlyJs;

/**
 * Renders a plotly figure as an output: an HTML fragment (a {@code div} and a script that draws into it with
 * {@code Plotly.newPlot}, for notebooks and {@code nbconvert --to html}), the same figure as
 * {@link MimeBundle#PLOTLY_JSON} (for front ends that draw plotly themselves: JupyterLab, nteract, VS Code) and its
 * title as text. When plotly.js is missing from the page (a reloaded notebook), the div says how to get it back
 * instead of staying empty.
 */
final class FigureHtml {
    private static final int DEFAULT_HEIGHT = 450;

    private FigureHtml() {
    }

    /**
     * @param figure the figure
     * @param withLibrary whether to put plotly.js itself in front of the figure's HTML
     * @return text, HTML and plotly JSON of the figure
     */
    static MimeBundle bundle(Figure figure, boolean withLibrary) {
        return MimeBundle.of(figure.toString(), html(figure, withLibrary)).with(MimeBundle.PLOTLY_JSON, json(figure));
    }

    /**
     * @param figure the figure
     * @param withLibrary whether to put plotly.js itself in front of the figure
     * @return the HTML fragment
     */
    static String html(Figure figure, boolean withLibrary) {
        String id = "sglp-figure-" + UUID.randomUUID();
        JsonObject layout = figure.layout();
        int height = layout.has("height") ? layout.get("height").getAsInt() : DEFAULT_HEIGHT;
        String json = figure.toJson().replace("</", "<\\/");
        return (withLibrary ? PlotlyJs.scriptElement() : "")
                + "<div id=\"" + id + "\" class=\"sglp-figure\" style=\"width:100%;height:" + height + "px\"></div>\n"
                + "<script type=\"text/javascript\">(function () {\n"
                + "  var div = document.getElementById('" + id + "');\n"
                + "  if (!window.Plotly) {\n"
                + "    div.textContent = 'plotly.js is not loaded in this page: "
                + "run %plotly, then run this cell again.';\n"
                + "    return;\n"
                + "  }\n"
                + "  var figure = " + json + ";\n"
                + "  window.Plotly.newPlot(div, figure.data, figure.layout, {responsive: true});\n"
                + "})();</script>";
    }

    /**
     * @param figure the figure
     * @return {@code {"data": [...], "layout": {...}}} as plain Java values; numbers that JSON cannot hold (NaN,
     *     infinities) become null, which plotly draws as gaps
     */
    static Map<String, Object> json(Figure figure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", plain(figure.data()));
        json.put("layout", plain(figure.layout()));
        return json;
    }

    private static Object plain(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> object.put(e.getKey(), plain(e.getValue())));
            return object;
        }
        if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            List<Object> list = new ArrayList<>(array.size());
            array.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (element.isJsonNull()) {
            return null;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            return Double.isFinite(primitive.getAsDouble()) ? primitive.getAsBigDecimal() : null;
        }
        return primitive.getAsString();
    }
}
