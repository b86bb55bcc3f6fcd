package sglp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.cka.Probe;
import sglp.data.Batch;
import sglp.io.InputFiles;
import sglp.io.StateDict;
import sglp.io.Tensor;
import sglp.model.ForwardMode;
import sglp.model.Network;

/** {@code sglp probe}: the activations of every prunable layer on a batch, for 'cka' or other tools. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Activations of every prunable layer on a batch (BatchNorm in inference mode). Output .npz: "
                + "one array per layer under its name, in forward order, first axis = samples.")
final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--batch", required = true, description = "batch .npz with x"
            + ", at least 1 sample (y, if any, is not used)")
    Path batch;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "activations .npz")
    Path out;

    @Override
    public Integer call() {
        Tensor[] xy = Files2.readBatch(batch, model.architecture(), ForwardMode.INFERENCE, false);
        long[] s = xy[0].shape();
        Batch b = new Batch(xy[0].toFloats(), new int[(int) s[0]], (int) s[1], (int) s[2], (int) s[3]);
        try (Network net = model.load()) {
            StateDict acts = Probe.activations(net, b);
            acts.write(out);
            System.out.println("wrote " + out + " (" + acts.size() + " layers, " + s[0] + " samples)");
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write " + out, e);
        }
        return 0;
    }
}
