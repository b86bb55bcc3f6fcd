package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static JsonObject parse(Figure f) {
        return JsonParser.parseString(f.toJson()).getAsJsonObject();
    }

    private static String axisTitle(JsonObject layout, String axis) {
        return layout.getAsJsonObject(axis).getAsJsonObject("title").get("text").getAsString();
    }

    @Test
    void heatmapCarriesRangeColorscaleNamesAndReversedRows() {
        JsonObject json = parse(Samples.heatmap());
        JsonObject trace = json.getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("heatmap", trace.get("type").getAsString());
        assertEquals(0.0, trace.get("zmin").getAsDouble());
        assertEquals(1.0, trace.get("zmax").getAsDouble());
        assertEquals("Viridis", trace.get("colorscale").getAsString());
        assertEquals("layer2.0", trace.getAsJsonArray("x").get(2).getAsString());
        assertEquals("layer3.0", trace.getAsJsonArray("y").get(4).getAsString());
        assertEquals(0.5, trace.getAsJsonArray("z").get(0).getAsJsonArray().get(1).getAsDouble());
        String hover = trace.get("hovertemplate").getAsString();
        assertTrue(hover.contains("%{x}") && hover.contains("%{y}") && hover.contains("%{z"), hover);
        JsonObject layout = json.getAsJsonObject("layout");
        assertEquals("reversed", layout.getAsJsonObject("yaxis").get("autorange").getAsString());
        assertEquals("Layer similarity", Samples.heatmap().title());
        assertEquals("layer", axisTitle(layout, "xaxis"));
        assertEquals("layer", axisTitle(layout, "yaxis"));
    }

    @Test
    void heatmapRejectsMismatchedShapesAndEmptyRange() {
        double[][] z = Samples.similarity();
        List<String> four = Samples.LAYERS.subList(0, 4);
        var rows = assertThrows(IllegalArgumentException.class,
                () -> Figures.heatmap("t", Samples.LAYERS, four, z, 0, 1, "Viridis"));
        assertTrue(rows.getMessage().contains("5 rows of values but 4 row names"), rows.getMessage());
        var cols = assertThrows(IllegalArgumentException.class,
                () -> Figures.heatmap("t", four, Samples.LAYERS, z, 0, 1, "Viridis"));
        assertTrue(cols.getMessage().contains("row 0 has 5 values but there are 4 column names"), cols.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Figures.heatmap("t", Samples.LAYERS, Samples.LAYERS, z, 1, 1, "Viridis"));
    }

    @Test
    void lineWritesModesTitlesAndGapsForNonFiniteValues() {
        JsonObject json = parse(Samples.lines());
        JsonArray data = json.getAsJsonArray("data");
        assertEquals(2, data.size());
        assertEquals("lines+markers", data.get(0).getAsJsonObject().get("mode").getAsString());
        assertTrue(data.get(1).getAsJsonObject().getAsJsonArray("y").get(2).isJsonNull());
        JsonObject layout = json.getAsJsonObject("layout");
        assertEquals("Segment loss", layout.getAsJsonObject("title").get("text").getAsString());
        assertEquals("k", axisTitle(layout, "xaxis"));
        assertEquals("loss", axisTitle(layout, "yaxis"));
    }

    @Test
    void barGroupsTracesAndColorsSingleBars() {
        JsonObject json = parse(Samples.bars());
        assertEquals("group", json.getAsJsonObject("layout").get("barmode").getAsString());
        JsonObject trace = json.getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("bar", trace.get("type").getAsString());
        assertEquals(Figures.MUTED, trace.getAsJsonObject("marker").getAsJsonArray("color").get(1).getAsString());
    }

    @Test
    void groupsMakeATwoLevelAxis() {
        Series s = Series.of("acc", List.of("A", "B"), new double[] {1, 2}).withGroups(List.of("g1", "g2"));
        JsonArray x = parse(Figures.bar("t", "x", "y", List.of(s))).getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonArray("x");
        assertEquals("[[\"g1\",\"g2\"],[\"A\",\"B\"]]", x.toString());
        Series repeated = Series.of("acc", List.of("A", "B", "B", "A"), new double[] {1, 2, 3, 4})
                .withGroups(List.of("g1", "g1", "g2", "g2"));
        JsonArray inner = parse(Figures.bar("t", "x", "y", List.of(repeated))).getAsJsonArray("data").get(0)
                .getAsJsonObject().getAsJsonArray("x").get(1).getAsJsonArray();
        assertEquals(List.of("A", "B", "B\u200B", "A\u200B"), inner.asList().stream().map(JsonElement::getAsString).toList());
    }

    @Test
    void shapesAndSeriesAreAddedToCopies() {
        Figure base = Samples.bars();
        Figure marked = Figures.withShapes(base, Figures.shapes(Figures.verticalLine(2, Figures.ACCENT)));
        marked = Figures.withShapes(marked, Figures.shapes(Figures.rectangle(0, 1, 2, 3, Figures.ACCENT)));
        marked = Figures.withSeries(marked, Series.of("chosen", List.of("layer2.0"), new double[] {32})
                .withMode(Series.MARKERS));
        assertTrue(!base.layout().has("shapes"));
        JsonObject json = parse(marked);
        JsonArray shapes = json.getAsJsonObject("layout").getAsJsonArray("shapes");
        assertEquals(2, shapes.size());
        assertEquals("paper", shapes.get(0).getAsJsonObject().get("yref").getAsString());
        assertEquals("rect", shapes.get(1).getAsJsonObject().get("type").getAsString());
        assertEquals(2, json.getAsJsonArray("data").size());
        JsonObject block = Figures.diagonalBlock(2, 4, "red");
        assertEquals(1.5, block.get("x0").getAsDouble());
        assertEquals(4.5, block.get("y1").getAsDouble());
    }

    @Test
    void heatmapNamesItsValuesAndSquaresSimilarityMatrices() {
        JsonObject json = parse(Samples.heatmap());
        JsonObject trace = json.getAsJsonArray("data").get(0).getAsJsonObject();
        JsonObject colorbar = trace.getAsJsonObject("colorbar");
        assertEquals("similarity", colorbar.getAsJsonObject("title").get("text").getAsString());
        assertTrue(trace.get("hovertemplate").getAsString().contains("similarity: %{z"));
        assertEquals("x", json.getAsJsonObject("layout").getAsJsonObject("yaxis").get("scaleanchor").getAsString());
        Figure rectangular = Figures.heatmap("t", Samples.LAYERS.subList(0, 2), Samples.LAYERS.subList(0, 1),
                new double[][] {{1, 2}}, 0, 2, "RdBu");
        assertFalse(rectangular.layout().getAsJsonObject("yaxis").has("scaleanchor"));
    }

    @Test
    void textAndHoverTextGoOnTheTraceAndUnnamedSeriesStayOutOfTheLegend() {
        Series s = Series.of("", List.of("a", "b"), new double[] {1, 2}).withText(List.of("1.0%", "2.0%"))
                .withHover(List.of("kept x", "kept y"));
        JsonObject trace = parse(Figures.bar("t", "x", "y", List.of(s))).getAsJsonArray("data").get(0)
                .getAsJsonObject();
        assertEquals("[\"1.0%\",\"2.0%\"]", trace.get("text").toString());
        assertEquals("[\"kept x\",\"kept y\"]", trace.get("hovertext").toString());
        assertFalse(trace.get("showlegend").getAsBoolean());
        JsonObject named = parse(Samples.bars()).getAsJsonArray("data").get(0).getAsJsonObject();
        assertFalse(named.has("showlegend") || named.has("text") || named.has("hovertext"));
        var texts = assertThrows(IllegalArgumentException.class, () -> s.withText(List.of("one")));
        assertEquals("Series '': 1 texts for 2 points", texts.getMessage());
    }

    @Test
    void sideBySideGivesEachPanelItsOwnAxes() {
        Figure f = Figures.sideBySide("Both", List.of(Samples.bars(), Samples.lines()));
        JsonObject json = parse(f);
        JsonArray data = json.getAsJsonArray("data");
        assertEquals(3, data.size());
        assertEquals("x", data.get(0).getAsJsonObject().get("xaxis").getAsString());
        assertEquals("y2", data.get(2).getAsJsonObject().get("yaxis").getAsString());
        JsonObject layout = json.getAsJsonObject("layout");
        assertEquals("Both", f.title());
        assertEquals("layer", axisTitle(layout, "xaxis"));
        assertEquals("loss", axisTitle(layout, "yaxis2"));
        assertEquals(2, layout.getAsJsonObject("grid").get("columns").getAsInt());
        assertThrows(IllegalArgumentException.class, () -> Figures.sideBySide("none", List.of()));
    }

    @Test
    void chosenPointIsAnAccentStarOverTheFigure() {
        Figure marked = Figures.withChosenPoint(Samples.lines(), "chosen k = 3", 3, 1);
        JsonArray data = parse(marked).getAsJsonArray("data");
        assertEquals(3, data.size());
        JsonObject star = data.get(2).getAsJsonObject();
        assertEquals("chosen k = 3", star.get("name").getAsString());
        assertEquals("markers", star.get("mode").getAsString());
        assertEquals("[3]", star.get("x").toString());
        assertEquals("star", star.getAsJsonObject("marker").get("symbol").getAsString());
        assertEquals(Figures.ACCENT, star.getAsJsonObject("marker").get("color").getAsString());
    }

    @Test
    void rightAxisOverlaysTheLeftWithAFixedRange() {
        Series acc = Series.of("accuracy", List.of(1, 2, 3, 4), new double[] {0.5, 0.7, 0.8, 0.9});
        JsonObject json = parse(Figures.withRightAxis(Samples.lines(), "accuracy", 0, 1, List.of(acc)));
        JsonArray data = json.getAsJsonArray("data");
        assertEquals(3, data.size());
        assertFalse(data.get(0).getAsJsonObject().has("yaxis"));
        assertEquals("y2", data.get(2).getAsJsonObject().get("yaxis").getAsString());
        JsonObject layout = json.getAsJsonObject("layout");
        JsonObject right = layout.getAsJsonObject("yaxis2");
        assertEquals("accuracy", axisTitle(layout, "yaxis2"));
        assertEquals("y", right.get("overlaying").getAsString());
        assertEquals("right", right.get("side").getAsString());
        assertEquals("[0.0,1.0]", right.get("range").toString());
        assertEquals("h", layout.getAsJsonObject("legend").get("orientation").getAsString());
        assertThrows(IllegalArgumentException.class,
                () -> Figures.withRightAxis(Samples.lines(), "accuracy", 1, 1, List.of(acc)));
    }

    @Test
    void xCategoriesOrderTheAxisAndOverlaidBarsShareIt() {
        Figure split = Figures.bar("t", "layer", "channels", List.of(
                Series.of("kept", List.of("b"), new double[] {2}),
                Series.of("pruned", List.of("a", "c"), new double[] {1, 3})));
        JsonObject layout = parse(Figures.withOverlaidBars(Figures.withXCategories(split, List.of("a", "b", "c"))))
                .getAsJsonObject("layout");
        JsonObject x = layout.getAsJsonObject("xaxis");
        assertEquals("category", x.get("type").getAsString());
        assertEquals("array", x.get("categoryorder").getAsString());
        assertEquals("[\"a\",\"b\",\"c\"]", x.get("categoryarray").toString());
        assertEquals("layer", axisTitle(layout, "xaxis"));
        assertEquals("overlay", layout.get("barmode").getAsString());
        assertEquals("group", split.layout().get("barmode").getAsString());
    }

    @Test
    void invalidSeriesAndFiguresAreRejectedWithPreciseMessages() {
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> Series.of("s", List.of(1, 2), new double[] {1}));
        assertEquals("Series 's': 2 x values but 1 y values", lengths.getMessage());
        var mode = assertThrows(IllegalArgumentException.class,
                () -> Series.of("s", List.of(1), new double[] {1}).withMode("dots"));
        assertTrue(mode.getMessage().contains("mode 'dots'"), mode.getMessage());
        var colors = assertThrows(IllegalArgumentException.class,
                () -> Series.of("s", List.of(1), new double[] {1}).withColors(List.of("a", "b")));
        assertEquals("Series 's': 2 colors for 1 points", colors.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Figures.line("t", "x", "y", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Figures.diagonalBlock(3, 2, "red"));
    }
}
