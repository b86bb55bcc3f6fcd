package sglp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sglp.model.Architecture;
import sglp.model.Architectures;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code sglp models}: the architectures, with layers, parameters and MACs. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models: prunable layers, parameters and MACs (thop convention), or one model's units.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--model", description = "show this model's units")
    String model;

    @Option(names = "--classes", defaultValue = "10", description = "classes of the head (default: ${DEFAULT-VALUE})")
    int classes;

    @Override
    public Integer call() {
        if (model != null) {
            System.out.println(Architectures.byName(model, classes).table().printAll());
            return 0;
        }
        var archs = Architectures.names().stream().map(n -> Architectures.byName(n, classes)).toList();
        System.out.println(Table.create("models (" + classes + " classes)",
                StringColumn.create("model", archs.stream().map(Architecture::name)),
                IntColumn.create("layers", archs.stream().mapToInt(a -> a.layers().size()).toArray()),
                LongColumn.create("params", archs.stream().mapToLong(Architecture::params).toArray()),
                LongColumn.create("macs", archs.stream().mapToLong(Architecture::macs).toArray())).printAll());
        return 0;
    }
}
