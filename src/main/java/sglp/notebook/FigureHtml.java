package sglp.notebook;

import com.google.gson.JsonObject;
import java.util.UUID;
import sglp.report.Figure;
import sglp.report.PlotlyJs;

/**
 * Renders a plotly figure as an output: an HTML fragment (a {@code div} and a script that draws into it with
 * {@code Plotly.newPlot}, for notebooks and {@code nbconvert --to html}) and its title as text. When plotly.js is missing from the page (a reloaded notebook), the div says how to get it back
 * instead of staying empty.
 */
final class FigureHtml {
    private static final int DEFAULT_HEIGHT = 450;

    private FigureHtml() {
    }

    /**
     * @param figure the figure
     * @param withLibrary whether to put plotly.js itself in front of the figure's HTML
     * @return text and HTML of the figure
     */
    static MimeBundle bundle(Figure figure, boolean withLibrary) {
        return MimeBundle.of(figure.toString(), html(figure, withLibrary));
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
}
