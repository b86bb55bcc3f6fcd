package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;

/** Checks the transcription against numbers read off the paper text by hand. */
class PaperTablesTest {

    private static final String PAPER =
            "SGLP: A Similarity Guided Fast Layer Partition Pruning for Compressing Large Deep Models";

    /** rows x columns of each transcribed table */
    private static final Map<Integer, int[]> SHAPES = Map.of(1, new int[] {19, 6}, 2, new int[] {3, 6},
            3, new int[] {6, 5}, 4, new int[] {6, 10}, 5, new int[] {12, 8}, 6, new int[] {4, 7},
            7, new int[] {4, 4}, 8, new int[] {8, 6});

    private static double number(int table, int row, String column) {
        NumberColumn<?, ?> c = (NumberColumn<?, ?>) PaperTables.table(table).table().column(column);
        return c.isMissing(row) ? Double.NaN : c.getDouble(row);
    }

    private static String text(int table, int row, String column) {
        return PaperTables.table(table).table().column(column).getString(row);
    }

    private static void assertRow(int table, int row, String method, double acc, double flops, double params) {
        Table t = PaperTables.table(table).table();
        String accColumn = t.containsColumn("top1_acc_pct") ? "top1_acc_pct" : "acc_pct";
        assertEquals(method, text(table, row, t.containsColumn("method") ? "method" : t.columnNames().get(0)));
        assertEquals(acc, number(table, row, accColumn), "table " + table + " row " + row);
        assertEquals(flops, number(table, row, "flops_reduction_pct"), "table " + table + " row " + row);
        assertEquals(params, number(table, row, "params_reduction_pct"), "table " + table + " row " + row);
    }

    @Test
    void everyTableLoadsWithTheTranscribedShape() {
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), PaperTables.all().stream().map(PaperTable::number).toList());
        for (PaperTable p : PaperTables.all()) {
            int[] shape = SHAPES.get(p.number());
            assertEquals(shape[0], p.table().rowCount(), "rows of table " + p.number());
            assertEquals(shape[1], p.table().columnCount(), "columns of table " + p.number());
            assertEquals("Table " + p.number() + " of \"" + PAPER + "\"", p.source().substring(0, p.source().indexOf(" (")));
            assertTrue(p.table().name().startsWith("Table " + p.number() + ": "));
            assertTrue(!p.caption().isBlank());
        }
        var missing = assertThrows(IllegalArgumentException.class, () -> PaperTables.table(9));
        assertEquals("The paper has no table 9; transcribed: [1, 2, 3, 4, 5, 6, 7, 8]", missing.getMessage());
    }

    @Test
    void table1CifarLayerPruning() {
        assertRow(1, 1, "Ours (SGLP)", 94.43, 42.0, 54.2);
        assertRow(1, 2, "Wu et al. [efficient-layer-pruning]", 93.25, 52.5, Double.NaN);
        assertRow(1, 9, "Ours (SGLP)", 93.83, 52.6, 56.4);
        assertRow(1, 12, "Soltani et al. [information]", 91.30, 66.6, 73.0);
        assertRow(1, 18, "Ours (SGLP)", 70.03, 48.9, 41.0);
        assertEquals("CIFAR-100", text(1, 14, "dataset"));
        assertEquals("ResNet-56", text(1, 5, "model"));
    }

    @Test
    void table2ImageNet() {
        assertRow(2, 0, "Elkerdawy et al. [elkerdawy2020one]", 74.74, Double.NaN, 8.24);
        assertRow(2, 1, "SR-init [sr-init]", 75.41, 15.59, 39.29);
        assertRow(2, 2, "Ours (SGLP)", 75.71, 21.30, 30.60);
    }

    @Test
    void table3ImagenetteAndImagewoof() {
        assertRow(3, 1, "SR-init [sr-init]", 89.34, 20.25, 6.91);
        assertRow(3, 2, "Ours (SGLP)", 90.42, 21.34, 8.81);
        assertRow(3, 5, "Ours (SGLP)", 85.16, 21.33, 15.43);
        assertEquals("Imagewoof2", text(3, 3, "dataset"));
    }

    @Test
    void table4Llama() {
        assertEquals("Dense", text(4, 0, "method"));
        assertEquals(62.99, number(4, 0, "avg_acc_pct"));
        assertEquals(18.60, number(4, 1, "arc_c_acc_pct"));
        assertEquals(71.76, number(4, 4, "piqa_acc_pct"));
        assertEquals(35.22, number(4, 5, "mmlu_acc_pct"));
        assertEquals(61.09, number(4, 5, "winogrande_acc_pct"));
        assertEquals(30.15, number(4, 3, "avg_acc_pct"));
    }

    @Test
    void table5SignalClassification() {
        assertRow(5, 1, "LCP [lcp]", 58.85, 8.3, 52.8);
        assertRow(5, 6, "SR-init [sr-init]", 59.91, 8.4, 42.4);
        assertRow(5, 11, "Ours (SGLP)", 82.65, 8.4, 33.3);
        assertEquals(84.16, number(5, 10, "original_acc_pct"));
        assertEquals(67, number(5, 4, "pruning_rate_pct"));
    }

    @Test
    void table6Ablation() {
        assertEquals(93.81, number(6, 0, "acc_pct"));
        assertEquals(93.05, number(6, 1, "acc_pct"));
        assertEquals("3000+ h", text(6, 1, "evaluation_cost"));
        assertEquals("no", text(6, 2, "gradnorm"));
        assertEquals(93.83, number(6, 3, "acc_pct"));
        assertEquals("16430", text(6, 3, "search_space"));
        assertEquals("1h", text(6, 3, "evaluation_cost"));
        assertTrue(PaperTables.table(6).notes().contains("Not recoverable"));
    }

    @Test
    void table7BatchSize() {
        assertEquals(1024, number(7, 3, "batch_size"));
        assertRow(7, 1, "256", 93.81, 53.2, 58.5);
        assertRow(7, 3, "1024", 93.88, 52.9, 55.4);
    }

    @Test
    void table8ChannelPruning() {
        assertRow(8, 1, "Ours (SGLP)", 93.96, 55.2, 46.8);
        assertRow(8, 4, "CHIP [chip]", 94.16, 47.4, 42.8);
        assertRow(8, 5, "RLAL [ganjdanesh2024jointly]", 93.86, 50.0, Double.NaN);
        assertRow(8, 7, "Ours (SGLP)", 94.21, 50.0, 42.1);
    }

    @Test
    void numbersShowAsPublished() {
        Table t = PaperTables.table(1).table();
        assertEquals("93.40", t.column("top1_acc_pct").getString(10));
        assertEquals("42.0", t.column("flops_reduction_pct").getString(1));
        String html = Tables.toHtml(PaperTables.table(2).table(), 10);
        assertTrue(html.contains(">21.30<") && html.contains(">" + Tables.MISSING + "<"), html);
    }

    @Test
    void figuresDrawTheMainMetricAndHighlightSglp() {
        for (PaperTable p : PaperTables.all()) {
            JsonObject json = JsonParser.parseString(p.figure().toJson()).getAsJsonObject();
            assertEquals("Paper Table " + p.number(), p.figure().title());
            assertTrue(json.getAsJsonArray("data").size() >= 1);
        }
        JsonObject bars = JsonParser.parseString(PaperTables.table(1).figure().toJson()).getAsJsonObject()
                .getAsJsonArray("data").get(0).getAsJsonObject();
        JsonArray x = bars.getAsJsonArray("x");
        assertEquals("CIFAR-10 VGG-16", x.get(0).getAsJsonArray().get(0).getAsString());
        assertEquals("Ours (SGLP) (2)", x.get(1).getAsJsonArray().get(4).getAsString());
        assertEquals(94.43, bars.getAsJsonArray("y").get(1).getAsDouble());
        assertEquals(Figures.HIGHLIGHT, bars.getAsJsonObject("marker").getAsJsonArray("color").get(1).getAsString());
        JsonArray llama = JsonParser.parseString(PaperTables.table(4).figure().toJson()).getAsJsonObject()
                .getAsJsonArray("data");
        assertEquals(6, llama.size());
        assertEquals(9, llama.get(5).getAsJsonObject().getAsJsonArray("y").size());
        assertEquals("Average", llama.get(0).getAsJsonObject().getAsJsonArray("x").get(8).getAsString());
    }
}
