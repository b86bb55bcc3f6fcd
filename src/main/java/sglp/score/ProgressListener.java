package sglp.score;

/** Receives the progress of a {@link GradNormSearch}: called once after each scored candidate. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Reports progress.
     *
     * @param done candidates scored so far
     * @param total candidates of the whole search
     * @param message what was just scored, e.g. {@code segment 2/5: kept layer2.3, layer2.5 -> 4.213}
     */
    void onProgress(long done, long total, String message);
}
