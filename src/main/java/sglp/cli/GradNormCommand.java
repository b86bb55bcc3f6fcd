package sglp.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.Json;
import sglp.io.Tensor;
import sglp.model.ForwardMode;
import sglp.model.Network;
import sglp.score.GradNorm;

/** {@code sglp gradnorm}: the GradNorm of a whole, unpruned model on one batch. */
@Command(name = "gradnorm", mixinStandardHelpOptions = true,
        description = "GradNorm of the whole model on a batch (BatchNorm in training mode, mean cross-entropy, L2 "
                + "norm over all trainable parameters). Batch .npz: x float32 N x C x H x W, y int64. "
                + "Output JSON: {\"gradNorm\":x}.")
final class GradNormCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--batch", required = true, description = "batch .npz with x"
            + " (at least 2 samples: BatchNorm uses the batch's statistics) and y")
    Path batch;

    @Option(names = "--variant", defaultValue = "global-l2", description = "global-l2|per-layer-sum "
            + "(default: ${DEFAULT-VALUE})")
    GradNorm.Variant variant;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "result .json")
    Path out;

    @Override
    public Integer call() {
        Tensor[] xy = Files2.readBatch(batch, model.architecture(), ForwardMode.SCORING, true);
        try (Network net = model.load(); NDManager m = net.manager().newSubManager()) {
            NDArray x = m.create(xy[0].toFloats(), new Shape(xy[0].shape()));
            NDArray y = m.create(xy[1].toLongs(), new Shape(xy[1].shape()));
            double g = GradNorm.score(net, x, y, Set.of(), variant);
            JsonObject result = new JsonObject();
            result.add("gradNorm", Json.number(g));
            Files2.write(out, Json.pretty(result));
            System.out.println("gradNorm " + g + " -> " + out);
        }
        return 0;
    }
}
