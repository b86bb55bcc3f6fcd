package sglp.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sglp.io.InputFiles;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The tables published in the SGLP paper, transcribed as data, to show beside this project's own results.
 *
 * <p>The CSV files and their index {@code tables.json} are resources under {@code sglp/report/paper/}. A column
 * whose cells are all numbers becomes numeric, shown with as many decimals as its most precise published cell
 * (so 93.40 stays 93.40); empty cells (printed "–" in the paper) are missing.
 */
public final class PaperTables {

    private static final String DIR = "sglp/report/paper/";

    private PaperTables() {
    }

    /**
     * @return every transcribed table, by number
     * @throws IllegalStateException if a resource is missing or inconsistent
     */
    public static List<PaperTable> all() {
        return Holder.ALL;
    }

    /**
     * @param number a table number of the paper
     * @return that table
     * @throws IllegalArgumentException if the paper has no such table
     */
    public static PaperTable table(int number) {
        return all().stream().filter(t -> t.number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The paper has no table " + number
                        + "; transcribed: " + all().stream().map(PaperTable::number).toList()));
    }

    /** Reads the resources on first use. */
    private static final class Holder {
        static final List<PaperTable> ALL = load();

        private static List<PaperTable> load() {
            JsonObject index = JsonParser.parseString(resource("tables.json")).getAsJsonObject();
            List<PaperTable> tables = new ArrayList<>();
            for (JsonElement e : index.getAsJsonArray("tables")) {
                tables.add(paperTable(e.getAsJsonObject()));
            }
            return List.copyOf(tables);
        }

        private static PaperTable paperTable(JsonObject o) {
            int number = o.get("number").getAsInt();
            String caption = o.get("caption").getAsString();
            Table table = readCsv(o.get("file").getAsString(), "Table " + number + ": " + caption);
            JsonObject c = o.getAsJsonObject("chart");
            List<String> groups = new ArrayList<>();
            c.getAsJsonArray("groups").forEach(g -> groups.add(g.getAsString()));
            List<PaperTable.Metric> metrics = new ArrayList<>();
            for (Map.Entry<String, JsonElement> m : c.getAsJsonObject("metrics").entrySet()) {
                metrics.add(new PaperTable.Metric(m.getKey(), m.getValue().getAsString()));
            }
            PaperTable.Chart chart = new PaperTable.Chart(c.get("label").getAsString(), groups, metrics,
                    c.get("x_title").getAsString(), c.get("y_title").getAsString());
            List<String> used = new ArrayList<>(groups);
            used.add(chart.label());
            metrics.forEach(m -> used.add(m.column()));
            for (String column : used) {
                if (!table.containsColumn(column)) {
                    throw new IllegalStateException("Paper table " + number + ": the chart uses column '" + column
                            + "', not among " + table.columnNames());
                }
            }
            return new PaperTable(number, caption, o.get("source").getAsString(), o.get("notes").getAsString(),
                    table, chart);
        }

        /** Reads every column as text, then makes the all-number columns numeric. */
        private static Table readCsv(String file, String name) {
            Table text = Table.read().csv(CsvReadOptions.builderFromString(resource(file))
                    .columnTypes(column -> ColumnType.STRING).tableName(name).build());
            Table table = Table.create(name);
            for (StringColumn column : text.stringColumns()) {
                table.addColumns(typed(column));
            }
            return table;
        }

        private static Column<?> typed(StringColumn column) {
            List<String> cells = new ArrayList<>();
            for (int r = 0; r < column.size(); r++) {
                if (!column.isMissing(r)) {
                    cells.add(column.get(r));
                }
            }
            if (cells.isEmpty() || !cells.stream().allMatch(s -> s.matches("-?\\d+(\\.\\d+)?"))) {
                return column;
            }
            if (cells.stream().allMatch(s -> s.matches("-?\\d+"))) {
                IntColumn ints = IntColumn.create(column.name());
                for (int r = 0; r < column.size(); r++) {
                    ints.append(column.isMissing(r) ? null : Integer.valueOf(column.get(r)));
                }
                return ints;
            }
            DoubleColumn doubles = DoubleColumn.create(column.name());
            for (int r = 0; r < column.size(); r++) {
                doubles.append(column.isMissing(r) ? null : Double.valueOf(column.get(r)));
            }
            int decimals = cells.stream().mapToInt(s -> s.contains(".") ? s.length() - s.indexOf('.') - 1 : 0)
                    .max().orElseThrow();
            return Tables.fixedDecimals(doubles, decimals);
        }

        private static String resource(String file) {
            try (InputStream in = PaperTables.class.getClassLoader().getResourceAsStream(DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("Paper table resource not found on the class path: " + DIR
                            + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw InputFiles.unchecked("cannot read " + DIR + file, e);
            }
        }
    }
}
