package sglp.pipeline;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sglp.cka.SimilarityMatrix;
import sglp.io.AtomicFiles;
import sglp.model.Weights;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.HtmlReport;
import sglp.segment.Segmentation;
import tech.tablesaw.api.Table;

/**
 * Writes a session's results into a folder: one CSV per table, one offline HTML page per figure, {@code report.html}
 * with everything, {@code manifest.json}, the pruned weights and architecture. Every file is written atomically.
 */
public final class ResultsFolder {

    private ResultsFolder() {
    }

    /**
     * Writes the folder.
     *
     * @param s the session, after its stages ran
     * @param dir the folder (created if missing; files of the same names are replaced)
     * @param totalSeconds wall time of the run, for the manifest
     * @return the files written, in order
     */
    public static List<Path> write(Session s, Path dir, double totalSeconds) {
        List<Path> written = created(dir);
        HtmlReport.Builder report = HtmlReport.builder("SGLP run: " + s.options().getOrDefault("model", "model")
                + " on " + s.options().getOrDefault("data", "data"));
        section(dir, written, report, "summary", "Before and after", s.summary());
        section(dir, written, report, "layers", "Layers", s.pretrained() == null ? null : s.pretrained().architecture());
        section(dir, written, report, "pretrain", "Training the model", s.pretraining());
        similarityAndSegments(dir, written, report, s.similarity(), s.segmentation());
        if (s.searchResult() != null) {
            section(dir, written, report, "search", "GradNorm search", s.searchResult());
            Table space = s.searchResult().searchSpaceTable();
            report.addTable(space);
            written.add(csv(dir.resolve("search-space.csv"), space));
        }
        section(dir, written, report, "pruned-layers", "Kept and pruned layers", s.pruneSummary());
        section(dir, written, report, "finetune", "Fine-tuning", s.finetuning());
        if (s.pruned() != null) {
            written.add(write(dir.resolve("pruned.safetensors"), f -> Weights.save(s.pruned(), f)));
            written.add(write(dir.resolve("pruned-architecture.json"), f -> AtomicFiles.writeString(f,
                    Manifest.toJson(s.pruned().architecture().toJson()))));
        }
        JsonObject manifest = Manifest.of(s, totalSeconds);
        report.addHeading("Manifest").addText(Manifest.toJson(manifest));
        written.add(write(dir.resolve("report.html"), f -> report.build().write(f)));
        written.add(write(dir.resolve("manifest.json"), f -> AtomicFiles.writeString(f, Manifest.toJson(manifest))));
        return written;
    }

    /**
     * Writes the folder of a language-model session: the model's card, the CKA matrix and heatmap, the segments,
     * the perplexity search, the comparison in Table 4's format, the LoRA tuning, report.html and manifest.json.
     *
     * @param s the session, after its stages ran
     * @param dir the folder (created if missing; files of the same names are replaced)
     * @param totalSeconds wall time of the run, for the manifest
     * @return the files written, in order
     */
    public static List<Path> write(LlmSession s, Path dir, double totalSeconds) {
        List<Path> written = created(dir);
        HtmlReport.Builder report = HtmlReport.builder("SGLP-LLM run: " + s.options().getOrDefault("model", "model"));
        section(dir, written, report, "model", "The language model", s.card());
        similarityAndSegments(dir, written, report, s.similarity(), s.segmentation());
        section(dir, written, report, "search", "Perplexity search in each segment", s.searchResult());
        section(dir, written, report, "comparison", "Methods on one budget (Table 4 format)", s.comparison());
        section(dir, written, report, "lora", "LoRA fine-tuning of the SGLP-pruned model", s.loraResult());
        JsonObject manifest = Manifest.of(s, totalSeconds);
        report.addHeading("Manifest").addText(Manifest.toJson(manifest));
        written.add(write(dir.resolve("report.html"), f -> report.build().write(f)));
        written.add(write(dir.resolve("manifest.json"), f -> AtomicFiles.writeString(f, Manifest.toJson(manifest))));
        return written;
    }

    private static List<Path> created(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + dir, e);
        }
        return new ArrayList<>();
    }

    private static void similarityAndSegments(Path dir, List<Path> written, HtmlReport.Builder report,
            SimilarityMatrix similarity, Segmentation segmentation) {
        if (similarity != null) {
            Figure heatmap = segmentation == null ? similarity.figure() : segmentation.heatmap(similarity);
            report.addHeading("CKA similarity").addTable(similarity.table()).addFigure(heatmap);
            written.add(write(dir.resolve("similarity.csv"), f -> similarity.writeCsv(f)));
            written.add(write(dir.resolve("cka.html"), f -> HtmlReport.writeFigure(f, heatmap)));
        }
        section(dir, written, report, "segments", "Fisher segmentation", segmentation);
        if (segmentation != null) {
            written.add(write(dir.resolve("segments.json"), f -> AtomicFiles.writeString(f, segmentation.toJson())));
        }
    }

    private static void section(Path dir, List<Path> written, HtmlReport.Builder report, String name, String heading,
            Displayable result) {
        if (result == null) {
            return;
        }
        report.addHeading(heading).add(result);
        written.add(csv(dir.resolve(name + ".csv"), result.table()));
        written.add(write(dir.resolve(name + ".html"), f -> HtmlReport.writeFigure(f, result.figure())));
    }

    private static Path csv(Path file, Table table) {
        StringWriter w = new StringWriter();
        table.write().csv(w);
        return write(file, f -> AtomicFiles.writeString(f, w.toString()));
    }

    private static Path write(Path file, FileWriter writer) {
        try {
            writer.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Writes one file. */
    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }
}
