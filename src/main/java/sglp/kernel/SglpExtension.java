package sglp.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

/**
 * Installs SGLP's notebook support on a basekernel kernel: renderers for Tablesaw tables, plotly figures and
 * SGLP results, and the {@code %plotly} and {@code %sglp} line magics. It uses basekernel's APIs only, so it also loads into a stock
 * IJava 1.3 kernel (see {@code kernel-ext/README.md}).
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
     * @param kernel the kernel, whose renderer gets the SGLP renderers
     * @param magics the kernel's magics registry ({@code getMagics()} of IJava's and SGLP's kernels)
     */
    public static void install(BaseKernel kernel, Magics magics) {
        Renderers renderers = new Renderers();
        renderers.registerOn(kernel.getRenderer());
        magics.registerLineMagic("plotly", args -> {
            kernel.display(renderers.plotlyLibrary());
            return null;
        });
        SglpMagic.register(magics);
        Notebook.attach(kernel, renderers);
    }
}
