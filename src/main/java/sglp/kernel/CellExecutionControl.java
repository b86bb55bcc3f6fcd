package sglp.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM, each on a fresh thread, and keeps the live value of the last one.
 *
 * <p>JShell itself only reports values as strings; the kernel needs the objects to render them. {@link #stop()}
 * interrupts the running snippet, and stops its thread outright when it ignores the interrupt for
 * {@link #GRACE}.
 */
final class CellExecutionControl extends DirectExecutionControl {
    /** How long an interrupted snippet may take to end by itself before its thread is stopped. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private volatile Thread running;
    private Object lastValue;

    /** @return the value returned by the last snippet that ran, and forgets it */
    Object takeLastValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }

    @Override
    protected String invoke(Method snippet) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                value[0] = snippet.invoke(null);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "sglp-cell");
        thread.setDaemon(true);
        thread.setContextClassLoader(snippet.getDeclaringClass().getClassLoader());
        running = thread;
        try {
            thread.start();
            thread.join();
        } finally {
            running = null;
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        lastValue = value[0];
        return valueString(value[0]);
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread = running;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            thread.stop();
        }
    }

    /** Makes one {@link CellExecutionControl} for a JShell and keeps it for the kernel. */
    static final class Provider implements ExecutionControlProvider {
        private CellExecutionControl control;

        /** @return the control made by {@link #generate}, or null before the JShell was built */
        CellExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "sglp-cell";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new CellExecutionControl();
            return control;
        }
    }
}
