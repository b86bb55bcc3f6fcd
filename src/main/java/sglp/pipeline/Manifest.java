package sglp.pipeline;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import sglp.score.SearchResult;
import sglp.segment.Segment;
import sglp.segment.Segmentation;

/**
 * The record of a run: seed, versions, options, timings and results, as JSON. Results hold
 * {@code accuracy.before/pruned/finetuned}, {@code params.before/after}, {@code macs.before/after},
 * {@code keptLayers}, {@code removedLayers}, {@code segments} (0-based inclusive layer indices) and the search space.
 * An undefined number (NaN or infinite, such as the accuracy of a stage that did not run) is written as
 * {@code null} ({@link #number}), so that every manifest is valid JSON.
 */
public final class Manifest {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private Manifest() {
    }

    /**
     * A number for a JSON file: JSON has no NaN or infinity, so an undefined value (such as the standard error of
     * one item, or the perplexity of a model whose weights hold NaN) is written as {@code null}.
     *
     * @param x the value
     * @return x as a JSON number, or JSON null when x is NaN or infinite
     */
    public static JsonElement number(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    /** @return the library's version, from the build */
    public static String version() {
        try (InputStream in = Manifest.class.getResourceAsStream("/sglp/build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
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
    public static JsonObject of(Session s, double totalSeconds) {
        return of(s.seed(), s.pretrained() == null ? "none" : s.pretrained().device().toString(), s.options(),
                s.timings(), totalSeconds, results(s));
    }

    /**
     * The manifest of a language-model session as it stands.
     *
     * @param s the session
     * @param totalSeconds wall time of the whole run
     * @return the manifest
     */
    public static JsonObject of(LlmSession s, double totalSeconds) {
        return of(s.seed(), s.model() == null ? "none" : s.model().manager().getDevice().toString(), s.options(),
                s.timings(), totalSeconds, results(s));
    }

    private static JsonObject of(long seed, String device, Map<String, Object> options, Map<String, Double> stages,
            double totalSeconds, JsonObject results) {
        JsonObject m = new JsonObject();
        m.addProperty("tool", "sglp");
        m.addProperty("seed", seed);
        JsonObject versions = new JsonObject();
        versions.addProperty("sglp", version());
        versions.addProperty("commit", System.getProperty("sglp.commit", "unknown"));
        versions.addProperty("java", System.getProperty("java.version"));
        versions.addProperty("djl", Engine.getDjlVersion());
        versions.addProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        versions.addProperty("device", device);
        m.add("versions", versions);
        m.add("options", GSON.toJsonTree(options));
        JsonObject timings = new JsonObject();
        for (Map.Entry<String, Double> e : stages.entrySet()) {
            timings.addProperty(e.getKey(), e.getValue());
        }
        timings.addProperty("total", totalSeconds);
        m.add("timings", timings);
        m.add("results", results);
        return m;
    }

    private static JsonObject results(LlmSession s) {
        JsonObject r = new JsonObject();
        if (s.card() != null) {
            r.addProperty("layers", s.card().layers());
            r.addProperty("parameters", s.card().parameters());
            r.add("heldOutPpl", number(s.card().heldOut().ppl()));
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
                row.add("heldOutPpl", number(e.heldOut().ppl()));
                JsonObject tasks = new JsonObject();
                e.scores().forEach(t -> {
                    JsonObject score = new JsonObject();
                    score.addProperty("items", t.items());
                    score.add("acc", number(t.acc()));
                    score.add("acc_norm", number(t.accNorm()));
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
        acc.add("before", number(s.accuracyBefore()));
        acc.add("pruned", number(s.accuracyPruned()));
        acc.add("finetuned", number(s.accuracyFinetuned()));
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
            r.add("candidatesPerSecond", number(search.candidatesPerSecond()));
        }
        return r;
    }

    /**
     * @param manifest a manifest
     * @return it as indented JSON
     */
    public static String toJson(JsonObject manifest) {
        return GSON.toJson(manifest);
    }
}
