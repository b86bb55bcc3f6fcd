package sglp.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import sglp.io.AtomicFiles;
import sglp.pipeline.ResultsFolder;

/**
 * Converters that check a path option while the command line is parsed, before any data is loaded or any model
 * trained, so that a wrong {@code --out} fails in a second rather than after the work. Relative paths stay relative
 * to the directory the command was run from.
 */
final class OutPaths {
    /** The longest file name most file systems take, in bytes. */
    static final int MAX_NAME_BYTES = 255;

    private OutPaths() {
    }

    /** Any path: not empty, and valid on this file system. */
    static final class Any implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return path(value);
        }
    }

    /** A file to write: a file name (not a folder), under a folder or a path where one can be made. */
    static final class File implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = path(value);
            if (value.endsWith("/") || Files.isDirectory(p) || p.getFileName() == null) {
                throw new TypeConversionException("'" + value + "' names a folder; expected a file name, such as "
                        + p.resolve("result.json"));
            }
            int bytes = p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new TypeConversionException("'" + value + "': its file name has " + bytes + " bytes; expected "
                        + "at most " + MAX_NAME_BYTES);
            }
            for (Path parent = p.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
                if (Files.exists(parent) && !Files.isDirectory(parent)) {
                    throw new TypeConversionException("'" + value + "': " + parent + " is a file, so nothing can be "
                            + "written under it");
                }
            }
            return p;
        }
    }

    /** A results folder: new, empty, or an earlier results folder ({@link ResultsFolder#checkTarget}). */
    static final class Results implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return checked(value, ResultsFolder::checkTarget);
        }
    }

    /** A new model folder: new or empty, never overwritten. */
    static final class NewFolder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return checked(value, p -> AtomicFiles.checkFolderTarget(p, dir -> false, "a model folder"));
        }
    }

    /** A path that a library check accepts; the check's message becomes the option's error. */
    private static Path checked(String value, Consumer<Path> check) {
        Path p = path(value);
        try {
            check.accept(p);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        return p;
    }

    private static Path path(String value) {
        if (value.isEmpty()) {
            throw new TypeConversionException("expected a path, found an empty one");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
        }
    }
}
