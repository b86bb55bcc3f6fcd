package sglp.io;

import java.io.IOException;

/**
 * A tensor file that is malformed, truncated or uses a feature this package does not support.
 *
 * <p>The message always names the file (and the archive entry or tensor when there is one), the byte offset where
 * the problem was found, what was expected and what was found, for example {@code "weights.npz: entry
 * 'fc.weight.npy' at byte 128: expected 40960 data bytes for shape [10, 1024] <f4, found 1000 (file truncated?)"}.
 * Offsets inside an {@code .npz} entry count from the start of that entry's uncompressed bytes.
 */
public final class TensorFormatException extends IOException {

    /**
     * Creates an exception with the message {@code "<source> at byte <offset>: <detail>"}.
     *
     * @param source the file, followed by the entry or tensor when relevant
     * @param offset the byte offset of the problem
     * @param detail what was expected and what was found
     */
    public TensorFormatException(String source, long offset, String detail) {
        super(source + " at byte " + offset + ": " + detail);
    }

    /**
     * Creates an exception with the message {@code "<source> at byte <offset>: <detail>"} and a cause.
     *
     * @param source the file, followed by the entry or tensor when relevant
     * @param offset the byte offset of the problem
     * @param detail what was expected and what was found
     * @param cause the lower-level error
     */
    public TensorFormatException(String source, long offset, String detail, Throwable cause) {
        super(source + " at byte " + offset + ": " + detail, cause);
    }
}
