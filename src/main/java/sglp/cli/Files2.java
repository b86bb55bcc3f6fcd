package sglp.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import sglp.io.DType;
import sglp.io.InputFiles;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Architecture;
import sglp.model.ForwardMode;
import sglp.model.Inputs;

/** Reading the command line's input files, with messages that name the file and the field. */
final class Files2 {

    private Files2() {
    }

    /**
     * A batch file for a model: {@code x} float32 N x C x H x W and {@code y} int64 (or int32) labels of length N,
     * checked against the model before anything runs ({@link Inputs}): at least 1 sample (2 where BatchNorm uses the
     * batch's statistics), the model's channels and a size it runs on, finite pixels, labels in
     * {@code [0, classes)}.
     *
     * @param file the .npz file
     * @param architecture the model the batch is for
     * @param mode the pass the batch is for
     * @param labels whether {@code y} is needed; when not, it is neither required nor checked
     * @return {@code x} and {@code y} ({@code y} null when not needed)
     * @throws IllegalArgumentException naming the file, the field, what was expected and what was found
     */
    static Tensor[] readBatch(Path file, Architecture architecture, ForwardMode mode, boolean labels) {
        StateDict sd = readTensors(file);
        Tensor x = field(sd, file, "x");
        String fieldX = file + ": field 'x'";
        if (x.dtype() != DType.F32 || x.shape().length != 4) {
            throw new IllegalArgumentException(fieldX + ": expected float32 N x C x H x W, found "
                    + x.dtype() + " " + Arrays.toString(x.shape()));
        }
        Tensor y = null;
        if (labels) {
            y = field(sd, file, "y");
            if ((y.dtype() != DType.I64 && y.dtype() != DType.I32) || y.shape().length != 1
                    || y.shape()[0] != x.shape()[0]) {
                throw new IllegalArgumentException(file + ": field 'y': expected int64 labels of shape ["
                        + x.shape()[0] + "], found " + y.dtype() + " " + Arrays.toString(y.shape()));
            }
        }
        Inputs.checkImages(architecture, x.shape(), mode, fieldX);
        Inputs.checkFinite(x.toFloats(), x.shape(), fieldX);
        if (y != null) {
            Inputs.checkLabels(architecture, y.toLongs(), file + ": field 'y'");
        }
        return new Tensor[] {x, y};
    }

    private static Tensor field(StateDict sd, Path file, String key) {
        if (!sd.contains(key)) {
            throw new IllegalArgumentException(file + ": missing field '" + key + "' (found " + sd.keys() + ")");
        }
        return sd.get(key);
    }

    /**
     * @param file an .npz, .npy or .safetensors file
     * @return its arrays in file order
     */
    static StateDict readTensors(Path file) {
        try {
            return StateDict.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * @param file a JSON file
     * @return its object
     */
    static JsonObject readJson(Path file) {
        try {
            return JsonParser.parseString(InputFiles.readText(file, "a JSON file")).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * @param file an architecture JSON written by {@code prune}
     * @return the architecture
     */
    static Architecture readArchitecture(Path file) {
        try {
            return Architecture.fromJson(readJson(file));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not an architecture written by 'sglp prune': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes text atomically.
     *
     * @param file the file
     * @param text the text
     */
    static void write(Path file, String text) {
        try {
            sglp.io.AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write " + file, e);
        }
    }
}
