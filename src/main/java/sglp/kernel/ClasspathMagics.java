package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code %classpath} and {@code %jars} line magics: they add jars or class folders for the cells that follow,
 * and print what they added.
 * <ul>
 *   <li>{@code %classpath path[:path...] ...}: paths that must exist;</li>
 *   <li>{@code %jars glob ...}: files matching globs such as {@code lib/*.jar}, at least one per glob.</li>
 * </ul>
 * Relative paths are resolved against the kernel's working folder, the notebook's folder.
 */
final class ClasspathMagics {
    private final JShellEvaluator evaluator;

    private ClasspathMagics(JShellEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * Registers both magics.
     *
     * @param magics the registry
     * @param evaluator the JShell that gets the paths
     */
    static void register(Magics magics, JShellEvaluator evaluator) {
        ClasspathMagics classpath = new ClasspathMagics(evaluator);
        magics.registerLineMagic("classpath", classpath::classpath);
        magics.registerLineMagic("jars", classpath::jars);
    }

    private Void classpath(List<String> args) {
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException("no such file or folder: " + path);
                }
                paths.add(path);
            }
        }
        return add(paths, "%classpath needs at least one path");
    }

    private Void jars(List<String> globs) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String glob : globs) {
            int before = paths.size();
            new GlobFinder(glob).computeMatchingFiles().forEach(p -> paths.add(p.toAbsolutePath().normalize()));
            if (paths.size() == before) {
                throw new IllegalArgumentException("no file matches " + glob);
            }
        }
        return add(paths, "%jars needs at least one glob, e.g. %jars lib/*.jar");
    }

    private Void add(List<Path> paths, String usage) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException(usage);
        }
        for (Path path : paths) {
            evaluator.addToClasspath(path.toString());
            System.out.println("added to the classpath: " + path);
        }
        return null;
    }
}
