package sglp.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;

/**
 * Checks of what a network is given, run before the engine sees it: a bad batch is refused with an
 * {@link IllegalArgumentException} that names the array, what was expected and what was found, instead of an engine
 * error or a silently wrong number.
 *
 * <p>What is refused: an empty batch; a batch of one sample where BatchNorm normalizes with the batch's statistics
 * ({@link ForwardMode#batchStatistics()}: one sample's own statistics, degenerate where a feature map is 1 x 1, and
 * not a batch statistic at all); images whose channels differ from the model's; images too small for the model's
 * pooling, or of another size than a flattening classifier (VGG's) was built for; NaN or infinite pixels; labels
 * outside {@code [0, classes)}. The command line passes the file and field as {@code where} (such as
 * {@code "batch.npz: field 'x'"}); the library's entry points pass the argument's name.
 */
public final class Inputs {
    /** Why a training-mode BatchNorm pass needs two samples, for messages. */
    static final String BATCH_NORM_REASON = "BatchNorm runs in training mode in this pass and normalizes each channel"
            + " with the batch's own mean and variance, which one sample makes degenerate";

    private Inputs() {
    }

    /**
     * Checks the shape of a batch of images against the model.
     *
     * @param architecture the model
     * @param shape the batch's shape, N x C x H x W
     * @param mode the pass the batch is for: with {@link ForwardMode#batchStatistics()} it needs 2 samples, else 1
     * @param where what the array is, for messages
     * @throws IllegalArgumentException if the shape is not N x C x H x W, N is too small, C is not the model's, or H or
     *     W is not accepted by the model (see {@link #acceptedSides})
     */
    public static void checkImages(Architecture architecture, long[] shape, ForwardMode mode, String where) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(where + ": expected images N x C x H x W, found shape "
                    + Arrays.toString(shape));
        }
        long n = shape[0];
        if (n == 0) {
            throw new IllegalArgumentException(where + ": expected at least 1 sample, found 0"
                    + (mode.batchStatistics() ? " (and at least 2: " + BATCH_NORM_REASON + ")" : ""));
        }
        if (n == 1 && mode.batchStatistics()) {
            throw new IllegalArgumentException(where + ": expected at least 2 samples, found 1: " + BATCH_NORM_REASON);
        }
        int c = architecture.inputChannels();
        int side = architecture.inputSize();
        String found = shape[1] + " x " + shape[2] + " x " + shape[3];
        if (shape[1] != c) {
            throw new IllegalArgumentException(where + ": expected " + c + " x H x W images for " + architecture.name()
                    + " (" + c + " channels; built for " + c + " x " + side + " x " + side + "), found " + found);
        }
        int[] sides = acceptedSides(architecture);
        if (!accepts(architecture, shape[2]) || !accepts(architecture, shape[3])) {
            String range = sides[1] == Integer.MAX_VALUE ? "H, W >= " + sides[0]
                    : sides[0] + " <= H, W <= " + sides[1];
            throw new IllegalArgumentException(where + ": expected " + c + " x H x W images with " + range + " for "
                    + architecture.name() + " (built for " + c + " x " + side + " x " + side + sizeReason(architecture)
                    + "), found " + found);
        }
    }

    /**
     * Checks that every value is a finite number.
     *
     * @param values the values, row-major
     * @param shape their shape, for the index in messages
     * @param where what the array is, for messages
     * @throws IllegalArgumentException naming the first NaN or infinite value and its index
     */
    public static void checkFinite(float[] values, long[] shape, String where) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw notFinite(where, values[i], i, shape);
            }
        }
    }

    /**
     * Checks that every value of an engine array is a finite number, on the engine: one sum, and only when that is
     * not finite, a search for the first NaN or infinite value. Integer and boolean arrays always pass.
     *
     * @param values the array, any shape
     * @param where what the array is, for messages
     * @throws IllegalArgumentException naming the first NaN or infinite value (in row-major order) and its index, in
     *     the words of {@link #checkFinite(float[], long[], String)}
     */
    public static void checkFinite(NDArray values, String where) {
        DataType type = values.getDataType();
        if (!type.isFloating() || values.isEmpty()) {
            return;
        }
        try (NDArray sum = values.sum(); NDArray total = sum.toType(DataType.FLOAT64, false)) {
            if (Double.isFinite(total.getDouble())) {
                return;
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray flat = values.flatten();
            NDArray bad = flat.isNaN().logicalOr(flat.isInfinite());
            if (!bad.any().getBoolean()) {
                return;  // finite values whose sum overflows
            }
            long index = bad.toType(DataType.INT32, false).argMax().getLong();
            float value = flat.get(index).toType(DataType.FLOAT32, false).getFloat();
            throw notFinite(where, value, index, values.getShape().getShape());
        }
    }

    private static IllegalArgumentException notFinite(String where, float value, long index, long[] shape) {
        return new IllegalArgumentException(where + ": expected finite numbers, found " + value + " at index "
                + Arrays.toString(unravel(index, shape)));
    }

    /**
     * Checks that labels are classes of the model.
     *
     * @param architecture the model
     * @param labels the labels
     * @param where what the array is, for messages
     * @throws IllegalArgumentException naming the first label outside {@code [0, classes)}, its index and the number of
     *     classes
     */
    public static void checkLabels(Architecture architecture, long[] labels, String where) {
        int classes = architecture.numClasses();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: expected class labels in [0, %d) "
                        + "(%s has %d classes), found %d at index %d", where, classes, architecture.name(), classes,
                        labels[i], i));
            }
        }
    }

    /**
     * Checks a batch held by the engine, as the library's entry points take it: the images per
     * {@link #checkImages} and {@link #checkFinite(NDArray, String)} (on the engine), the labels per
     * {@link #checkLabels} (copied to Java).
     *
     * @param architecture the model
     * @param x the images, N x C x H x W
     * @param y their labels (N), or null where no labels are used
     * @param mode the pass the batch is for
     * @throws IllegalArgumentException naming {@code x} or {@code y} and what is wrong
     */
    public static void checkBatch(Architecture architecture, NDArray x, NDArray y, ForwardMode mode) {
        long[] shape = x.getShape().getShape();
        checkImages(architecture, shape, mode, "batch 'x'");
        checkFinite(x, "batch 'x'");
        if (y != null) {
            try (NDArray labels = y.toType(DataType.INT64, true)) {
                checkLabels(architecture, labels.toLongArray(), "batch 'y'");
            }
        }
    }

    /**
     * The image sides the model runs on: every max-pool gets at least 2 pixels, and a classifier that flattens the
     * last feature map (VGG's) gets the map size it was built for. Models that end in global average pooling take any
     * larger image.
     *
     * @param architecture the model
     * @return {@code [smallest, largest]}, largest {@link Integer#MAX_VALUE} when there is no upper bound
     */
    public static int[] acceptedSides(Architecture architecture) {
        int side = architecture.inputSize();
        int smallest = side;
        while (smallest > 1 && accepts(architecture, smallest - 1)) {
            smallest--;
        }
        if (accepts(architecture, Integer.MAX_VALUE)) {
            return new int[] {smallest, Integer.MAX_VALUE};
        }
        int good = side;
        int bad = Integer.MAX_VALUE;
        while (bad - good > 1) {  // accepted sides form an interval: every unit's output grows with its input
            int mid = good + (bad - good) / 2;
            if (accepts(architecture, mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return new int[] {smallest, good};
    }

    private static boolean accepts(Architecture architecture, long side) {
        if (side < 1 || side > Integer.MAX_VALUE) {
            return false;
        }
        int s = (int) side;
        for (Unit u : architecture.units()) {
            if (u.kind() == UnitKind.MLP_HEAD && s != u.inSize()) {
                return false;
            }
            s = u.outSize(s);
            if (s < 1) {
                return false;
            }
        }
        return true;
    }

    private static String sizeReason(Architecture architecture) {
        for (Unit u : architecture.units()) {
            if (u.kind() == UnitKind.MLP_HEAD) {
                return "; its classifier flattens a " + u.inSize() + " x " + u.inSize() + " feature map";
            }
        }
        return "; smaller images vanish in its pooling";
    }

    private static long[] unravel(long flat, long[] shape) {
        long[] index = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? rest : rest / shape[d];
        }
        return index;
    }
}
