package sglp.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * A JShell that runs in this JVM and keeps its state across cells: it evaluates Java code snippet by snippet,
 * returns the live value of a trailing expression, and turns compiler and runtime failures into
 * {@link CellError}s that point at cell lines instead of JShell internals.
 */
final class JShellEvaluator implements AutoCloseable {
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND, Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);
    private static final List<String> HIDDEN_FRAME_PREFIXES =
            List.of("jdk.jshell.", "jdk.internal.", "java.lang.reflect.", "sglp.kernel.");

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellExecutionControl control;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private volatile boolean interrupted;

    /**
     * Where a snippet came from, to name it in stack traces.
     *
     * @param cell the cell's label, e.g. {@code In [3]}
     * @param line the cell line on which the snippet starts, from 1
     */
    private record Origin(String cell, int line) {
    }

    /**
     * Replacement candidates for the text before the cursor.
     *
     * @param candidates the texts that may replace {@code [start, end)}
     * @param start where the replaced text starts in the cell
     * @param end where it ends (the cursor)
     */
    record Completion(List<String> candidates, int start, int end) {
    }

    /**
     * Creates a JShell whose code sees the given class path (the kernel's own, so cells can use the library).
     *
     * @param classPath entries separated by the platform's path separator
     */
    JShellEvaluator(String classPath) {
        CellExecutionControl.Provider provider = new CellExecutionControl.Provider();
        shell = JShell.builder().executionEngine(provider, Map.of()).build();
        control = provider.control();
        analysis = shell.sourceCodeAnalysis();
        addToClasspath(classPath);
    }

    /**
     * Adds jars or class folders for the code of later snippets, to compile against and to load from.
     *
     * @param path entries separated by the platform's path separator
     */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Evaluates Java code of a cell snippet by snippet, stopping at the first failure.
     *
     * @param cell the whole cell, to show the lines of compile errors
     * @param code the code to run, a part of {@code cell}
     * @param label the cell's label for stack traces, e.g. {@code In [3]}
     * @return the value of the last snippet when it is an expression, otherwise null
     * @throws CellError when a snippet does not compile, throws, or is interrupted
     */
    Object eval(String cell, CellSource.Code code, String label) throws CellError {
        interrupted = false;
        String rest = code.text();
        int offset = code.offset();
        Object value = null;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete()) {
            String source = info.source();
            int lead = source.length() - source.stripLeading().length();
            value = evalSnippet(cell, source.substring(lead), offset + lead, label);
            offset += rest.length() - info.remaining().length();
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            int at = offset + rest.length() - rest.stripLeading().length();
            String where = position(cell, at);
            throw new CompileError(where + ": incomplete code, a '}', ')' or ';' is missing",
                    List.of(where + ": incomplete code, a '}', ')' or ';' is missing", "    " + lineAt(cell, at)));
        }
        return value;
    }

    /**
     * Stops the running snippet, if any: interrupts it, and stops its thread when it does not end soon.
     */
    void stop() {
        interrupted = true;
        shell.stop();
    }

    /**
     * Completes the code before the cursor.
     *
     * @param code the cell, with magics blanked out
     * @param cursor the cursor's position
     * @return the candidates, those matching the expected type first
     */
    Completion complete(String code, int cursor) {
        int start = currentSnippetStart(code, cursor);
        String snippet = code.substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> candidates = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> candidates.add(s.continuation()));
        suggestions.forEach(s -> candidates.add(s.continuation()));
        return new Completion(List.copyOf(candidates), start + anchor[0], cursor);
    }

    /**
     * Describes the element at the cursor: its signatures and javadoc.
     *
     * @param code the cell, with magics blanked out
     * @param cursor the cursor's position
     * @return the description, or null when there is nothing to describe
     */
    String documentation(String code, int cursor) {
        int start = currentSnippetStart(code, cursor);
        String snippet = code.substring(start, cursor);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty()) {
            return null;
        }
        return docs.stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                .collect(Collectors.joining("\n\n"));
    }

    @Override
    public void close() {
        shell.close();
    }

    private Object evalSnippet(String cell, String source, int offset, String label) throws CellError {
        control.takeLastValue();
        Object value = null;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new Origin(label, lineNumber(cell, offset)));
            if (event.exception() != null) {
                throw interrupted ? new InterruptedError() : runtimeError(event.exception());
            }
            if (!event.status().isDefined()) {
                throw compileError(cell, snippet, offset);
            }
            value = VALUE_KINDS.contains(snippet.subKind()) ? control.takeLastValue() : null;
        }
        return value;
    }

    private CompileError compileError(String cell, Snippet snippet, int offset) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList())) {
            int at = diag.getPosition() < 0 ? offset : offset + (int) diag.getPosition();
            List<String> message = diag.getMessage(Locale.ROOT).lines()
                    .filter(l -> !l.strip().equals("location: class")).collect(Collectors.toList());
            String headline = position(cell, at) + ": " + message.get(0);
            first = first == null ? headline : first;
            lines.add(headline);
            message.subList(1, message.size()).forEach(l -> lines.add("    " + l.strip()));
            lines.add("    " + lineAt(cell, at));
            lines.add("    " + " ".repeat(at - lineStart(cell, at)) + "^");
        }
        if (first == null) {
            String missing = snippet instanceof jdk.jshell.DeclarationSnippet declaration
                    ? String.join(", ", shell.unresolvedDependencies(declaration).collect(Collectors.toList()))
                    : "unknown";
            first = position(cell, offset) + ": cannot be defined until these are declared: " + missing;
            lines.add(first);
        }
        return new CompileError(first, lines);
    }

    private RuntimeError runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String message = unresolved.getSnippet().name() + " cannot be used until these are declared: "
                    + String.join(", ", shell.unresolvedDependencies(unresolved.getSnippet())
                    .collect(Collectors.toList()));
            return new RuntimeError(message, List.of(message));
        }
        List<String> lines = new ArrayList<>();
        String headline = describe(exception);
        for (Throwable t = exception; t != null; t = t.getCause()) {
            lines.add(t == exception ? headline : "Caused by: " + describe(t));
            for (StackTraceElement frame : t.getStackTrace()) {
                if (shown(frame)) {
                    lines.add("    at " + frame(frame));
                }
            }
        }
        return new RuntimeError(headline, lines);
    }

    private static String describe(Throwable t) {
        String type = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        return t.getMessage() == null ? type : type + ": " + t.getMessage();
    }

    private static boolean shown(StackTraceElement frame) {
        String type = frame.getClassName();
        return HIDDEN_FRAME_PREFIXES.stream().noneMatch(type::startsWith)
                && !(type.equals("java.lang.Thread") && frame.getMethodName().equals("run"));
    }

    private String frame(StackTraceElement frame) {
        String file = frame.getFileName();
        Origin origin = file == null || !file.startsWith("#") ? null : origins.get(file.substring(1));
        if (origin == null) {
            return frame.toString();
        }
        String where = origin.cell() + ", line " + (origin.line() + Math.max(frame.getLineNumber(), 1) - 1);
        String what = frame.getClassName().isEmpty() ? frame.getMethodName()
                : frame.getClassName() + "." + frame.getMethodName();
        return what.isEmpty() ? where : what + " (" + where + ")";
    }

    private int currentSnippetStart(String code, int cursor) {
        String rest = code.substring(0, cursor);
        int start = 0;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            start += rest.length() - info.remaining().length();
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        return start;
    }

    private static String position(String text, int at) {
        return "line " + lineNumber(text, at) + ", column " + (at - lineStart(text, at) + 1);
    }

    private static int lineNumber(String text, int at) {
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    private static String lineAt(String text, int at) {
        int end = text.indexOf('\n', at);
        return text.substring(lineStart(text, at), end < 0 ? text.length() : end);
    }
}
