package sglp.notebook;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import sglp.report.Tables;

/**
 * A progress bar in the cell's output that updates in place (one output, replaced through its display id):
 * <pre>{@code
 * try (ProgressDisplay progress = ProgressDisplay.start(Notebook.front(), "probe", layers)) {
 *     for (...) { ...; progress.step("layer " + name); }
 * }
 * }</pre>
 * Updates are sent at most every {@link #MIN_UPDATE_MILLIS} ms; {@link #close()} always sends the final state.
 * With the environment variable {@code SGLP_PROGRESS=off} (for CI logs) nothing is displayed.
 */
public final class ProgressDisplay implements AutoCloseable {
    /** The least time between two updates of the display. */
    public static final long MIN_UPDATE_MILLIS = 200;

    private final NotebookFront front;
    private final String id = "sglp-progress-" + UUID.randomUUID();
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;
    private String message = "";
    private long lastUpdateNanos;
    private boolean finished;

    private ProgressDisplay(NotebookFront front, String label, long total) {
        this.front = front;
        this.label = label;
        this.total = total;
    }

    /**
     * Shows a progress bar at 0 in the current cell.
     *
     * @param front the kernel running the cell; null shows nothing
     * @param label what is in progress, e.g. {@code probe}
     * @param total the number of steps, or 0 when unknown
     * @return the display, to advance and close
     */
    public static ProgressDisplay start(NotebookFront front, String label, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0 (0 for unknown), found " + total);
        }
        ProgressDisplay progress = new ProgressDisplay(enabled(System.getenv()) ? front : null, label, total);
        if (progress.front != null) {
            progress.front.display(progress.data());
        }
        return progress;
    }

    /**
     * Advances by one step.
     *
     * @param message what was just done, shown beside the bar
     */
    public void step(String message) {
        advance(1, message);
    }

    /**
     * Advances by some steps.
     *
     * @param steps how many steps were done
     * @param message what was just done, shown beside the bar
     */
    public synchronized void advance(long steps, String message) {
        done += steps;
        this.message = message;
        long now = System.nanoTime();
        if (now - lastUpdateNanos >= MIN_UPDATE_MILLIS * 1_000_000) {
            lastUpdateNanos = now;
            update();
        }
    }

    /** Shows the final state. */
    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            update();
        }
    }

    /** @return the number of steps done so far */
    public synchronized long done() {
        return done;
    }

    /**
     * @param env the environment variables
     * @return false when {@code SGLP_PROGRESS} is {@code off}
     */
    static boolean enabled(Map<String, String> env) {
        return !"off".equalsIgnoreCase(env.getOrDefault("SGLP_PROGRESS", "on").strip());
    }

    /** @return the output of the current state, with this display's id */
    synchronized MimeBundle data() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String count = total > 0 ? String.format(Locale.ROOT, "%d/%d (%d%%)", done, total, percent()) : done + "";
        String status = String.format(Locale.ROOT, "%s %s %.1f s%s", label, count, seconds,
                finished ? " done" : "") + (message.isEmpty() ? "" : " - " + message);
        String bar = total > 0 ? "<progress value=\"" + Math.min(done, total) + "\" max=\"" + total + "\"></progress>"
                : finished ? "<progress value=\"1\" max=\"1\"></progress>" : "<progress></progress>";
        return MimeBundle.of(status, "<div class=\"sglp-progress\" style=\"font-family:monospace\">" + bar + " "
                + Tables.escapeHtml(status) + "</div>").withDisplayId(id);
    }

    private long percent() {
        return Math.min(100, done * 100 / total);
    }

    private void update() {
        if (front != null) {
            front.update(data());
        }
    }
}
