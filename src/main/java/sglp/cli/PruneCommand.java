package sglp.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sglp.io.Json;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.prune.PruneSummary;
import sglp.prune.Pruning;

/** {@code sglp prune}: the physically smaller model that keeps some layers with their pretrained weights. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model: keep the named prunable layers (or a search's winners) and every fixed unit. "
                + "Writes the pruned weights and, next to them, <out>.architecture.json for later commands.")
final class PruneCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @ArgGroup(multiplicity = "1")
    Kept kept;

    @Option(names = "--out", paramLabel = "FILE", converter = OutPaths.File.class,
            required = true, description = "pruned weights (.safetensors or .npz)")
    Path out;

    /** Which layers to keep. */
    static final class Kept {
        @Option(names = "--kept-layers", paramLabel = "LAYERS", split = ",",
                description = "layers to keep, comma-separated (e.g. layer1.0,layer2.3)")
        List<String> names;

        @Option(names = "--search", description = "search .json (from 'search'): keep its winners")
        Path search;
    }

    @Override
    public Integer call() {
        List<String> keep = kept.names != null ? kept.names : keptFromSearch(kept.search);
        try (Network net = model.load(); Network pruned = Pruning.apply(net, keep)) {
            Weights.save(pruned, out);
            Path arch = out.resolveSibling(out.getFileName() + ".architecture.json");
            Files2.write(arch, Json.pretty(pruned.architecture().toJson()));
            PruneSummary s = Pruning.summarize(net.architecture(), keep);
            System.out.println(s.table().print());
            System.out.println("wrote " + out + " and " + arch);
        }
        return 0;
    }

    private static List<String> keptFromSearch(Path search) {
        var o = Files2.readJson(search);
        if (!o.has("keptLayers")) {
            throw new IllegalArgumentException(search + ": missing field 'keptLayers' (a file written by 'sglp search')");
        }
        return o.getAsJsonArray("keptLayers").asList().stream().map(e -> e.getAsString()).toList();
    }
}
