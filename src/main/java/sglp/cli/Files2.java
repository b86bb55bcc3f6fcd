package sglp.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import sglp.io.DType;
import sglp.io.InputFiles;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Architecture;

/** Reading the command line's input files, with messages that name the file and the field. */
final class Files2 {

    private Files2() {
    }

    /**
     * A batch file: {@code x} float32 N x C x H x W and {@code y} int64 labels of length N.
     *
     * @param file the .npz file
     * @return the two arrays
     */
    static Tensor[] readBatch(Path file) {
        StateDict sd = readTensors(file);
        Tensor x = field(sd, file, "x");
        Tensor y = field(sd, file, "y");
        if (x.dtype() != DType.F32 || x.shape().length != 4) {
            throw new IllegalArgumentException(file + ": field 'x': expected float32 N x C x H x W, found "
                    + x.dtype() + " " + java.util.Arrays.toString(x.shape()));
        }
        if ((y.dtype() != DType.I64 && y.dtype() != DType.I32) || y.shape().length != 1
                || y.shape()[0] != x.shape()[0]) {
            throw new IllegalArgumentException(file + ": field 'y': expected int64 labels of shape [" + x.shape()[0]
                    + "], found " + y.dtype() + " " + java.util.Arrays.toString(y.shape()));
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
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
