package sglp.options;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Option words for enum constants, the same way in every front end: case is ignored, and {@code -} and {@code _}
 * are the same ({@code per-layer-sum} is {@code PER_LAYER_SUM}); a wrong word is refused with the accepted ones.
 *
 * @param <E> the enum type
 */
public final class EnumWords<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    private EnumWords(Class<E> type) {
        this.type = type;
    }

    /**
     * The word a user types for a constant.
     *
     * @param constant the constant
     * @return its word, such as {@code per-layer-sum}
     */
    public static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Registers this converter for every enum type that an option or parameter of a command line (or of its
     * subcommands) takes.
     *
     * @param commandLine the command line
     * @return the command line
     */
    public static CommandLine install(CommandLine commandLine) {
        Set<Class<?>> types = new LinkedHashSet<>();
        collect(commandLine, types);
        types.forEach(t -> register(commandLine, t));
        return commandLine;
    }

    private static void collect(CommandLine commandLine, Set<Class<?>> types) {
        for (ArgSpec arg : commandLine.getCommandSpec().args()) {
            Class<?> t = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
            if (t.isEnum()) {
                types.add(t);
            }
        }
        commandLine.getSubcommands().values().forEach(sub -> collect(sub, types));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(CommandLine commandLine, Class<?> type) {
        commandLine.registerConverter((Class) type, new EnumWords(type));
    }

    @Override
    public E convert(String value) {
        String w = normalize(value);
        for (E e : type.getEnumConstants()) {
            if (normalize(e.name()).equals(w)) {
                return e;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(EnumWords::word).collect(Collectors.joining("|")) + ", found '" + value + "'");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
