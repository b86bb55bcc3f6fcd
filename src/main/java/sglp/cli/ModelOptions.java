package sglp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sglp.model.Architecture;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;

/** The options that name a model and its weights, shared by the subcommands that run a network. */
final class ModelOptions {

    @Option(names = "--model", required = true, description = "resnet20|resnet32|resnet56|resnet110 (option B; "
            + "suffix 'a' for option A), vgg16, resnet50")
    String model;

    @Option(names = "--weights", description = "PyTorch state dict (.npz or .safetensors)")
    Path weights;

    @Option(names = "--classes", defaultValue = "10", description = "classes of the head (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--architecture", description = "architecture JSON of a pruned model (written by 'prune'); "
            + "replaces --model's layer list")
    Path architecture;

    /** @return the architecture the options name */
    Architecture architecture() {
        return architecture != null ? Files2.readArchitecture(architecture) : Architectures.byName(model, classes);
    }

    /** @return the network with the weights loaded; the caller closes it */
    Network load() {
        if (weights == null) {
            throw new IllegalArgumentException("missing option --weights (a PyTorch state dict, .npz or .safetensors)");
        }
        return Weights.load(architecture(), weights);
    }
}
