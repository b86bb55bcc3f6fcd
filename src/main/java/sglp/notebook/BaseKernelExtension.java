package sglp.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.function.Function;

/**
 * The SGLP extension on SpencerPark's {@code jupyter-jvm-basekernel}: our kernel ({@code sglp.kernel.JShellKernel})
 * and a stock IJava 1.3 kernel. Kernels of that base have no extension mechanism, so a startup script or a cell
 * installs it, e.g. in IJava:
 * <pre>{@code
 * sglp.notebook.BaseKernelExtension.install(io.github.spencerpark.ijava.IJava.getKernelInstance(),
 *         io.github.spencerpark.ijava.IJava.getKernelInstance().getMagics());
 * }</pre>
 */
public final class BaseKernelExtension implements NotebookFront {
    private final BaseKernel kernel;
    private final Magics magics;

    private BaseKernelExtension(BaseKernel kernel, Magics magics) {
        this.kernel = kernel;
        this.magics = magics;
    }

    /**
     * Installs the SGLP extension ({@link SglpExtension}) on a kernel.
     *
     * @param kernel the kernel, whose renderer gets the SGLP renderers
     * @param magics its magics registry ({@code getMagics()} of IJava's and our kernel)
     */
    public static void install(BaseKernel kernel, Magics magics) {
        SglpExtension.install(new BaseKernelExtension(kernel, magics));
    }

    @Override
    public void display(MimeBundle output) {
        kernel.display(fill(new DisplayData(), output));
    }

    @Override
    public void update(MimeBundle output) {
        kernel.getIO().display.updateDisplay(fill(new DisplayData(), output));
    }

    @Override
    public void displayValue(Object value) {
        kernel.display(kernel.getRenderer().render(value));
    }

    @Override
    public void registerLineMagic(String name, LineMagic magic) {
        magics.registerLineMagic(name, magic::run);
    }

    @Override
    public <T> void registerRenderer(Class<T> type, Function<? super T, MimeBundle> renderer) {
        kernel.getRenderer().createRegistration(type).preferring(MIMEType.TEXT_HTML)
                .register((value, context) -> fill(context.getOutputContainer(), renderer.apply(value)));
    }

    private static DisplayData fill(DisplayData data, MimeBundle output) {
        output.writeTo(data::putData, data::setDisplayId);
        return data;
    }
}
