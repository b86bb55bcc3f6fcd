package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import java.util.List;

/**
 * The SGLP Java kernel: cells are Java evaluated by a JShell in this JVM, with state kept across cells.
 *
 * <ul>
 *   <li>The value of a cell's trailing expression is rendered by the kernel's renderer, with the
 *       {@link SglpExtension} renderers installed (tables and figures as HTML).</li>
 *   <li>{@code System.out} and {@code System.err} go to the cell (basekernel redirects them while a cell
 *       runs).</li>
 *   <li>Compile errors name the cell line and column; exceptions show the user's frames, not the kernel's.</li>
 *   <li>Interrupt stops the running cell; tab completes; shift-tab shows signatures and javadoc.</li>
 *   <li>Line magics: {@code %classpath}, {@code %jars} and those of the extension ({@code %sglp}, {@code %plotly}).
 *       A magic's value is discarded: magics print or display what they have to show.</li>
 * </ul>
 */
public final class SglpKernel extends BaseKernel {
    private static final String VERSION = String.valueOf(Runtime.version().feature());
    private static final LanguageInfo LANGUAGE =
            new LanguageInfo("java", VERSION, "text/x-java-source", ".jshell", "java", "text/x-java", "script");

    private final JShellEvaluator evaluator;
    private final Magics magics = new Magics();
    private String startup;
    private volatile Thread magicThread;

    /**
     * Creates a kernel whose cells see this JVM's class path.
     *
     * @param startup Java code (imports, helpers) run before the first cell; may be empty
     */
    public SglpKernel(String startup) {
        this.startup = startup;
        evaluator = new JShellEvaluator(System.getProperty("java.class.path"));
        ClasspathMagics.register(magics, evaluator);
        SglpExtension.install(this, magics);
    }

    /** @return the line and cell magics of this kernel, where extensions register theirs */
    public Magics getMagics() {
        return magics;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return LANGUAGE;
    }

    @Override
    public String getBanner() {
        return "Java " + VERSION + " (JShell) with SGLP";
    }

    @Override
    public DisplayData eval(String cell) throws Exception {
        if (startup != null) {
            String script = startup;
            startup = null;
            run(script, "startup script");
        }
        Object value = run(cell, "In [" + (executionCount.get() - 1) + "]");
        return value == null ? null : getRenderer().render(value);
    }

    @Override
    public ReplacementOptions complete(String cell, int cursor) {
        JShellEvaluator.Completion completion = evaluator.complete(CellSource.javaOnly(cell), cursor);
        return new ReplacementOptions(completion.candidates(), completion.start(), completion.end());
    }

    @Override
    public DisplayData inspect(String cell, int cursor, boolean extraDetail) {
        String documentation = evaluator.documentation(CellSource.javaOnly(cell), cursor);
        return documentation == null ? null : new DisplayData(documentation);
    }

    @Override
    public void interrupt() {
        Thread magic = magicThread;
        if (magic != null) {
            magic.interrupt();
        }
        evaluator.stop();
    }

    @Override
    public List<String> formatError(Exception e) {
        return e instanceof CellError error ? error.traceback() : super.formatError(e);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }

    private Object run(String cell, String label) throws CellError {
        Object value = null;
        for (CellSource.Part part : CellSource.parse(cell).parts()) {
            value = null;
            if (part instanceof CellSource.Code code) {
                value = evaluator.eval(cell, code, label);
            } else if (part instanceof CellSource.LineMagic magic) {
                Object result = runMagic("%" + magic.name(), () -> magics.applyLineMagic(magic.name(), magic.args()));
                if (magic.target() != null) {
                    evaluator.eval(cell, new CellSource.Code(MagicValue.assign(magic.target(), result), 0), label);
                }
            } else if (part instanceof CellSource.CellMagic magic) {
                runMagic("%%" + magic.name(), () -> magics.applyCellMagic(magic.name(), magic.args(), magic.body()));
            }
        }
        return value;
    }

    private Object runMagic(String name, MagicCall call) throws CellError {
        magicThread = Thread.currentThread();
        try {
            return call.run();
        } catch (UndefinedMagicException e) {
            throw new MagicError("unknown magic " + name);
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            throw new MagicError(name + " failed: " + e.getMessage());
        } finally {
            magicThread = null;
            Thread.interrupted();
        }
    }

    /**
     * A magic invocation; its value is kept only when the cell assigns it. A {@link CellError} it throws is shown as
     * it is.
     */
    @FunctionalInterface
    private interface MagicCall {
        Object run() throws Exception;
    }
}
