package sglp.pipeline;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * One point of a sweep as a plain job: the option's name and value and the whole comparison to run, as JSON that a
 * {@link SweepExecutor} (this process, or an engine that runs jobs elsewhere) can carry.
 *
 * @param option the option's name, such as {@code k}
 * @param value its value at this point
 * @param settings the comparison of this point
 */
public record SweepJob(String option, int value, CompareSettings settings) {
    private static final Gson GSON = new Gson();

    /** @return the job's file name in a sweep's folder, such as {@code k=3.json} */
    public String fileName() {
        return option + "=" + value + ".json";
    }

    /** @return the job as JSON */
    public JsonObject toJsonObject() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /**
     * @param json a job written by {@link #toJsonObject}
     * @return the job
     */
    public static SweepJob fromJson(JsonObject json) {
        return GSON.fromJson(json, SweepJob.class);
    }
}
