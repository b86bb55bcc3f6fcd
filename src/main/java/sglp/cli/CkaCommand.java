package sglp.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sglp.cka.CkaAccumulator;
import sglp.cka.Estimator;
import sglp.cka.Kernel;
import sglp.cka.SimilarityMatrix;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.Inputs;

/** {@code sglp cka}: the CKA matrix of layer activations stored in an .npz file. */
@Command(name = "cka", mixinStandardHelpOptions = true,
        description = "CKA similarity between layers. Input: .npz with one array per layer (first axis = samples, "
                + "key order = layer order). Output: CSV with a header of layer names and L rows of L numbers.")
final class CkaCommand implements Callable<Integer> {

    @Option(names = "--activations", required = true, description = "activations .npz")
    Path activations;

    @Option(names = "--estimator", defaultValue = "biased", description = "biased|debiased (default: ${DEFAULT-VALUE})")
    String estimator;

    @Option(names = "--kernel", defaultValue = "linear", description = "linear|rbf (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--sigma", defaultValue = "1.0", description = "RBF bandwidth as a multiple of the median "
            + "distance (default: ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "similarity .csv")
    Path out;

    @Override
    public Integer call() {
        StateDict acts = Files2.readTensors(activations);
        CkaAccumulator acc = CkaAccumulator.builder(acts.keys())
                .optEstimator(Choices.parse("--estimator", estimator, Estimator.class))
                .optKernel(Choices.parse("--kernel", kernel, Kernel.class)).optRbfSigma(sigma).build();
        try (NDManager m = NDManager.newBaseManager()) {
            int i = 0;
            for (var e : acts) {
                Tensor t = e.getValue();
                String where = activations + ": array '" + e.getKey() + "'";
                if (t.rank() < 2) {
                    throw new IllegalArgumentException(where + ": expected samples x features (rank >= 2), found shape "
                            + java.util.Arrays.toString(t.shape()));
                }
                if (t.shape()[0] == 0) {
                    throw new IllegalArgumentException(where + ": expected at least 1 sample, found 0");
                }
                float[] values = t.toFloats();
                Inputs.checkFinite(values, t.shape(), where);
                try (NDManager scope = m.newSubManager()) {
                    acc.add(i++, scope.create(values, new Shape(t.shape())));
                }
            }
        }
        SimilarityMatrix s = acc.result();
        s.writeCsv(out);
        System.out.println("wrote " + out + " (" + s.size() + " layers, " + s.title() + ")");
        return 0;
    }
}
