package sglp.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The layer view of a network: its units in forward order, which are prunable and which are fixed, their channels,
 * parameters and MACs. An architecture is a value; {@link Network} gives it weights.
 *
 * <p>The prunable units are the paper's layers: {@link #layers()} lists them, and layer index {@code i} everywhere in
 * the library (CKA rows, segments, candidates) means {@code layers().get(i)}.
 *
 * @param name the model's name, e.g. {@code resnet56} or {@code resnet56-pruned}
 * @param inputChannels channels of the input images
 * @param inputSize height and width of the input images
 * @param numClasses classes of the head
 * @param units all units in forward order
 */
public record Architecture(String name, int inputChannels, int inputSize, int numClasses, List<Unit> units)
        implements Displayable {

    /** Checks that the units chain: each unit's input is the previous unit's output, names are unique. */
    public Architecture {
        units = List.copyOf(units);
        if (units.isEmpty()) {
            throw new IllegalArgumentException("architecture " + name + " has no units");
        }
        Set<String> seen = new HashSet<>();
        int channels = inputChannels;
        int size = inputSize;
        for (Unit u : units) {
            if (!seen.add(u.name())) {
                throw new IllegalArgumentException("architecture " + name + ": unit name " + u.name() + " is used twice");
            }
            if (u.inChannels() != channels || u.inSize() != size) {
                throw new IllegalArgumentException("architecture " + name + ": unit " + u.name() + " expects input "
                        + u.inChannels() + "x" + u.inSize() + "x" + u.inSize() + " but the previous unit gives "
                        + channels + "x" + size + "x" + size);
            }
            channels = u.outChannels();
            size = u.outSize();
        }
        if (channels != numClasses) {
            throw new IllegalArgumentException("architecture " + name + ": the last unit gives " + channels
                    + " outputs, expected " + numClasses + " classes");
        }
    }

    /** @return the prunable units in forward order: the layers that CKA, segmentation and scoring work on */
    public List<Unit> layers() {
        return units.stream().filter(Unit::prunable).toList();
    }

    /** @return the names of the prunable units, in forward order */
    public List<String> layerNames() {
        return layers().stream().map(Unit::name).toList();
    }

    /** @return for each prunable layer, its position in {@link #units()} */
    public int[] layerUnitIndices() {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).prunable()) {
                idx.add(i);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Looks a unit up by name.
     *
     * @param unitName the unit's name
     * @return the unit
     * @throws IllegalArgumentException naming the unit and the model when there is none
     */
    public Unit unit(String unitName) {
        return units.stream().filter(u -> u.name().equals(unitName)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("model " + name + " has no unit named '" + unitName
                        + "'; its layers are " + layerNames()));
    }

    /**
     * The architecture without some prunable layers: the pruned network's shape.
     *
     * @param removed names of prunable layers to remove
     * @return the smaller architecture, named {@code <name>-pruned}
     * @throws IllegalArgumentException if a name is unknown or names a fixed unit
     */
    public Architecture without(Collection<String> removed) {
        Set<String> drop = new LinkedHashSet<>(removed);
        for (String r : drop) {
            if (!unit(r).prunable()) {
                throw new IllegalArgumentException("unit " + r + " of " + name + " is fixed (it changes shape) and cannot"
                        + " be removed; prunable layers are " + layerNames());
            }
        }
        List<Unit> kept = units.stream().filter(u -> !drop.contains(u.name())).toList();
        String base = name.endsWith("-pruned") ? name : name + "-pruned";
        return new Architecture(drop.isEmpty() ? name : base, inputChannels, inputSize, numClasses, kept);
    }

    /**
     * The architecture keeping only some prunable layers.
     *
     * @param keptLayers names of prunable layers to keep; every fixed unit is kept as well
     * @return the smaller architecture
     */
    public Architecture keeping(Collection<String> keptLayers) {
        Set<String> keep = new HashSet<>(keptLayers);
        keep.forEach(this::unit);
        return without(layerNames().stream().filter(n -> !keep.contains(n)).toList());
    }

    /** @return trainable parameters of the whole network */
    public long params() {
        return units.stream().mapToLong(Unit::params).sum();
    }

    /** @return multiply-accumulates of one forward pass on one input (thop convention: conv and linear layers) */
    public long macs() {
        return units.stream().mapToLong(Unit::macs).sum();
    }

    /** @return the architecture as JSON: name, input, classes and the units with their fields */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("inputChannels", inputChannels);
        o.addProperty("inputSize", inputSize);
        o.addProperty("numClasses", numClasses);
        JsonArray us = new JsonArray();
        for (Unit u : units) {
            JsonObject j = new JsonObject();
            j.addProperty("name", u.name());
            j.addProperty("kind", u.kind().name());
            j.addProperty("in", u.inChannels());
            j.addProperty("out", u.outChannels());
            j.addProperty("stride", u.stride());
            j.addProperty("size", u.inSize());
            j.addProperty("shortcut", u.shortcut().name());
            j.add("prunable", new JsonPrimitive(u.prunable()));
            us.add(j);
        }
        o.add("units", us);
        return o;
    }

    /**
     * Reads an architecture written by {@link #toJson()}.
     *
     * @param o the JSON object
     * @return the architecture
     */
    public static Architecture fromJson(JsonObject o) {
        List<Unit> us = new ArrayList<>();
        for (var e : o.getAsJsonArray("units")) {
            JsonObject j = e.getAsJsonObject();
            us.add(new Unit(j.get("name").getAsString(), UnitKind.valueOf(j.get("kind").getAsString()),
                    j.get("in").getAsInt(), j.get("out").getAsInt(), j.get("stride").getAsInt(),
                    j.get("size").getAsInt(), Shortcut.valueOf(j.get("shortcut").getAsString())));
        }
        return new Architecture(o.get("name").getAsString(), o.get("inputChannels").getAsInt(),
                o.get("inputSize").getAsInt(), o.get("numClasses").getAsInt(), us);
    }

    /** @return one row per unit: name, kind, channels, stride, prunable, params and MACs */
    @Override
    public Table table() {
        return Table.create(name,
                StringColumn.create("unit", units.stream().map(Unit::name)),
                StringColumn.create("kind", units.stream().map(u -> u.kind().name().toLowerCase())),
                IntColumn.create("in", units.stream().mapToInt(Unit::inChannels).toArray()),
                IntColumn.create("out", units.stream().mapToInt(Unit::outChannels).toArray()),
                IntColumn.create("stride", units.stream().mapToInt(Unit::stride).toArray()),
                BooleanColumn.create("prunable", units.stream().map(Unit::prunable).toList()),
                LongColumn.create("params", units.stream().mapToLong(Unit::params).toArray()),
                LongColumn.create("macs", units.stream().mapToLong(Unit::macs).toArray()));
    }

    /** @return output channels per unit as bars, prunable layers coloured and fixed units grey */
    @Override
    public Figure figure() {
        Series channels = Series.of("output channels", units.stream().map(Unit::name).toList(),
                units.stream().mapToDouble(Unit::outChannels).toArray())
                .withColors(units.stream().map(u -> u.prunable() ? Figures.HIGHLIGHT : Figures.MUTED).toList());
        return Figures.bar(name + ": channels per unit (grey = fixed)", "unit", "output channels", List.of(channels));
    }
}
