package sglp.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes content to an output stream; the body of an {@link AtomicFiles#write(java.nio.file.Path, IoWriter)}. */
@FunctionalInterface
public interface IoWriter {

    /**
     * Writes the content.
     *
     * @param out where to write; closing it is allowed but not needed
     * @throws IOException if writing fails
     */
    void write(OutputStream out) throws IOException;
}
