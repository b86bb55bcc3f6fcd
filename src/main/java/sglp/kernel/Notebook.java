package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * What cells use to talk to the notebook: the running kernel, and {@link #display(Object)} to show a value in
 * the cell's output before the cell ends (several figures from one cell, for instance).
 */
public final class Notebook {
    private static volatile BaseKernel kernel;

    private Notebook() {
    }

    /**
     * Makes a kernel the one cells talk to; {@link SglpExtension#install} calls this.
     *
     * @param running the kernel
     */
    static void attach(BaseKernel running) {
        kernel = running;
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
        BaseKernel current = kernel();
        current.display(current.getRenderer().render(value));
    }
}
