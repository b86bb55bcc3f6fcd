package sglp.train;
import java.util.List;
import java.util.function.ToDoubleFunction;
import sglp.progress.EpochStats;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The epochs of one training run.
 *
 * @param title what was trained, e.g. {@code fine-tune resnet20-pruned}
 * @param epochs one entry per epoch, in order
 */
public record TrainingHistory(String title, List<EpochStats> epochs) implements Displayable {

    /** Copies the epochs. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** @return the test accuracy after the last epoch, or NaN without epochs */
    public double finalTestAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAccuracy();
    }

    /** @return the total wall time in seconds */
    public double seconds() {
        return epochs.stream().mapToDouble(EpochStats::seconds).sum();
    }

    /** @return one row per epoch */
    @Override
    public Table table() {
        return Table.create(title,
                IntColumn.create("epoch", epochs.stream().mapToInt(EpochStats::epoch).toArray()),
                column("lr", EpochStats::learningRate),
                column("train_loss", EpochStats::trainLoss),
                column("train_acc", EpochStats::trainAccuracy),
                column("test_acc", EpochStats::testAccuracy),
                column("seconds", EpochStats::seconds));
    }

    private DoubleColumn column(String name, ToDoubleFunction<EpochStats> f) {
        return DoubleColumn.create(name, epochs.stream().mapToDouble(f).toArray());
    }

    /** @return training loss (left axis) and train/test accuracy (right axis) by epoch */
    @Override
    public Figure figure() {
        Figure loss = Figures.line(title, "epoch", "cross-entropy", List.of(line("train loss", EpochStats::trainLoss)));
        return Figures.withRightAxis(loss, "top-1 accuracy", 0, 1, List.of(
                line("train accuracy", EpochStats::trainAccuracy), line("test accuracy", EpochStats::testAccuracy)));
    }

    private Series line(String name, ToDoubleFunction<EpochStats> f) {
        List<Integer> x = epochs.stream().map(EpochStats::epoch).toList();
        return Series.of(name, x, epochs.stream().mapToDouble(f).toArray()).withMode(Series.LINES_AND_MARKERS);
    }
}
