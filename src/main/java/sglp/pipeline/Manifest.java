package sglp.pipeline;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import sglp.io.DataCache;
import sglp.io.Json;
import sglp.score.SearchResult;
import sglp.segment.Segment;
import sglp.segment.Segmentation;

/**
 * The record of a run, written as {@code manifest.json}: the seed, the versions of the library and of what it runs
 * on, the options of the current results, every input file the session read with its size and SHA-256 (so that two
 * runs can be told apart or matched), the seconds of each stage, and the results. Results hold
 * {@code accuracy.before/pruned/finetuned}, {@code params.before/after}, {@code macs.before/after},
 * {@code keptLayers}, {@code removedLayers}, {@code segments} (0-based inclusive layer indices) and the search space
 * for a CNN; the model card, segments, kept and removed layers and the comparison for a language model. An undefined
 * number (NaN or infinite, such as the accuracy of a stage that did not run) is written as {@code null}.
 *
 * @param seed the session's seed
 * @param versions what the run ran on
 * @param options the options of the session and of each stage whose result it holds
 * @param inputs the files the session read, in the order it read them
 * @param timings seconds per stage, with {@code total}
 * @param results the results, by family
 */
public record Manifest(long seed, Versions versions, Map<String, Object> options, List<InputFile> inputs,
        Map<String, Double> timings, JsonObject results) {
    private static final Gson GSON = new Gson();

    /**
     * What a run ran on.
     *
     * @param sglp this library's version
     * @param commit the checkout's commit, when the entry script knew it
     * @param java the Java runtime
     * @param djl the DJL version
     * @param engine the engine and its version, such as {@code PyTorch 2.7.1}
     * @param device where the model's weights were
     * @param libraries the other libraries the build used (Tablesaw, Gson, ...) and the npm data packages, with
     *     their versions
     */
    public record Versions(String sglp, String commit, String java, String djl, String engine, String device,
            Map<String, String> libraries) {
        /** Copies the map. */
        public Versions {
            libraries = Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
        }
    }

    /** Copies the collections. */
    public Manifest {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        inputs = List.copyOf(inputs);
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        results = results.deepCopy();
    }

    /** @return the library's version, from the build */
    public static String version() {
        return build().getProperty("version", "unknown");
    }

    private static Properties build() {
        try (InputStream in = Manifest.class.getResourceAsStream("/sglp/build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The manifest of a session as it stands.
     *
     * @param s the session
     * @param totalSeconds wall time of the whole run
     * @return the manifest
     */
    public static Manifest of(Session s, double totalSeconds) {
        return of(s, s.pretrained() == null ? "none" : s.pretrained().device().toString(), totalSeconds, results(s));
    }

    /**
     * The manifest of a language-model session as it stands.
     *
     * @param s the session
     * @param totalSeconds wall time of the whole run
     * @return the manifest
     */
    public static Manifest of(LlmSession s, double totalSeconds) {
        return of(s, s.model() == null ? "none" : s.model().manager().getDevice().toString(), totalSeconds,
                results(s));
    }

    private static Manifest of(PruningSession<?> s, String device, double totalSeconds, JsonObject results) {
        Properties build = build();
        Map<String, String> libraries = new LinkedHashMap<>();
        for (String name : List.of("tablesaw", "gson", "picocli", "commons-math3")) {
            libraries.put(name, build.getProperty(name + ".version", "unknown"));
        }
        DataCache.npmVersions().forEach((name, version) -> libraries.put("npm " + name, version));
        Versions versions = new Versions(version(), System.getProperty("sglp.commit", "unknown"),
                System.getProperty("java.version"), Engine.getDjlVersion(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(), device, libraries);
        Map<String, Double> timings = new LinkedHashMap<>(s.timings());
        timings.put("total", totalSeconds);
        return new Manifest(s.seed(), versions, s.options(), s.inputs(), timings, results);
    }

    /** @return the manifest as a JSON object */
    public JsonObject toJsonObject() {
        JsonObject m = new JsonObject();
        m.addProperty("tool", "sglp");
        m.addProperty("seed", seed);
        m.add("versions", GSON.toJsonTree(versions));
        m.add("options", GSON.toJsonTree(options));
        m.add("inputs", GSON.toJsonTree(inputs));
        m.add("timings", GSON.toJsonTree(timings));
        m.add("results", results.deepCopy());
        return m;
    }

    /** @return the manifest as indented JSON ({@link Json#pretty}) */
    public String toJson() {
        return Json.pretty(toJsonObject());
    }

    private static JsonObject results(LlmSession s) {
        JsonObject r = new JsonObject();
        if (s.card() != null) {
            r.addProperty("layers", s.card().layers());
            r.addProperty("parameters", s.card().parameters());
            r.add("heldOutPpl", Json.number(s.card().heldOut().ppl()));
            r.addProperty("heldOutTokens", s.card().heldOut().tokens());
        }
        if (s.segmentation() != null) {
            r.add("segments", segments(s.segmentation()));
        }
        if (s.searchResult() != null) {
            r.add("keptLayers", GSON.toJsonTree(s.searchResult().kept()));
            r.add("removedLayers", GSON.toJsonTree(s.searchResult().removed()));
        }
        if (s.comparison() != null) {
            JsonArray rows = new JsonArray();
            for (LlmEvaluation e : s.comparison().rows()) {
                JsonObject row = new JsonObject();
                row.addProperty("method", e.method());
                row.add("removed", GSON.toJsonTree(e.removed()));
                row.addProperty("parameters", e.parameters());
                row.add("heldOutPpl", Json.number(e.heldOut().ppl()));
                JsonObject tasks = new JsonObject();
                e.scores().forEach(t -> {
                    JsonObject score = new JsonObject();
                    score.addProperty("items", t.items());
                    score.add("acc", Json.number(t.acc()));
                    score.add("acc_norm", Json.number(t.accNorm()));
                    tasks.add(t.task(), score);
                });
                row.add("tasks", tasks);
                rows.add(row);
            }
            r.add("comparison", rows);
        }
        return r;
    }

    private static JsonArray segments(Segmentation segmentation) {
        JsonArray segs = new JsonArray();
        for (Segment seg : segmentation.segments()) {
            JsonArray pair = new JsonArray();
            pair.add(seg.first());
            pair.add(seg.last());
            segs.add(pair);
        }
        return segs;
    }

    private static JsonObject results(Session s) {
        JsonObject r = new JsonObject();
        JsonObject acc = new JsonObject();
        acc.add("before", Json.number(s.accuracyBefore()));
        acc.add("pruned", Json.number(s.accuracyPruned()));
        acc.add("finetuned", Json.number(s.accuracyFinetuned()));
        r.add("accuracy", acc);
        if (s.pruneSummary() != null) {
            JsonObject params = new JsonObject();
            params.addProperty("before", s.pruneSummary().before().params());
            params.addProperty("after", s.pruneSummary().after().params());
            r.add("params", params);
            JsonObject macs = new JsonObject();
            macs.addProperty("before", s.pruneSummary().before().macs());
            macs.addProperty("after", s.pruneSummary().after().macs());
            macs.addProperty("convention", "thop: multiply-accumulates of conv and linear layers per image");
            r.add("macs", macs);
            r.add("keptLayers", GSON.toJsonTree(s.pruneSummary().keptLayers()));
            r.add("removedLayers", GSON.toJsonTree(s.pruneSummary().removedLayers()));
        }
        if (s.segmentation() != null) {
            r.add("segments", segments(s.segmentation()));
            r.add("segmentLayers", GSON.toJsonTree(s.segmentation().names()));
        }
        SearchResult search = s.searchResult();
        if (search != null) {
            JsonObject space = new JsonObject();
            space.addProperty("segmented", search.searchSpace());
            space.addProperty("unsegmented", search.unsegmentedSpace());
            r.add("searchSpace", space);
            r.add("candidatesPerSecond", Json.number(search.candidatesPerSecond()));
        }
        return r;
    }

}
