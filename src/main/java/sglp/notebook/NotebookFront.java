package sglp.notebook;

import java.util.List;
import java.util.function.Function;

/**
 * What the SGLP extension needs from a Jupyter kernel, and all it uses: its logic is written against this seam, and
 * each kernel base gets a thin adapter ({@link BaseKernelExtension} for SpencerPark's basekernel, as in our kernel
 * and IJava 1.3; {@link JJavaExtension} for JJava's {@code jjava-jupyter}).
 */
public interface NotebookFront {
    /**
     * Adds an output to the current cell.
     *
     * @param output the output; with a display id when it is to be replaced later
     */
    void display(MimeBundle output);

    /**
     * Replaces the output that has the same display id.
     *
     * @param output the new output, with its display id
     */
    void update(MimeBundle output);

    /**
     * Adds a value to the current cell's output, rendered by the kernel's renderer as a cell value would be.
     *
     * @param value any value
     */
    void displayValue(Object value);

    /**
     * Registers a line magic, {@code %name args}.
     *
     * @param name the magic's name, without {@code %}
     * @param magic what it runs
     */
    void registerLineMagic(String name, LineMagic magic);

    /**
     * Registers how values of a type (and its subtypes) render, as cell values and in {@link #displayValue}.
     *
     * @param type the type
     * @param renderer makes a value's output; its display id is ignored
     * @param <T> the type
     */
    <T> void registerRenderer(Class<T> type, Function<? super T, MimeBundle> renderer);

    /** A line magic. */
    @FunctionalInterface
    interface LineMagic {
        /**
         * Runs the magic.
         *
         * @param args its arguments, split as a shell would
         * @return its value, which the kernel binds when the cell assigns the magic (kernels that can), or null
         * @throws Exception when it fails; one without a stack trace is a message for the notebook's user
         */
        Object run(List<String> args) throws Exception;
    }
}
