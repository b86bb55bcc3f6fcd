package sglp.segment;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import sglp.cka.SimilarityMatrix;
import sglp.report.Figure;
import tech.tablesaw.api.Table;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationTest {

    private final Segmentation segmentation = new Segmentation(FisherSegmenterTest.names(5), 2,
            List.of(new Segment(0, 1), new Segment(2, 4)), 0.5000001, new double[] {2.25, 0.5000001, 1e-7},
            Diameter.ROWS, new double[] {0.5, 1e-7});

    @Test
    void jsonFollowsTheContractWithPlainDecimals() {
        String json = segmentation.toJson();
        assertTrue(json.startsWith("{\"k\":2,\"segments\":[[0,1],[2,4]],\"loss\":0.5000001,"
                + "\"lossByK\":[2.25,0.5000001,0.0000001],\"layers\":[\"layer0\""), json);
        assertFalse(json.contains("E"), "no exponent notation: " + json);
        assertEquals(segmentation, Segmentation.fromJson(json));
    }

    @Test
    void readsTheMinimalContract() {
        Segmentation read = Segmentation.fromJson("{\"k\":2,\"segments\":[[0,2],[3,3]],\"loss\":1.5,"
                + "\"lossByK\":[4,1.5]}");
        assertEquals(List.of("0", "1", "2", "3"), read.names());
        assertEquals(List.of(new Segment(0, 2), new Segment(3, 3)), read.segments());
        assertArrayEquals(new double[] {4, 1.5}, read.lossByK());
        assertNull(read.diameter());
        assertTrue(Double.isNaN(read.segmentDiameters()[0]));
        assertEquals(read, Segmentation.fromJson(read.toJson()));
    }

    @Test
    void rejectsBadJsonWithExpectedAndFound() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Segmentation.fromJson("{\"k\":1,\"segments\":[[0,3]],\"lossByK\":[0]}"));
        assertEquals("expected the key \"loss\" in the segmentation JSON, found [k, segments, lossByK]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Segmentation.fromJson("{\"k\":2,\"segments\":[[0,1],[3,4]],\"loss\":0,\"lossByK\":[0,0]}"));
        assertEquals("expected contiguous segments covering layers 0 to 4: a segment starting at layer 2, found"
                + " Segment[first=3, last=4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Segmentation.fromJson("{\"k\":2,\"segments\":[[0,1],[2,4]],\"loss\":0,\"lossByK\":[0]}"));
        assertEquals("expected the loss curve to reach k = 2, found 1 values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Segmentation.fromJson("{\"k\":1,\"segments\":{},\"loss\":0,\"lossByK\":[0]}"));
        assertTrue(e.getMessage().startsWith("expected a segmentation as JSON"), e.getMessage());
    }

    @Test
    void countsOrderedPartitions() {
        assertEquals(BigInteger.valueOf(28), Segmentation.partitions(9, 3));
        assertEquals(BigInteger.valueOf(14950), Segmentation.partitions(27, 5));
        assertEquals(BigInteger.ONE, Segmentation.partitions(1, 1));
        assertEquals(new BigInteger("137846528820"), Segmentation.partitions(41, 21));
        var e = assertThrows(IllegalArgumentException.class, () -> Segmentation.partitions(9, 12));
        assertEquals("k must be between 1 and 9 (the number of layers), found 12", e.getMessage());
    }

    @Test
    void tableHasOneRowPerSegment() {
        Table table = segmentation.table();
        assertEquals(List.of("segment", "first", "last", "size", "diameter"), table.columnNames());
        assertEquals(2, table.rowCount());
        assertEquals("layer2", table.stringColumn("first").get(1));
        assertEquals("layer4", table.stringColumn("last").get(1));
        assertEquals(3, table.intColumn("size").get(1));
        assertEquals(0.5, table.doubleColumn("diameter").get(0));
    }

    @Test
    void figureMarksTheChosenK() {
        Figure figure = segmentation.figure();
        assertEquals("Segmentation loss by number of segments (rows)", figure.title());
        assertEquals(3, figure.data().get(0).getAsJsonObject().getAsJsonArray("y").size());
        JsonObject chosen = figure.data().get(1).getAsJsonObject();
        assertEquals(2, chosen.getAsJsonArray("x").get(0).getAsInt());
        assertEquals(0.5000001, chosen.getAsJsonArray("y").get(0).getAsDouble());
        assertEquals("star", chosen.getAsJsonObject("marker").get("symbol").getAsString());
    }

    @Test
    void heatmapOutlinesTheSegments() {
        double[][] values = new double[5][5];
        for (int i = 0; i < 5; i++) {
            values[i][i] = 1;
        }
        Figure figure = segmentation.heatmap(new SimilarityMatrix(FisherSegmenterTest.names(5), values));
        assertEquals(2, figure.layout().getAsJsonArray("shapes").size());
        assertEquals(4.5, figure.layout().getAsJsonArray("shapes").get(1).getAsJsonObject().get("x1").getAsDouble());
        var e = assertThrows(IllegalArgumentException.class,
                () -> segmentation.heatmap(new SimilarityMatrix(List.of("a"), new double[][] {{1}})));
        assertTrue(e.getMessage().startsWith("expected a similarity matrix of the segmented layers"));
    }

    @Test
    void segmentKnowsItsLayers() {
        Segment segment = new Segment(2, 4);
        assertEquals(3, segment.size());
        assertTrue(segment.contains(2) && segment.contains(4));
        assertFalse(segment.contains(1) || segment.contains(5));
        var e = assertThrows(IllegalArgumentException.class, () -> new Segment(3, 2));
        assertEquals("expected a segment with 0 <= first <= last, found first 3, last 2", e.getMessage());
    }
}
