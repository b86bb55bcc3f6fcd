package sglp.pipeline;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import sglp.cka.SimilarityMatrix;
import sglp.io.AtomicFiles;
import sglp.io.InputFiles;
import sglp.io.Json;
import sglp.model.Weights;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.HtmlReport;
import sglp.report.Tables;
import sglp.segment.Segmentation;
import tech.tablesaw.api.Table;

/**
 * Writes a session's results into a folder: one CSV per table, one offline HTML page per figure, {@code report.html}
 * with everything, {@code manifest.json}, the pruned weights and architecture (or, for a language model, the tuned
 * model in the Hugging Face layout).
 *
 * <p>The folder appears whole or not at all ({@link AtomicFiles#writeFolder}): an interrupted or failed write leaves
 * the target as it was. The target must be new, empty, or an earlier results folder (one with a
 * {@code manifest.json}), which is then replaced whole.
 */
public final class ResultsFolder {
    private static final String WHAT = "a results folder";

    private ResultsFolder() {
    }

    /**
     * Writes the folder.
     *
     * @param s the session, after its stages ran
     * @param dir the folder: new, empty, or an earlier results folder (replaced whole)
     * @param totalSeconds wall time of the run, for the manifest
     * @return the files written, in order
     * @throws IllegalArgumentException if the folder may not be written ({@link #checkTarget})
     */
    public static List<Path> write(Session s, Path dir, double totalSeconds) {
        return inFolder(dir, tmp -> cnn(s, tmp, totalSeconds));
    }

    private static List<Path> cnn(Session s, Path dir, double totalSeconds) {
        List<Path> written = new ArrayList<>();
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
        Comparison comparison = s.comparison();
        if (comparison != null) {
            section(dir, written, report, "comparison", "Methods on one budget", comparison);
            report.addTable(comparison.summary());
            written.add(csv(dir.resolve("comparison-summary.csv"), comparison.summary()));
            JsonObject dense = new JsonObject();
            dense.add("acc", Json.number(Tables.percent(comparison.dense().accuracy())));
            dense.addProperty("params", comparison.dense().params());
            dense.addProperty("macs", comparison.dense().macs());
            written.add(write(dir.resolve("dense.json"), f -> AtomicFiles.writeString(f, Json.pretty(dense))));
        }
        if (s.pruned() != null) {
            written.add(write(dir.resolve("pruned.safetensors"), f -> Weights.save(s.pruned(), f)));
            written.add(write(dir.resolve("pruned-architecture.json"), f -> AtomicFiles.writeString(f,
                    Json.pretty(s.pruned().architecture().toJson()))));
        }
        Manifest manifest = Manifest.of(s, totalSeconds);
        report.addHeading("Manifest").addText(manifest.toJson());
        written.add(write(dir.resolve("report.html"), f -> report.build().write(f)));
        written.add(write(dir.resolve("manifest.json"), f -> AtomicFiles.writeString(f, manifest.toJson())));
        return written;
    }

    /**
     * Writes the folder of a language-model session: the model's card, the CKA matrix and heatmap, the segments,
     * the perplexity search, the comparison in Table 4's format (with more than one seed also
     * {@code comparison-summary.csv}, {@code comparison-summary.html} and {@code comparison-seeds.csv}), the LoRA
     * tuning, report.html and manifest.json.
     *
     * @param s the session, after its stages ran
     * @param dir the folder: new, empty, or an earlier results folder (replaced whole)
     * @param totalSeconds wall time of the run, for the manifest
     * @return the files written, in order; the tuned model's folder {@code tuned-model} after LoRA
     * @throws IllegalArgumentException if the folder may not be written ({@link #checkTarget})
     */
    public static List<Path> write(LlmSession s, Path dir, double totalSeconds) {
        return inFolder(dir, tmp -> llm(s, tmp, totalSeconds));
    }

    private static List<Path> llm(LlmSession s, Path dir, double totalSeconds) {
        List<Path> written = new ArrayList<>();
        if (s.loraResult() != null) {
            written.add(s.exportTuned(dir.resolve("tuned-model")));
        }
        HtmlReport.Builder report = HtmlReport.builder("SGLP-LLM run: " + s.options().getOrDefault("model", "model"));
        section(dir, written, report, "model", "The language model", s.card());
        similarityAndSegments(dir, written, report, s.similarity(), s.segmentation());
        section(dir, written, report, "search", "Perplexity search in each segment", s.searchResult());
        section(dir, written, report, "comparison", "Methods on one budget (Table 4 format)", s.comparison());
        LlmSeedSummary seeds = s.seedSummary();
        if (seeds != null) {
            section(dir, written, report, "comparison-summary", "Methods over seeds", seeds);
            report.addTable(seeds.runsTable());
            written.add(csv(dir.resolve("comparison-seeds.csv"), seeds.runsTable()));
        }
        section(dir, written, report, "lora", "LoRA fine-tuning of the SGLP-pruned model", s.loraResult());
        Manifest manifest = Manifest.of(s, totalSeconds);
        report.addHeading("Manifest").addText(manifest.toJson());
        written.add(write(dir.resolve("report.html"), f -> report.build().write(f)));
        written.add(write(dir.resolve("manifest.json"), f -> AtomicFiles.writeString(f, manifest.toJson())));
        return written;
    }

    /**
     * Writes a sweep's table ({@code sweep.csv}), figure ({@code sweep.html}), {@code report.html} and
     * {@code manifest.json} into its folder, beside the points it keeps there; each file atomically.
     *
     * @param s the session the sweep ran on
     * @param sweep the sweep
     * @param dir the sweep's folder
     * @param totalSeconds wall time of the run, for the manifest
     * @return the files written, in order
     */
    public static List<Path> write(Session s, Sweep sweep, Path dir, double totalSeconds) {
        List<Path> written = new ArrayList<>();
        HtmlReport.Builder report = HtmlReport.builder("SGLP sweep of " + sweep.option());
        section(dir, written, report, "sweep", "One option varied, everything else fixed", sweep);
        Manifest manifest = Manifest.of(s, totalSeconds);
        report.addHeading("Manifest").addText(manifest.toJson());
        written.add(write(dir.resolve("report.html"), f -> report.build().write(f)));
        written.add(write(dir.resolve("manifest.json"), f -> AtomicFiles.writeString(f, manifest.toJson())));
        return written;
    }

    /**
     * Checks, before a run starts, that its results can be written to a folder.
     *
     * @param dir the folder
     * @throws IllegalArgumentException if it is a file, or a folder with files that is not an earlier results folder
     */
    public static void checkTarget(Path dir) {
        AtomicFiles.checkFolderTarget(dir, ResultsFolder::isResultsFolder, WHAT);
    }

    private static boolean isResultsFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.json"));
    }

    /** Fills a temporary folder, moves it into place, and names the files by their final paths. */
    private static List<Path> inFolder(Path dir, Function<Path, List<Path>> fill) {
        List<Path> written = new ArrayList<>();
        try {
            AtomicFiles.writeFolder(dir, ResultsFolder::isResultsFolder, WHAT, tmp -> fill.apply(tmp)
                    .forEach(f -> written.add(dir.resolve(tmp.relativize(f)))));
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write the results folder " + dir, e);
        }
        return written;
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
            throw InputFiles.unchecked("cannot write " + file, e);
        }
        return file;
    }

    /** Writes one file. */
    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }
}
