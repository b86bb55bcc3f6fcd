package sglp.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.function.ToDoubleFunction;
import sglp.report.Displayable;
import sglp.report.Figure;
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
        JsonArray data = new JsonArray();
        data.add(line("train loss", EpochStats::trainLoss, "y"));
        data.add(line("train accuracy", EpochStats::trainAccuracy, "y2"));
        data.add(line("test accuracy", EpochStats::testAccuracy, "y2"));
        JsonObject layout = new JsonObject();
        layout.addProperty("title", title);
        layout.add("xaxis", axis("epoch"));
        layout.add("yaxis", axis("cross-entropy"));
        JsonObject y2 = axis("top-1 accuracy");
        y2.addProperty("overlaying", "y");
        y2.addProperty("side", "right");
        JsonArray range = new JsonArray();
        range.add(0);
        range.add(1);
        y2.add("range", range);
        layout.add("yaxis2", y2);
        return new Figure(data, layout);
    }

    private JsonObject line(String name, ToDoubleFunction<EpochStats> f, String yaxis) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "scatter");
        t.addProperty("mode", "lines+markers");
        t.addProperty("name", name);
        t.addProperty("yaxis", yaxis);
        JsonArray x = new JsonArray();
        JsonArray y = new JsonArray();
        for (EpochStats e : epochs) {
            x.add(e.epoch());
            y.add(f.applyAsDouble(e));
        }
        t.add("x", x);
        t.add("y", y);
        return t;
    }

    private static JsonObject axis(String title) {
        JsonObject a = new JsonObject();
        a.addProperty("title", title);
        return a;
    }
}
