package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import java.util.List;

/**
 * A Java kernel for Jupyter: cells are Java evaluated by a JShell in this JVM, with state kept across cells.
 *
 * <ul>
 *   <li>The value of a cell's trailing expression is rendered by the kernel's renderer ({@link #getRenderer()}),
 *       where extensions register theirs.</li>
 *   <li>{@code System.out} and {@code System.err} go to the cell (basekernel redirects them while a cell
 *       runs).</li>
 *   <li>Compile errors name the cell line and column; exceptions show the user's frames, not the kernel's.</li>
 *   <li>Interrupt stops the running cell; tab completes; shift-tab shows signatures and javadoc.</li>
 *   <li>Line magics: {@code %classpath}, {@code %jars} and those that extensions register in {@link #getMagics()}.
 *       A magic's value is discarded unless the cell assigns it ({@code var r = %name args}, see
 *       {@link MagicValue}): magics print or display what they have to show.</li>
 *   <li>A magic that fails for a reason its user should read throws an exception without a stack trace (made with
 *       {@code writableStackTrace} false): the cell fails with that exception, shown as its {@code toString()}, line
 *       by line, since there is nothing else to show. Other exceptions of a magic are shown as
 *       {@code %name failed: message}.</li>
 * </ul>
 *
 * <p>Extensions are installed the way IJava's are: by the startup script, which runs in the cells' JShell before
 * the first cell and reaches the kernel through {@link #current()}. The kernel works with none.
 */
public final class JShellKernel extends BaseKernel {
    private static final String VERSION = String.valueOf(Runtime.version().feature());
    private static final LanguageInfo LANGUAGE =
            new LanguageInfo("java", VERSION, "text/x-java-source", ".jshell", "java", "text/x-java", "script");

    private static volatile JShellKernel current;

    private final JShellEvaluator evaluator;
    private final Magics magics = new Magics();
    private String startup;
    private volatile Thread magicThread;

    /**
     * Creates a kernel whose cells see this JVM's class path.
     *
     * @param startup Java code (imports, helpers, the install lines of extensions) run before the first cell; may be
     *     empty
     */
    public JShellKernel(String startup) {
        this.startup = startup;
        evaluator = new JShellEvaluator(System.getProperty("java.class.path"));
        ClasspathMagics.register(magics, evaluator);
    }

    /**
     * The kernel whose cell runs now, or ran last: what a startup script or a cell uses to install an extension,
     * e.g. {@code com.example.Extension.install(JShellKernel.current(), JShellKernel.current().getMagics())}.
     *
     * @return the kernel
     * @throws IllegalStateException before any kernel of this JVM evaluated a cell
     */
    public static JShellKernel current() {
        JShellKernel kernel = current;
        if (kernel == null) {
            throw new IllegalStateException("no JShellKernel has evaluated a cell in this JVM yet");
        }
        return kernel;
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
        return "Java " + VERSION + " (JShell)";
    }

    @Override
    public DisplayData eval(String cell) throws Exception {
        current = this;
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
        if (e instanceof CellError error) {
            return error.traceback();
        }
        return forTheUser(e) ? e.toString().lines().toList() : super.formatError(e);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }

    private Object run(String cell, String label) throws Exception {
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

    private Object runMagic(String name, MagicCall call) throws Exception {
        magicThread = Thread.currentThread();
        try {
            return call.run();
        } catch (UndefinedMagicException e) {
            throw new MagicError("unknown magic " + name);
        } catch (Exception e) {
            if (e instanceof CellError || forTheUser(e)) {
                throw e;
            }
            throw new MagicError(name + " failed: " + e.getMessage());
        } finally {
            magicThread = null;
            Thread.interrupted();
        }
    }

    /**
     * @param e what a magic threw
     * @return true for an exception without a stack trace: a message for the notebook's user, shown as it is
     */
    private static boolean forTheUser(Exception e) {
        return e.getStackTrace().length == 0;
    }

    /**
     * A magic invocation; its value is kept only when the cell assigns it. A {@link CellError} or an exception without
     * a stack trace that it throws is shown as it is.
     */
    @FunctionalInterface
    private interface MagicCall {
        Object run() throws Exception;
    }
}
