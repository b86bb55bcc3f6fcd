package sglp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the house and the doors between them, read from the sources' imports: data flows one way, from the
 * library through the pipeline to the front ends, and no two packages depend on each other.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/sglp");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?sglp\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    /** The front ends and the layer that drives the library for them. */
    private static final Set<String> ABOVE_THE_LIBRARY = Set.of("cli", "kernel", "notebook", "options", "pipeline");
    private static final Set<String> FRONT_ENDS = Set.of("cli", "kernel", "notebook");

    /** @return each package of {@code sglp} with the other {@code sglp} packages its sources import */
    static Map<String, Set<String>> imports() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> deps = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    @Test
    void theLibraryNeverImportsThePipelineOrAFrontEnd() {
        List<String> wrong = new ArrayList<>();
        imports().forEach((pkg, deps) -> {
            Set<String> forbidden = ABOVE_THE_LIBRARY.contains(pkg)
                    ? (pkg.equals("pipeline") || pkg.equals("options") ? FRONT_ENDS : Set.of())
                    : ABOVE_THE_LIBRARY;
            deps.stream().filter(forbidden::contains).forEach(d -> wrong.add("sglp." + pkg + " -> sglp." + d));
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theKernelIsAGenericJavaKernelThatKnowsNothingOfSglp() {
        assertEquals(Set.of(), imports().get("kernel"));
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        Map<String, Set<String>> graph = imports();
        assertTrue(graph.size() > 10, "read the packages: " + graph.keySet());
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), cycle, "a cycle through sglp." + start);
        }
    }

    /** A path from {@code at} back to {@code start}, or an empty list. */
    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> graph, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, graph, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }
}
