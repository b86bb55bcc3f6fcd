package sglp.pipeline;

import java.util.Objects;
import sglp.score.GradNormSearch;

/**
 * How a CNN session searches inside the segments (METHOD.md section 3).
 *
 * @param keep prunable layers to keep in all, or null for the session's default budget
 *     ({@link Session#defaultKeep()})
 * @param mode paper (layers outside the segment re-initialised) or context (pretrained)
 * @param batch images of the GradNorm batch, at least 2 (BatchNorm uses the batch's statistics)
 */
public record SearchSettings(Integer keep, GradNormSearch.Mode mode, int batch) {
    /** The default number of images of the GradNorm batch. */
    public static final int BATCH = 128;
    /** The session's default budget, paper mode, 128 images. */
    public static final SearchSettings DEFAULT = new SearchSettings(null, GradNormSearch.Mode.PAPER, BATCH);

    /** Checks the sizes. */
    public SearchSettings {
        Objects.requireNonNull(mode, "mode");
        if (keep != null && keep < 1) {
            throw new IllegalArgumentException("keep: expected at least 1 layer, found " + keep);
        }
        if (batch < 2) {
            throw new IllegalArgumentException("search batch: expected at least 2 images (BatchNorm runs in "
                    + "training mode while scoring and normalizes with the batch's statistics), found " + batch);
        }
    }
}
