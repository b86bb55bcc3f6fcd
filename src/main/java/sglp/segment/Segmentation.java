package sglp.segment;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import sglp.cka.SimilarityMatrix;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An optimal split of L ordered layers into k contiguous segments, with the loss curve used to choose k.
 *
 * <p>A value: the lists and arrays handed in and out are copies. JSON form ({@link #toJson()}), indices 0-based
 * and inclusive, numbers plain decimals: {@code {"k":3,"segments":[[0,4],[5,8],[9,17]],"loss":0.42,
 * "lossByK":[...],"layers":[...],"diameter":"ROW_SUM","segmentDiameters":[...]}}; readers need only the first
 * four keys, and the last two are left out when unknown.
 *
 * @param names the layer names in forward order
 * @param k the number of segments
 * @param segments the k segments, in order, covering layers 0 to L-1
 * @param loss the total diameter of the segments, Loss*(L-1, k)
 * @param lossByK Loss*(L-1, m) for m = 1, 2, ...: element m-1 is the least loss with m segments
 * @param diameter how diameters were measured, or {@code null} if unknown
 * @param segmentDiameters the diameter of each segment (NaN where unknown); they add up to {@code loss}
 */
public record Segmentation(List<String> names, int k, List<Segment> segments, double loss, double[] lossByK,
        Diameter diameter, double[] segmentDiameters) implements Displayable {

    private static final Gson GSON = new Gson();

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the segments do not cover the layers in order, k does not count them,
     *     the losses are not finite, the loss curve does not reach k, or there is not one diameter per segment
     */
    public Segmentation {
        names = List.copyOf(names);
        segments = List.copyOf(segments);
        lossByK = lossByK.clone();
        segmentDiameters = segmentDiameters.clone();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("expected at least one layer, found none");
        }
        if (segments.size() != k) {
            throw new IllegalArgumentException("expected k = " + k + " segments, found " + segments.size());
        }
        int next = 0;
        for (Segment segment : segments) {
            if (segment.first() != next) {
                throw new IllegalArgumentException("expected contiguous segments covering layers 0 to "
                        + (names.size() - 1) + ": a segment starting at layer " + next + ", found " + segment);
            }
            next = segment.last() + 1;
        }
        if (next != names.size()) {
            throw new IllegalArgumentException("expected the last segment to end at layer " + (names.size() - 1)
                    + " (the number of layers - 1), found " + (next - 1));
        }
        if (!Double.isFinite(loss) || !Arrays.stream(lossByK).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("expected a finite loss and loss curve, found " + loss + " and "
                    + Arrays.toString(lossByK));
        }
        if (lossByK.length < k) {
            throw new IllegalArgumentException("expected the loss curve to reach k = " + k + ", found "
                    + lossByK.length + " values");
        }
        if (segmentDiameters.length != k) {
            throw new IllegalArgumentException("expected " + k + " segment diameters (one per segment), found "
                    + segmentDiameters.length);
        }
    }

    /**
     * The number of ordered ways to split L layers into k contiguous non-empty segments: C(L-1, k-1) (eq. 14).
     *
     * @param layers the number of layers L
     * @param k the number of segments, 1 &le; k &le; L
     * @return C(L-1, k-1)
     */
    public static BigInteger partitions(int layers, int k) {
        FisherSegmenter.checkK(layers, k);
        BigInteger count = BigInteger.ONE;
        for (int i = 1; i < k; i++) {
            count = count.multiply(BigInteger.valueOf(layers - k + i)).divide(BigInteger.valueOf(i));
        }
        return count;
    }

    /** @return a copy of the loss curve */
    @Override
    public double[] lossByK() {
        return lossByK.clone();
    }

    /** @return a copy of the segment diameters */
    @Override
    public double[] segmentDiameters() {
        return segmentDiameters.clone();
    }

    /** @return one row per segment: its number (from 1), first and last layer, size and diameter */
    @Override
    public Table table() {
        Table table = Table.create("Fisher segmentation, k = " + k,
                IntColumn.create("segment"), StringColumn.create("first"), StringColumn.create("last"),
                IntColumn.create("size"), DoubleColumn.create("diameter"));
        for (int s = 0; s < k; s++) {
            Segment segment = segments.get(s);
            table.intColumn("segment").append(s + 1);
            table.stringColumn("first").append(names.get(segment.first()));
            table.stringColumn("last").append(names.get(segment.last()));
            table.intColumn("size").append(segment.size());
            table.doubleColumn("diameter").append(segmentDiameters[s]);
        }
        return table;
    }

    /** @return the loss-by-k line chart, with the chosen k marked by a star */
    @Override
    public Figure figure() {
        List<Integer> ks = IntStream.rangeClosed(1, lossByK.length).boxed().toList();
        String measure = diameter == null ? "" : " (" + diameter.label() + ")";
        Series curve = Series.of("least loss", ks, lossByK).withMode(Series.LINES_AND_MARKERS);
        Figure figure = Figures.line("Segmentation loss by number of segments" + measure, "number of segments k",
                "least total diameter", List.of(curve));
        return Figures.withChosenPoint(Figures.withXCategories(figure, ks), "chosen k = " + k, k, lossByK[k - 1]);
    }

    /**
     * The similarity heatmap with these segments outlined on its diagonal.
     *
     * @param similarity the matrix that was segmented
     * @return the figure
     * @throws IllegalArgumentException if its layers are not these layers
     */
    public Figure heatmap(SimilarityMatrix similarity) {
        if (!similarity.names().equals(names)) {
            throw new IllegalArgumentException("expected a similarity matrix of the segmented layers " + names
                    + ", found " + similarity.names());
        }
        List<int[]> bounds = new ArrayList<>();
        for (Segment segment : segments) {
            bounds.add(new int[] {segment.first(), segment.last()});
        }
        return similarity.figure(bounds);
    }

    /** @return the JSON form described in the class comment, on one line */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"k\":").append(k).append(",\"segments\":[");
        for (int s = 0; s < k; s++) {
            Segment segment = segments.get(s);
            json.append(s == 0 ? "" : ",").append('[').append(segment.first()).append(',').append(segment.last())
                    .append(']');
        }
        json.append("],\"loss\":").append(plain(loss)).append(",\"lossByK\":").append(plain(lossByK))
                .append(",\"layers\":").append(GSON.toJson(names));
        if (diameter != null) {
            json.append(",\"diameter\":").append(GSON.toJson(diameter.name()));
        }
        if (Arrays.stream(segmentDiameters).allMatch(Double::isFinite)) {
            json.append(",\"segmentDiameters\":").append(plain(segmentDiameters));
        }
        return json.append('}').toString();
    }

    /**
     * Reads the JSON form. Without {@code "layers"} the layers are named "0", "1", ...; without {@code "diameter"}
     * it is unknown; without {@code "segmentDiameters"} they are NaN.
     *
     * @param json the JSON text
     * @return the segmentation
     * @throws IllegalArgumentException if a required key is missing or a value has the wrong type or is invalid
     */
    public static Segmentation fromJson(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("expected a JSON object, found " + root);
            }
            JsonObject o = root.getAsJsonObject();
            List<Segment> segments = new ArrayList<>();
            for (JsonElement pair : required(o, "segments").getAsJsonArray()) {
                double[] bounds = numbers(pair);
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("expected each segment as [first, last], found " + pair);
                }
                segments.add(new Segment((int) bounds[0], (int) bounds[1]));
            }
            int layers = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).last() + 1;
            List<String> names = new ArrayList<>();
            if (o.has("layers")) {
                o.getAsJsonArray("layers").forEach(name -> names.add(name.getAsString()));
            } else {
                for (int i = 0; i < layers; i++) {
                    names.add(String.valueOf(i));
                }
            }
            double[] segmentDiameters = new double[segments.size()];
            Arrays.fill(segmentDiameters, Double.NaN);
            if (o.has("segmentDiameters")) {
                segmentDiameters = numbers(o.get("segmentDiameters"));
            }
            return new Segmentation(names, required(o, "k").getAsInt(), segments,
                    required(o, "loss").getAsDouble(), numbers(required(o, "lossByK")),
                    o.has("diameter") ? diameter(o.get("diameter").getAsString()) : null, segmentDiameters);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("expected a segmentation as JSON {\"k\":K,\"segments\":[[first,last],"
                    + "...],\"loss\":x,\"lossByK\":[...]}, found a value of the wrong type: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segmentation s && names.equals(s.names) && k == s.k && segments.equals(s.segments)
                && Double.compare(loss, s.loss) == 0 && Arrays.equals(lossByK, s.lossByK)
                && diameter == s.diameter && Arrays.equals(segmentDiameters, s.segmentDiameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, k, segments, loss, Arrays.hashCode(lossByK), diameter,
                Arrays.hashCode(segmentDiameters));
    }

    /** @return the segments in one line, e.g. {@code "0..1 | 2..5 | 6..7 (k = 3, loss 0.0050)"} */
    public String describe() {
        return segments.stream().map(g -> g.first() + ".." + g.last()).collect(Collectors.joining(" | "))
                + String.format(Locale.ROOT, " (k = %d, loss %.4f)", k, loss);
    }

    @Override
    public String toString() {
        return "Segmentation[k=" + k + ", segments=" + segments + ", loss=" + loss + "]";
    }

    private static JsonElement required(JsonObject o, String key) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new IllegalArgumentException("expected the key \"" + key + "\" in the segmentation JSON, found "
                    + o.keySet());
        }
        return o.get(key);
    }

    private static double[] numbers(JsonElement array) {
        JsonArray values = array.getAsJsonArray();
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = values.get(i).getAsDouble();
        }
        return numbers;
    }

    private static Diameter diameter(String name) {
        for (Diameter d : Diameter.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("expected \"diameter\" to be one of " + Arrays.toString(Diameter.values())
                + ", found \"" + name + "\"");
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String plain(double[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(plain(values[i]));
        }
        return json.append(']').toString();
    }
}
