package sglp.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipException;

/**
 * NumPy {@code .npy} files: one array each.
 *
 * <p>A file is the magic string {@code \x93NUMPY}, a major and a minor version byte, the header length (2 bytes
 * little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces and ending in a newline,
 * then the elements. Versions 1.0, 2.0 and 3.0 are read; version 1.0 is written, or 2.0 when the header exceeds
 * 65535 bytes. Only little-endian, C-order arrays of the {@link DType}s with a NumPy descr are supported.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** The heap chunk through which data go into a direct buffer. */
    private static final int CHUNK = 1 << 20;

    private Npy() {
    }

    /**
     * Reads an {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws TensorFormatException if the file is malformed, truncated or unsupported
     * @throws IOException if reading fails
     */
    public static Tensor read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /**
     * Reads one array from a stream positioned at the start of {@code .npy} content; reads nothing beyond it.
     *
     * @param in the stream; not closed
     * @param source the file (and entry) it comes from, for error messages
     * @return the array
     * @throws TensorFormatException if the content is malformed, truncated or unsupported
     * @throws IOException if reading fails
     */
    public static Tensor read(InputStream in, String source) throws IOException {
        return read(in, source, Long.MAX_VALUE);
    }

    /** Reads with the number of bytes known to be available, so a lying header fails before a huge allocation. */
    static Tensor read(InputStream in, String source, long available) throws IOException {
        Header h = readHeader(in, source, available);
        byte[] data = new byte[(int) h.dataBytes()];
        readData(in, ByteBuffer.wrap(data), h, source, available);
        return Tensor.wrap(h.dtype(), h.shape(), data);
    }

    /**
     * Reads the magic string, version and header of {@code .npy} content, leaving the stream at the first data byte.
     *
     * @param in the stream, at the start of the content
     * @param source the file (and entry), for error messages
     * @param available the bytes the content has, or {@link Long#MAX_VALUE} when unknown
     * @return the header, with where the data start and how many bytes they take
     * @throws TensorFormatException if the header is malformed, truncated or unsupported
     * @throws IOException if reading fails
     */
    static Header readHeader(InputStream in, String source, long available) throws IOException {
        byte[] prefix = readExactly(in, 8, source, 0, available, "8 bytes: the magic string \\x93NUMPY and a version");
        if (!Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
            throw new TensorFormatException(source, 0, "expected the .npy magic string 93 4e 55 4d 50 59 "
                    + "(\\x93NUMPY), found " + HexFormat.ofDelimiter(" ").formatHex(prefix, 0, 6) + " (not a .npy file?)");
        }
        int major = prefix[6];
        if (major < 1 || major > 3) {
            throw new TensorFormatException(source, 6, "expected .npy format version 1.0, 2.0 or 3.0, found "
                    + major + "." + prefix[7]);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer len = ByteBuffer.wrap(readExactly(in, lengthBytes, source, 8, available,
                lengthBytes + " bytes of header length")).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? len.getShort() & 0xffff : len.getInt() & 0xffffffffL;
        int headerStart = 8 + lengthBytes;
        if (headerLength > Integer.MAX_VALUE - 8) {
            throw new TensorFormatException(source, 8, "expected a header length below 2 GiB, found " + headerLength);
        }
        byte[] headerBytes = readExactly(in, (int) headerLength, source, headerStart, available,
                "a header of " + headerLength + " bytes");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, source, headerStart, headerStart + headerLength);
        if (h.dataStart() + h.dataBytes() > available) {
            throw new TensorFormatException(source, h.dataStart(), "expected " + h.expectedData() + ", found "
                    + Math.max(0, available - h.dataStart()) + " (file truncated?)");
        }
        return h;
    }

    /**
     * Reads the data bytes that a header announces into a buffer, from its position on; the buffer may be a heap or
     * a direct one (then the bytes pass through a small heap chunk, never a copy of the whole array).
     *
     * @param in the stream, at the first data byte
     * @param into the buffer; {@code h.dataBytes()} bytes are put from its position on
     * @param h the header
     * @param source the file (and entry), for error messages
     * @param available the bytes the content has, or {@link Long#MAX_VALUE} when unknown
     * @throws TensorFormatException if fewer bytes are there or they cannot be read (a corrupt zip entry)
     * @throws IOException if reading fails
     */
    static void readData(InputStream in, ByteBuffer into, Header h, String source, long available)
            throws IOException {
        long n = h.dataBytes();
        long found = 0;
        try {
            if (into.hasArray()) {
                found = in.readNBytes(into.array(), into.arrayOffset() + into.position(), (int) n);
                into.position(into.position() + (int) found);
            } else {
                byte[] chunk = new byte[(int) Math.min(n, CHUNK)];
                while (found < n) {
                    int read = in.read(chunk, 0, (int) Math.min(chunk.length, n - found));
                    if (read < 0) {
                        break;
                    }
                    into.put(chunk, 0, read);
                    found += read;
                }
            }
        } catch (ZipException | EOFException e) {
            throw new TensorFormatException(source, h.dataStart(), "expected " + h.expectedData() + ", found "
                    + "unreadable data: " + e.getMessage(), e);
        }
        if (found < n) {
            throw new TensorFormatException(source, h.dataStart(), "expected " + h.expectedData() + ", found "
                    + found + " (file truncated?)");
        }
    }

    /**
     * The header of {@code .npy} content.
     *
     * @param descr the NumPy dtype string, such as {@code <f4}
     * @param dtype the element type
     * @param shape the dimensions
     * @param dataStart the offset of the first data byte in the content
     * @param dataBytes the number of data bytes
     */
    record Header(String descr, DType dtype, long[] shape, long dataStart, long dataBytes) {

        /** @return what the data are, for messages: {@code "48 data bytes for shape [3, 4] <f4"} */
        String expectedData() {
            return dataBytes + " data bytes for shape " + Arrays.toString(shape) + " " + descr;
        }
    }

    private static Header parseHeader(String header, String source, int headerStart, long dataStart)
            throws TensorFormatException {
        Object parsed;
        try {
            parsed = PyLiteral.parse(header);
        } catch (PyLiteral.SyntaxError e) {
            throw new TensorFormatException(source, headerStart + e.position, "malformed header dict: "
                    + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> dict) || !dict.keySet().containsAll(List.of("descr", "fortran_order", "shape"))) {
            throw new TensorFormatException(source, headerStart, "expected a header dict with keys 'descr', "
                    + "'fortran_order' and 'shape', found " + header.strip());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new TensorFormatException(source, headerStart, "expected a simple dtype such as '<f4' for "
                    + "'descr', found " + dict.get("descr") + " (structured dtypes are not supported)");
        }
        DType dtype = DType.fromNpyDescr(descr).orElseThrow(() -> new TensorFormatException(source, headerStart,
                descr.startsWith(">")
                        ? "expected a little-endian dtype such as '<" + descr.substring(1) + "', found big-endian '"
                                + descr + "'; convert with arr.astype(arr.dtype.newbyteorder('<'))"
                        : "expected a dtype in " + DType.npyDescrs() + ", found '" + descr + "'"));
        if (!Boolean.FALSE.equals(dict.get("fortran_order"))) {
            throw new TensorFormatException(source, headerStart, "expected 'fortran_order': False, found "
                    + dict.get("fortran_order") + "; save C-ordered arrays (np.ascontiguousarray)");
        }
        if (!(dict.get("shape") instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long l && l >= 0)) {
            throw new TensorFormatException(source, headerStart, "expected a tuple of non-negative integers for "
                    + "'shape', found " + dict.get("shape"));
        }
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        try {
            return new Header(descr, dtype, shape, dataStart, Tensor.byteCount(dtype, shape));
        } catch (IllegalArgumentException e) {
            throw new TensorFormatException(source, dataStart, "unsupported array: " + e.getMessage());
        }
    }

    /**
     * Reads exactly {@code n} bytes, failing with the offset and what was expected when fewer are there.
     */
    private static byte[] readExactly(InputStream in, int n, String source, long offset, long available,
            String expected) throws IOException {
        if (offset + n > available) {
            throw new TensorFormatException(source, offset, "expected " + expected + ", found "
                    + Math.max(0, available - offset) + " (file truncated?)");
        }
        byte[] bytes = new byte[n];
        int found;
        try {
            found = in.readNBytes(bytes, 0, n);
        } catch (ZipException | EOFException e) {
            throw new TensorFormatException(source, offset, "expected " + expected + ", found unreadable "
                    + "data: " + e.getMessage(), e);
        }
        if (found < n) {
            throw new TensorFormatException(source, offset, "expected " + expected + ", found " + found
                    + " (file truncated?)");
        }
        return bytes;
    }

    /**
     * Writes an array as an {@code .npy} file, atomically.
     *
     * @param file the file
     * @param tensor the array
     * @throws IllegalArgumentException if the type has no NumPy descr ({@link DType#BF16})
     * @throws IOException if writing fails
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        byte[] header = header(tensor);
        AtomicFiles.write(file, out -> {
            out.write(header);
            out.write(tensor.rawData());
        });
    }

    /**
     * Writes an array as {@code .npy} content to a stream.
     *
     * @param out the stream; not closed
     * @param tensor the array
     * @throws IllegalArgumentException if the type has no NumPy descr ({@link DType#BF16})
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        out.write(header(tensor));
        out.write(tensor.rawData());
    }

    /**
     * The magic string, version, header length and header of a tensor, padded so the data starts at a multiple of
     * 64 bytes.
     *
     * @throws IllegalArgumentException if the type has no NumPy descr
     */
    static byte[] header(Tensor tensor) {
        String descr = tensor.dtype().npyDescr().orElseThrow(() -> new IllegalArgumentException(tensor
                + ": " + tensor.dtype() + " has no .npy dtype; convert with as(DType.F32) or write .safetensors"));
        long[] shape = tensor.shape();
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? "," : "");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int lengthBytes = dict.length() + 1 + 10 > 65535 ? 4 : 2;
        int prefix = 8 + lengthBytes;
        int padded = (prefix + dict.length() + 1 + ALIGN - 1) / ALIGN * ALIGN;
        int headerLength = padded - prefix;
        ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < padded - 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').array();
    }
}
