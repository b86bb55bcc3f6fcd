package sglp.notebook;

import java.util.function.Function;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The SGLP extension on JJava ({@code org.dflib.jjava:jjava-jupyter}), IJava's maintained successor. JJava finds it
 * with {@link java.util.ServiceLoader} through {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when this
 * jar joins its class path ({@code JJAVA_CLASSPATH}, {@code %classpath}) and installs it once per kernel.
 */
public final class JJavaExtension implements Extension {
    private Front front;

    /** Creates the extension; JJava's {@link java.util.ServiceLoader} calls this. */
    public JJavaExtension() {
    }

    @Override
    public void install(BaseKernel kernel) {
        front = new Front(kernel);
        SglpExtension.install(front);
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        Notebook.detach(front);
    }

    /** The seam on a JJava kernel. */
    private record Front(BaseKernel kernel) implements NotebookFront {
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
            kernel.getMagicsRegistry().registerLineMagic(name, (k, args) -> magic.run(args));
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
}
