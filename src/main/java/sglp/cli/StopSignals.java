package sglp.cli;

import java.util.List;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the command line: the first one interrupts the thread doing the work, which stops
 * at its next safe point (every stage checks for interruption between batches, candidates or windows) and unwinds,
 * closing its engine memory and leaving its output files as they were; the command then exits with
 * {@link #EXIT_STATUS}. A second signal stops the process at once.
 *
 * <p>Without this, the JVM's own handler runs shutdown while the worker is inside the PyTorch engine, which can
 * crash the process in native code.
 */
final class StopSignals {
    /** The exit status of a command stopped by a signal (128 + SIGINT's number, as shells report Ctrl-C). */
    static final int EXIT_STATUS = 130;
    /** How often the worker is interrupted again until it has unwound: a library may swallow one interrupt. */
    private static final long REPEAT_MILLIS = 100;
    private static volatile boolean requested;
    private static volatile boolean unwound;

    private StopSignals() {
    }

    /**
     * Routes SIGINT and SIGTERM to interrupts of the given thread, repeated until {@link #unwound()} is called.
     *
     * @param worker the thread that runs the command
     */
    static void install(Thread worker) {
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                if (requested) {
                    System.err.println("sglp: stopped at once by a second " + signal.getName());
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
                requested = true;
                Thread repeat = new Thread(() -> interruptUntilUnwound(worker), "sglp-stop");
                repeat.setDaemon(true);
                repeat.start();
            });
        }
    }

    private static void interruptUntilUnwound(Thread worker) {
        while (!unwound && worker.isAlive()) {
            worker.interrupt();
            try {
                Thread.sleep(REPEAT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return whether a stop signal arrived */
    static boolean requested() {
        return requested;
    }

    /** Called by the worker once it has stopped its work: interrupts are no longer repeated. */
    static void unwound() {
        unwound = true;
        Thread.interrupted();
    }
}
