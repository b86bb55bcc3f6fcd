package sglp.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the JShell kernel for Jupyter: {@code java sglp.kernel.Main <connection-file>}.
 *
 * <p>The system property {@code sglp.kernel.startup} names a JShell script (imports, helpers, the install lines of
 * extensions) that runs before the first cell; the kernelspec points it at {@code startup.jshell} in its own folder.
 */
public final class Main {
    /** The system property naming the startup script. */
    public static final String STARTUP_PROPERTY = "sglp.kernel.startup";

    /**
     * The root of {@code java.util.logging}: basekernel logs every Jupyter message at INFO (through a logger named
     * {@code "Jupyter"}) into the notebook server's log; warnings are enough.
     */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private Main() {
    }

    /**
     * Connects a new kernel to the sockets of a connection file and serves until Jupyter shuts it down.
     *
     * @param args one argument: the path of the connection file that Jupyter wrote
     * @throws Exception when the connection file cannot be read or the sockets cannot be bound
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java sglp.kernel.Main <connection-file>, found " + args.length + " arguments");
            System.exit(2);
        }
        ROOT_LOG.setLevel(Level.WARNING);
        String startupFile = System.getProperty(STARTUP_PROPERTY);
        String startup = startupFile == null ? "" : Files.readString(Path.of(startupFile));
        JShellKernel kernel = new JShellKernel(startup);
        JupyterConnection connection =
                new JupyterConnection(KernelConnectionProperties.parse(Files.readString(Path.of(args[0]))));
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
