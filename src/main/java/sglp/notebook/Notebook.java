package sglp.notebook;

import java.util.function.Consumer;

/**
 * What cells use to talk to the notebook: the running kernel's {@link NotebookFront}, and {@link #display(Object)}
 * to show a value in the cell's output before the cell ends (several figures from one cell, for instance).
 */
public final class Notebook {
    private static volatile NotebookFront front;
    private static volatile Renderers renderers;
    private static volatile Consumer<MimeBundle> recorder;

    private Notebook() {
    }

    /**
     * Makes a kernel the one cells talk to; {@link SglpExtension#install} calls this.
     *
     * @param running the kernel
     * @param installed the renderers installed on it
     */
    static synchronized void attach(NotebookFront running, Renderers installed) {
        renderers = installed;
        front = running;
    }

    /**
     * Forgets a kernel that is shutting down, unless another one was attached since.
     *
     * @param stopping the kernel
     */
    static synchronized void detach(NotebookFront stopping) {
        if (front == stopping) {
            front = null;
            renderers = null;
        }
    }

    /** @return the kernel that runs the cells, or null outside a kernel */
    static NotebookFront current() {
        return front;
    }

    /** @return the renderers of the kernel, or null outside a kernel */
    static Renderers renderers() {
        return renderers;
    }

    /**
     * @return the kernel that runs the cells, as the extension sees it
     * @throws IllegalStateException outside a kernel with the SGLP extension installed
     */
    public static NotebookFront front() {
        NotebookFront current = front;
        if (current == null) {
            throw new IllegalStateException("no kernel: this works in the SGLP Java kernel, or in a kernel where the "
                    + "SGLP extension is installed (kernel-ext/README.md)");
        }
        return current;
    }

    /**
     * Shows a value in the current cell's output, rendered as its cell value would be.
     *
     * @param value the value: a table, a figure, an SGLP result, or anything the kernel renders
     */
    public static void display(Object value) {
        Renderers installed = renderers;
        MimeBundle own = installed == null ? null : installed.render(value);
        if (own == null) {
            front().displayValue(value);
        } else {
            publish(own);
        }
    }

    /**
     * Adds an output to the current cell.
     *
     * @param data the output, with a display id when it is to be replaced later
     */
    static void publish(MimeBundle data) {
        send(data, output -> front().display(output));
    }

    /**
     * Replaces the output of the same display id.
     *
     * @param data the new output
     */
    static void update(MimeBundle data) {
        send(data, output -> front().update(output));
    }

    private static void send(MimeBundle data, Consumer<MimeBundle> kernel) {
        Consumer<MimeBundle> r = recorder;
        (r != null ? r : kernel).accept(data);
    }

    /**
     * Sends what {@link #publish} and {@link #update} get (the SGLP outputs of {@link #display} and the live
     * figures) to a recorder instead of the kernel: the in-process tests see a cell's outputs this way, since a
     * kernel without a Jupyter connection drops them.
     *
     * @param outputs the recorder, or null to send to the kernel again
     */
    static void recordInto(Consumer<MimeBundle> outputs) {
        recorder = outputs;
    }
}
