package sglp.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import sglp.progress.Progress;

/**
 * A console progress bar per task (on standard error), drawn by the progressbar library. {@code SGLP_PROGRESS=off}
 * turns it off, for CI logs.
 */
final class ConsoleProgress implements Progress, AutoCloseable {
    /** The bars made by {@link #create()}, so that an error can close them before it prints its line. */
    private static final Set<ConsoleProgress> CREATED = ConcurrentHashMap.newKeySet();
    private final PrintStream out;
    private ProgressBar bar;
    private String task;

    private ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /** @return a console progress, or {@link Progress#NONE} when SGLP_PROGRESS is off */
    static Progress create() {
        if ("off".equalsIgnoreCase(System.getenv("SGLP_PROGRESS"))) {
            return Progress.NONE;
        }
        ConsoleProgress p = new ConsoleProgress(System.err);
        CREATED.add(p);
        return p;
    }

    /** Closes every bar still drawn, so that what is printed next starts on a line of its own. */
    static void closeAll() {
        CREATED.forEach(ConsoleProgress::close);
    }

    @Override
    public synchronized void update(String taskName, long done, long total, String message) {
        if (bar == null || !taskName.equals(task)) {
            close();
            task = taskName;
            bar = new ProgressBarBuilder().setTaskName(taskName).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250).build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
        bar.setExtraMessage(message);
        if (done >= total) {
            close();
        }
    }

    /** Ends the current bar, then prints the line on the bar's stream. */
    @Override
    public synchronized void notice(String line) {
        close();
        out.println(line);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            task = null;
        }
    }

    /**
     * Closes the bar of a progress made by {@link #create()}, if any.
     *
     * @param p the progress
     */
    static void finish(Progress p) {
        if (p instanceof ConsoleProgress c) {
            c.close();
            CREATED.remove(c);
        }
    }
}
