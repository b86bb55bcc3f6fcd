package sglp.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.cka.CkaAccumulator;
import sglp.cka.SimilarityMatrix;
import sglp.io.DType;
import sglp.io.Npz;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Inputs;
import sglp.options.EstimatorOptions;

/**
 * {@code sglp cka}: the CKA matrix of layer activations stored in an .npz file.
 *
 * <p>An .npz is read one array at a time ({@link Npz.Reader}): each goes from the file into a direct buffer, to the
 * engine without a copy, is checked (at least 1 sample; finite numbers, which the accumulator's own check finds at no
 * extra pass, then {@link Inputs#checkFinite(NDArray, String)} names) and becomes its layer's Gram or feature form in
 * the {@link CkaAccumulator} before the next is read, so memory holds about one layer's activations and the L
 * Grams, not the file. .npy and .safetensors inputs are read whole.
 */
@Command(name = "cka", mixinStandardHelpOptions = true,
        description = "CKA similarity between layers. Input: .npz with one array per layer (first axis = samples, "
                + "key order = layer order). Output: CSV with a header of layer names and L rows of L numbers.")
final class CkaCommand implements Callable<Integer> {

    @Option(names = "--activations", required = true, description = "activations .npz")
    Path activations;

    @Mixin
    EstimatorOptions estimator;

    @Option(names = "--sigma", defaultValue = "1.0", description = "RBF bandwidth as a multiple of the median "
            + "distance (default: ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "similarity .csv")
    Path out;

    @Override
    public Integer call() throws IOException {
        SimilarityMatrix s;
        if (activations.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            try (Npz.Reader npz = Npz.Reader.open(activations); CkaAccumulator acc = accumulator(npz.keys());
                    NDManager m = NDManager.newBaseManager()) {
                int[] layer = {0};
                npz.forEach(a -> add(acc, m, layer[0]++, a.key(), a.dtype(), a.shape(), a.data()));
                s = acc.result();
            }
        } else {
            StateDict acts = Files2.readTensors(activations);
            try (CkaAccumulator acc = accumulator(acts.keys()); NDManager m = NDManager.newBaseManager()) {
                int layer = 0;
                for (var e : acts) {
                    Tensor t = e.getValue();
                    add(acc, m, layer++, e.getKey(), t.dtype(), t.shape(), t.data());
                }
                s = acc.result();
            }
        }
        s.writeCsv(out);
        System.out.println("wrote " + out + " (" + s.size() + " layers, " + s.title() + ")");
        return 0;
    }

    /** An accumulator that may centre each array in place: the reader refills its buffer for the next one. */
    private CkaAccumulator accumulator(List<String> layers) {
        return CkaAccumulator.builder(layers).optOverwriteActivations(true)
                .optEstimator(estimator.estimator()).optKernel(estimator.kernel()).optRbfSigma(sigma).build();
    }

    /**
     * Checks one array and adds it to the accumulator. A float32 or float64 array in a direct buffer goes to the
     * engine without a copy; other types are converted to float32 first.
     */
    private void add(CkaAccumulator acc, NDManager m, int layer, String key, DType dtype, long[] shape,
            ByteBuffer data) {
        String where = activations + ": array '" + key + "'";
        if (shape.length < 2) {
            throw new IllegalArgumentException(where + ": expected samples x features (rank >= 2), found shape "
                    + Arrays.toString(shape));
        }
        if (shape[0] == 0) {
            throw new IllegalArgumentException(where + ": expected at least 1 sample, found 0");
        }
        try (NDManager scope = m.newSubManager()) {
            NDArray x = switch (dtype) {
                case F32 -> scope.create(data, new Shape(shape), DataType.FLOAT32);
                case F64 -> scope.create(data, new Shape(shape), DataType.FLOAT64);
                default -> {
                    byte[] bytes = new byte[data.remaining()];
                    data.duplicate().get(bytes);
                    yield scope.create(Tensor.of(dtype, shape, bytes).toFloats(), new Shape(shape));
                }
            };
            try {
                acc.add(layer, x);
            } catch (IllegalArgumentException e) {
                Inputs.checkFinite(x, where);  // names the first value that is not finite, if that was the cause
                throw e;
            }
        }
    }
}
