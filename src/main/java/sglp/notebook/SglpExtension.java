package sglp.notebook;

/**
 * SGLP's notebook support, on any kernel through its {@link NotebookFront}: renderers for Tablesaw tables, plotly
 * figures and SGLP results, and the {@code %plotly} and {@code %sglp} line magics. The adapters install it:
 * {@link BaseKernelExtension} (our kernel's startup script, IJava 1.3) and {@link JJavaExtension} (JJava's
 * extension mechanism); see {@code kernel-ext/README.md}.
 */
public final class SglpExtension {
    private SglpExtension() {
    }

    /**
     * Installs the extension; cells can then use {@link Notebook}.
     *
     * <p>{@code %sglp} runs the SGLP stages on the session of {@link Sglp#session()} (see {@link SglpMagic}).
     * {@code %plotly} displays plotly.js again, for a notebook page that was reloaded after its first figure
     * was drawn. Magic values are discarded by kernels, so magics display their own output.
     *
     * @param front the kernel, as the extension sees it
     */
    public static void install(NotebookFront front) {
        Renderers renderers = new Renderers();
        renderers.registerOn(front);
        front.registerLineMagic("plotly", args -> {
            front.display(renderers.plotlyLibrary());
            return null;
        });
        SglpMagic.register(front);
        Notebook.attach(front, renderers);
    }
}
