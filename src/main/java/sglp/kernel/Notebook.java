package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.function.Consumer;

/**
 * What cells use to talk to the notebook: the running kernel, and {@link #display(Object)} to show a value in
 * the cell's output before the cell ends (several figures from one cell, for instance).
 */
public final class Notebook {
    private static volatile BaseKernel kernel;
    private static volatile Renderers renderers;
    private static volatile Consumer<DisplayData> recorder;

    private Notebook() {
    }

    /**
     * Makes a kernel the one cells talk to; {@link SglpExtension#install} calls this.
     *
     * @param running the kernel
     * @param installed the renderers installed on it
     */
    static void attach(BaseKernel running, Renderers installed) {
        renderers = installed;
        kernel = running;
    }

    /** @return the kernel that runs the cells, or null outside a kernel */
    static BaseKernel current() {
        return kernel;
    }

    /** @return the renderers of the kernel, or null outside a kernel */
    static Renderers renderers() {
        return renderers;
    }

    /**
     * @return the kernel that runs the cells
     * @throws IllegalStateException outside a kernel with the SGLP extension installed
     */
    public static BaseKernel kernel() {
        BaseKernel current = kernel;
        if (current == null) {
            throw new IllegalStateException("no kernel: this works in the SGLP Java kernel, or in a kernel after "
                    + "sglp.kernel.SglpExtension.install(...) ran");
        }
        return current;
    }

    /**
     * Shows a value in the current cell's output, rendered as its cell value would be.
     *
     * @param value the value: a table, a figure, an SGLP result, or anything with a useful {@code toString}
     */
    public static void display(Object value) {
        publish(kernel().getRenderer().render(value));
    }

    /**
     * Adds an output to the current cell.
     *
     * @param data the output, with a display id when it is to be replaced later
     */
    static void publish(DisplayData data) {
        Consumer<DisplayData> r = recorder;
        if (r != null) {
            r.accept(data);
        } else {
            kernel().display(data);
        }
    }

    /**
     * Replaces the output of the same display id.
     *
     * @param data the new output
     */
    static void update(DisplayData data) {
        Consumer<DisplayData> r = recorder;
        if (r != null) {
            r.accept(data);
        } else {
            kernel().getIO().display.updateDisplay(data);
        }
    }

    /**
     * Sends what {@link #publish} and {@link #update} get to a recorder instead of the kernel: the in-process tests
     * see a cell's outputs this way, since a kernel without a Jupyter connection drops them.
     *
     * @param outputs the recorder, or null to send to the kernel again
     */
    static void recordInto(Consumer<DisplayData> outputs) {
        recorder = outputs;
    }
}
