package sglp.notebook;

import java.util.ArrayList;
import java.util.List;
import sglp.progress.EpochStats;
import sglp.progress.Progress;
import sglp.train.TrainingHistory;

/**
 * The session's progress in the notebook: a {@link ProgressDisplay} per run of a stage, updated in place, and for
 * training a {@link LiveFigure} of the curve so far, replaced after every epoch. Outside a kernel it shows nothing.
 */
final class NotebookProgress implements Progress {
    private ProgressDisplay bar;
    private String task;
    private long done;
    private final List<EpochStats> epochs = new ArrayList<>();
    private LiveFigure curve;

    @Override
    public synchronized void update(String taskName, long stepsDone, long total, String message) {
        if (bar == null || !taskName.equals(task) || stepsDone < done) {
            finish();
            bar = ProgressDisplay.start(Notebook.current(), taskName, total);
            task = taskName;
        }
        bar.advance(stepsDone - done, message);
        done = stepsDone;
        if (stepsDone >= total) {
            bar.close();
        }
    }

    @Override
    public synchronized void epoch(String taskName, EpochStats stats) {
        if (Notebook.current() == null) {
            return;
        }
        epochs.add(stats);
        if (curve == null) {
            curve = new LiveFigure();
        }
        curve.show(new TrainingHistory(taskName + ": epoch " + stats.epoch(), epochs).figure());
    }

    /** Ends the current run: its bar shows its last state, and the next update starts a new bar and curve. */
    synchronized void finish() {
        if (bar != null) {
            bar.close();
        }
        bar = null;
        task = null;
        done = 0;
        epochs.clear();
        curve = null;
    }
}
