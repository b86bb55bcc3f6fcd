package sglp.notebook;

import sglp.llm.Perplexity;
import sglp.pipeline.LlmSession;
import sglp.pipeline.Session;
import tech.tablesaw.api.Table;

/**
 * The notebook's SGLP session, shared by the {@code %sglp} magics and Java cells, so that both styles mix:
 * <pre>{@code
 * %sglp data
 * %sglp model --model resnet20
 * var s = Sglp.session();
 * s.cka(256, 256, Estimator.DEBIASED, CkaKernel.LINEAR)   // rendered as table and heatmap
 * %sglp segment --k 3                                    // segments the matrix of the Java call
 * }</pre>
 * The session's long stages show progress bars (and training curves) that update in place; the notebook's stop
 * button interrupts them, and the session keeps the results of the stages that finished.
 *
 * <p>{@link #setting} reads the notebook sizes that CI shrinks through environment variables (see
 * {@code kernel-ext/README.md}).
 */
public final class Sglp {
    private static final NotebookProgress PROGRESS = new NotebookProgress();
    private static final Perplexity.Windowing WINDOWING = new Perplexity.Windowing(Perplexity.Windowing.WINDOW,
            Perplexity.Windowing.STRIDE);
    private static final NotebookSettings SETTINGS = new NotebookSettings(System.getenv());
    private static Session session;
    private static LlmSession llmSession;

    private Sglp() {
    }

    /** @return the notebook's session (seed 0 unless {@link #newSession} chose another), created on first use */
    public static synchronized Session session() {
        if (session == null) {
            session = new Session(0, PROGRESS);
        }
        return session;
    }

    /**
     * Replaces the notebook's session by an empty one, closing the old one's networks.
     *
     * @param seed the seed of every random choice in the new session
     * @return the new session
     */
    public static synchronized Session newSession(long seed) {
        if (session != null) {
            session.close();
        }
        session = new Session(seed, PROGRESS);
        return session;
    }

    /**
     * @return the notebook's language-model session (seed 0 unless {@link #newLlmSession} chose another; windows of
     *     128 tokens, stride 64), created on first use
     */
    public static synchronized LlmSession llmSession() {
        if (llmSession == null) {
            llmSession = new LlmSession(0, WINDOWING, PROGRESS);
        }
        return llmSession;
    }

    /**
     * Replaces the notebook's language-model session by an empty one, closing the old one's model.
     *
     * @param seed the seed of every random choice in the new session
     * @param windowing the windows of every perplexity it computes
     * @return the new session
     */
    public static synchronized LlmSession newLlmSession(long seed, Perplexity.Windowing windowing) {
        if (llmSession != null) {
            llmSession.close();
        }
        llmSession = new LlmSession(seed, windowing, PROGRESS);
        return llmSession;
    }

    /** @return one row per stage: done or not, what it gave and how long it took (what {@code %sglp state} shows) */
    public static Table state() {
        return SessionState.table(session());
    }

    /**
     * A notebook size: {@code SGLP_NB_<NAME>} when set, the small preset's value under {@code SGLP_NB_SMALL=1},
     * otherwise {@code normal}.
     *
     * @param name the setting, e.g. {@code "TRAIN_IMAGES"}
     * @param normal the value in a user's hands
     * @return the value to use
     * @throws IllegalArgumentException when the environment variable is not an integer
     */
    public static int setting(String name, int normal) {
        return SETTINGS.getInt(name, normal);
    }

    /** @return the settings that {@code %sglp} option defaults come from */
    static NotebookSettings settings() {
        return SETTINGS;
    }

    /** @return the progress of the notebook's sessions */
    static NotebookProgress progress() {
        return PROGRESS;
    }
}
