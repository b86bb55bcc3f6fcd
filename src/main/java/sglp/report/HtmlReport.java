package sglp.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sglp.io.AtomicFiles;
import sglp.io.InputFiles;
import tech.tablesaw.api.Table;

/**
 * One self-contained HTML page of headings, text, tables and plotly figures that draws without network access:
 * plotly.js is inlined once, in the head, guarded as in {@link PlotlyJs#guardedScript()}.
 *
 * <pre>{@code
 * HtmlReport.builder("ResNet-56 on CIFAR-10")
 *     .addHeading("Similarity").add(ckaResult)
 *     .addText("Segments found by Fisher's optimal partition.").addFigure(segmentsFigure)
 *     .build().write(Path.of("report.html"));
 * }</pre>
 * Each figure gets its own {@code div} with an id unique in the page, drawn by one {@code Plotly.newPlot} call.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            table.sglp-table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
            table.sglp-table th, table.sglp-table td { border-bottom: 1px solid #ddd; padding: 0.25em 0.75em; }
            table.sglp-table caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
            table.sglp-table tfoot td { color: #777; font-style: italic; }
            .sglp-figure { width: 100%; min-height: 450px; margin: 1em 0; }
            """;

    private final String title;
    private final List<String> blocks;

    private HtmlReport(String title, List<String> blocks) {
        this.title = title;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * @param title the page title, also shown as its first heading
     * @return a builder of a page
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /**
     * Writes one figure as a page of its own, titled by the figure.
     *
     * @param file the HTML file to write, atomically
     * @param figure the figure
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeFigure(Path file, Figure figure) {
        String title = figure.title().isEmpty() ? "Figure" : figure.title();
        builder(title).addFigure(figure).build().write(file);
    }

    /**
     * The HTML of one figure: a {@code div} and the script that draws it. The page (or notebook) must have
     * loaded plotly.js before.
     *
     * @param figure the figure
     * @param divId the id of the {@code div}, unique in the page; letters, digits, {@code -} and {@code _} only
     * @return the HTML fragment
     * @throws IllegalArgumentException if the id has other characters or is empty
     */
    public static String figureHtml(Figure figure, String divId) {
        if (!divId.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("Figure div id '" + divId
                    + "': expected a letter followed by letters, digits, '-' or '_'");
        }
        return "<div id=\"" + divId + "\" class=\"sglp-figure\"></div>\n<script>(function (f) { Plotly.newPlot(\""
                + divId + "\", f.data, f.layout, {responsive: true}); })(" + figure.toJson() + ");</script>";
    }

    /** @return the page title */
    public String title() {
        return title;
    }

    /** @return the whole page */
    public String toHtml() {
        StringBuilder b = new StringBuilder();
        try {
            render(b);
        } catch (IOException e) {
            throw new AssertionError("a StringBuilder does not throw", e);
        }
        return b.toString();
    }

    /**
     * Writes the page to a file, atomically: a reader sees the old file or the complete page.
     *
     * @param file the HTML file; its folder is created if missing
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(Path file) {
        try {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                render(w);
                w.flush();
            });
        } catch (IOException e) {
            throw InputFiles.unchecked("Cannot write " + file.toAbsolutePath(), e);
        }
    }

    private void render(Appendable out) throws IOException {
        String escapedTitle = Tables.escapeHtml(title);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escapedTitle).append("</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append(PlotlyJs.scriptElement()).append("\n</head>\n<body>\n<h1>").append(escapedTitle).append("</h1>\n");
        for (String block : blocks) {
            out.append(block).append('\n');
        }
        out.append("</body>\n</html>\n");
    }

    @Override
    public String toString() {
        return "HtmlReport[" + title + ", " + blocks.size() + " blocks]";
    }

    /** Collects the parts of a page in order. */
    public static final class Builder {
        private final String title;
        private final List<String> blocks = new ArrayList<>();
        private int figures;
        private int maxTableRows = 50;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * @param rows the most rows shown of each table added after this call, 1 or more (default 50)
         * @return this builder
         * @throws IllegalArgumentException if rows is below 1
         */
        public Builder optMaxTableRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxTableRows must be 1 or more, found " + rows);
            }
            maxTableRows = rows;
            return this;
        }

        /**
         * @param text a section heading
         * @return this builder
         */
        public Builder addHeading(String text) {
            blocks.add("<h2>" + Tables.escapeHtml(text) + "</h2>");
            return this;
        }

        /**
         * @param text a paragraph of plain text
         * @return this builder
         */
        public Builder addText(String text) {
            blocks.add("<p>" + Tables.escapeHtml(text) + "</p>");
            return this;
        }

        /**
         * @param table a table, shown as by {@link Tables#toHtml(Table, int)}
         * @return this builder
         */
        public Builder addTable(Table table) {
            blocks.add(Tables.toHtml(table, maxTableRows));
            return this;
        }

        /**
         * @param figure a figure, drawn in a {@code div} of its own
         * @return this builder
         */
        public Builder addFigure(Figure figure) {
            figures++;
            blocks.add(figureHtml(figure, "sglp-figure-" + figures));
            return this;
        }

        /**
         * @param result a result: its table, then its figure
         * @return this builder
         */
        public Builder add(Displayable result) {
            return addTable(result.table()).addFigure(result.figure());
        }

        /** @return the page */
        public HtmlReport build() {
            return new HtmlReport(title, blocks);
        }
    }
}
