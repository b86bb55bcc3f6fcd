package sglp.cka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sglp.report.Figure;
import tech.tablesaw.api.Table;

class SimilarityMatrixTest {

    private static final List<String> NAMES = List.of("layer1.0", "layer1.1", "layer2.0");
    private static final double[][] VALUES = {{1, 0.8125, 0.1 / 3}, {0.8125, 1, 1e-7}, {0.1 / 3, 1e-7, 1}};

    private final SimilarityMatrix matrix = new SimilarityMatrix(NAMES, VALUES, Estimator.BIASED, CkaKernel.LINEAR,
            256);

    @TempDir
    Path dir;

    @Test
    void csvRoundTripIsExactAndHasNoRowLabels() throws IOException {
        Path file = dir.resolve("cka.csv");
        Files.writeString(file, "old content");
        matrix.writeCsv(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("layer1.0,layer1.1,layer2.0", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(3, lines.get(1).split(",").length);
        SimilarityMatrix read = SimilarityMatrix.readCsv(file);
        assertEquals(new SimilarityMatrix(NAMES, VALUES), read);
        assertNull(read.estimator());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    static Stream<Arguments> badCsvFiles() {
        return Stream.of(
                Arguments.of("", ": expected a header row of layer names, found an empty file"),
                Arguments.of("a,b\n1,0\n", ": expected 2 rows of numbers after the header (one per layer, a 2 x 2"
                        + " matrix), found 1"),
                Arguments.of("a,b\n1,0\n0,1\n0,0\n", ": expected 2 rows of numbers after the header (one per"
                        + " layer, a 2 x 2 matrix), found 3"),
                Arguments.of("a,b,c\n1,0,0\n0,1\n0,0,1\n",
                        " line 3: expected 3 numbers (one per layer in the header), found 2"),
                Arguments.of("a,b\n1,0\n0,x1\n", " line 3, column 2: expected a finite number, found 'x1'"),
                Arguments.of("a,b\n1,NaN\n0,1\n", " line 2, column 2: expected a finite number, found 'NaN'"),
                Arguments.of("a,a\n1,0\n0,1\n", " line 1, column 2: expected a distinct layer name, found 'a' again"),
                Arguments.of("a,,c\n1,0,0\n0,1,0\n0,0,1\n",
                        " line 1, column 2: expected a distinct layer name, found an empty cell"),
                Arguments.of("a,b\n1,0.5\n0.5,Infinity\n", " line 3, column 2: expected a finite number, found"
                        + " 'Infinity'"),
                Arguments.of("a,b\n1,1.5\n1.5,1\n", " line 2, column 2 (row 'a', column 'b'): expected a similarity"
                        + " in [-1, 1], found 1.5"),
                Arguments.of("a,b\n1,0.5\n-1.25,1\n", " line 3, column 1 (row 'b', column 'a'): expected a"
                        + " similarity in [-1, 1], found -1.25"),
                Arguments.of("a,b,c\n1,0.5,0.2\n0.5,1,0.3\n0.2,0.35,1\n", " line 3, column 3 (row 'b', column"
                        + " 'c'): expected a symmetric matrix (within 1.0E-6), found 0.3 here and 0.35 at line 4,"
                        + " column 2 (row 'c', column 'b')"));
    }

    @Test
    void aByteOrderMarkIsDroppedAndDebiasedValuesSlightlyBelowZeroOrRoundedAboveOneAreAccepted() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.writeString(file, "\uFEFFlayer1.0,layer1.1\n1.0000004,-0.0123\n-0.0123,1\n");
        SimilarityMatrix read = SimilarityMatrix.readCsv(file);
        assertEquals(List.of("layer1.0", "layer1.1"), read.names());
        assertEquals(-0.0123, read.get(0, 1), 0);
        assertEquals(1.0000004, read.get(0, 0), 0);
    }

    @ParameterizedTest
    @MethodSource("badCsvFiles")
    void badCsvNamesFileLineColumnAndExpectation(String content, String message) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, content);
        var e = assertThrows(IllegalArgumentException.class, () -> SimilarityMatrix.readCsv(file));
        assertEquals(file + message, e.getMessage());
    }

    @Test
    void copiesWhatGoesInAndOut() {
        double[][] values = {{1, 0.5}, {0.5, 1}};
        SimilarityMatrix s = new SimilarityMatrix(List.of("a", "b"), values);
        values[0][1] = 9;
        s.values()[1][0] = 9;
        assertArrayEquals(new double[] {0.5, 1}, s.values()[1]);
        assertEquals(0.5, s.get(0, 1));
    }

    @Test
    void rejectsMatricesThatCannotBeWritten() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SimilarityMatrix(List.of("a", "b"), new double[][] {{1, 0}, {0}}));
        assertEquals("expected 2 values in row 1 (one per layer), found 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SimilarityMatrix(List.of("a,b"), new double[][] {{1}}));
        assertEquals("expected a layer name without comma, quote or line break, found 'a,b'", e.getMessage());
    }

    @Test
    void tableHasALayerColumnThenOneColumnPerLayer() {
        Table table = matrix.table();
        assertEquals(List.of("layer", "layer1.0", "layer1.1", "layer2.0"), table.columnNames());
        assertEquals("layer2.0", table.stringColumn("layer").get(2));
        assertEquals(0.8125, table.doubleColumn("layer1.1").get(0));
    }

    @Test
    void figureIsAHeatmapOnAFixedScaleWithLayerZeroOnTop() {
        Figure figure = matrix.figure();
        assertEquals("CKA similarity (linear, biased, n=256)", figure.title());
        JsonObject heatmap = figure.data().get(0).getAsJsonObject();
        assertEquals("heatmap", heatmap.get("type").getAsString());
        assertEquals(0, heatmap.get("zmin").getAsDouble());
        assertEquals(1, heatmap.get("zmax").getAsDouble());
        assertEquals("layer2.0", heatmap.getAsJsonArray("y").get(2).getAsString());
        assertEquals(0.8125, heatmap.getAsJsonArray("z").get(1).getAsJsonArray().get(0).getAsDouble());
        assertEquals("reversed", figure.layout().getAsJsonObject("yaxis").get("autorange").getAsString());
        assertEquals("CKA similarity", new SimilarityMatrix(NAMES, VALUES).title());
    }

    @Test
    void segmentsAreOutlinedAsDiagonalRectangles() {
        Figure figure = matrix.figure(List.of(new int[] {0, 1}, new int[] {2, 2}));
        JsonArray shapes = figure.layout().getAsJsonArray("shapes");
        assertEquals(2, shapes.size());
        JsonObject first = shapes.get(0).getAsJsonObject();
        assertEquals(-0.5, first.get("x0").getAsDouble());
        assertEquals(1.5, first.get("x1").getAsDouble());
        assertEquals(-0.5, first.get("y0").getAsDouble());
        assertEquals(1.5, first.get("y1").getAsDouble());
        assertEquals("CKA similarity (linear, biased, n=256) with 2 segments", figure.title());
        var e = assertThrows(IllegalArgumentException.class, () -> matrix.figure(List.of(new int[] {1, 3})));
        assertEquals("expected a segment {first, last} with 0 <= first <= last <= 2, found [1, 3]", e.getMessage());
    }
}
