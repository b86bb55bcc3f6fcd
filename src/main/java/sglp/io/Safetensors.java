package sglp.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format of Hugging Face.
 *
 * <p>A file is an 8-byte little-endian unsigned header length {@code N}, then {@code N} bytes of JSON header, then
 * the data buffer. The header maps each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets":
 * [begin, end]}}, offsets counting from the start of the buffer, and may hold {@code "__metadata__"}: a map of
 * strings to strings, or {@code null}, which is read as no metadata (as the reference reader does). Tensors are
 * read one at a time with positioned reads, so files of any size work: {@link #read} holds each tensor in the heap
 * (at most {@link Tensor#MAX_BYTES}); {@link #open} reads tensor by tensor or chunk by chunk, tensors of any size,
 * and {@link #write(Path, List, Map)} writes tensors streamed from elsewhere (an engine, a generator). Written headers are padded with spaces to a multiple of 8 bytes, like the
 * reference implementation, and list the tensors in the order of the {@link StateDict}; in the data buffer, tensors
 * are laid out by decreasing element size, so each starts at a multiple of its element size.
 */
public final class Safetensors {
    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Safetensors() {
    }

    /**
     * The content of a safetensors file.
     *
     * @param tensors the tensors, in header order
     * @param metadata the {@code __metadata__} map, empty when absent; unmodifiable
     */
    public record Contents(StateDict tensors, Map<String, String> metadata) {
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private record Header(long dataStart, List<Entry> entries, Map<String, String> metadata) {
    }

    /**
     * Reads a safetensors file whole, every tensor into the heap. For files of any size read tensor by tensor
     * with {@link #open}.
     *
     * @param file the file
     * @return its tensors and metadata
     * @throws TensorFormatException if the file is malformed or truncated, or a tensor exceeds
     *     {@link Tensor#MAX_BYTES}
     * @throws IOException if reading fails
     */
    public static Contents read(Path file) throws IOException {
        try (Reader reader = open(file)) {
            StateDict tensors = new StateDict();
            for (TensorInfo t : reader.tensors()) {
                tensors.put(t.name(), reader.read(t.name()));
            }
            return new Contents(tensors, reader.metadata());
        }
    }

    /**
     * The name, type and shape of one tensor of a file, from its header.
     *
     * @param name the tensor's name
     * @param dtype the element type
     * @param shape the dimensions
     * @param bytes the number of data bytes, {@code dtype.bytes()} times the product of the dimensions (any size,
     *     also beyond {@link Tensor#MAX_BYTES})
     */
    public record TensorInfo(String name, DType dtype, long[] shape, long bytes) {
        /** Copies the shape. */
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** @return the number of elements */
        public long size() {
            return bytes / dtype.bytes();
        }
    }

    /** Receives the data of a tensor, chunk by chunk, from {@link Reader#stream}. */
    @FunctionalInterface
    public interface ChunkConsumer {
        /**
         * @param chunk little-endian element bytes, whole elements, positioned at 0; valid only during the call
         * @param firstElement the index of the chunk's first element in the tensor (row-major)
         * @throws IOException if the consumer fails
         */
        void accept(ByteBuffer chunk, long firstElement) throws IOException;
    }

    /**
     * Opens a safetensors file to read its tensors one at a time. The header is read and validated at once, with
     * the same checks and messages as {@link #read}; no data is read until asked for, so a file larger than memory
     * (and tensors larger than {@link Tensor#MAX_BYTES}) can be read tensor by tensor or chunk by chunk.
     *
     * @param file the file
     * @return the reader; the caller closes it
     * @throws TensorFormatException if the header is malformed or the file truncated
     * @throws IOException if reading fails
     */
    public static Reader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Reader(file, channel, readHeader(channel, file.toString()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A safetensors file open for reading tensor by tensor; see {@link #open}. Not thread-safe. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final Header header;
        private final Map<String, Entry> byName = new LinkedHashMap<>();

        private Reader(Path file, FileChannel channel, Header header) {
            this.file = file;
            this.channel = channel;
            this.header = header;
            header.entries.forEach(e -> byName.put(e.name, e));
        }

        /** @return the file */
        public Path file() {
            return file;
        }

        /** @return the tensors in header order */
        public List<TensorInfo> tensors() {
            return header.entries.stream().map(e -> new TensorInfo(e.name, e.dtype, e.shape, e.end - e.begin))
                    .toList();
        }

        /** @return the {@code __metadata__} map, empty when absent; unmodifiable */
        public Map<String, String> metadata() {
            return header.metadata;
        }

        private Entry entry(String name) {
            Entry e = byName.get(name);
            if (e == null) {
                throw new IllegalArgumentException(file + ": no tensor named '" + name + "'; the file holds "
                        + byName.size() + " tensors");
            }
            return e;
        }

        /**
         * Reads one tensor into the heap.
         *
         * @param name the tensor's name
         * @return the tensor
         * @throws IllegalArgumentException if the file has no such tensor
         * @throws TensorFormatException if the tensor exceeds {@link Tensor#MAX_BYTES} or the file is truncated
         * @throws IOException if reading fails
         */
        public Tensor read(String name) throws IOException {
            Entry e = entry(name);
            try {
                Tensor.byteCount(e.dtype, e.shape);
            } catch (IllegalArgumentException tooLarge) {
                throw new TensorFormatException(file + ": tensor '" + name + "'", header.dataStart + e.begin,
                        "unsupported tensor: " + tooLarge.getMessage());
            }
            ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
            fill(e, data, header.dataStart + e.begin);
            return Tensor.of(e.dtype, e.shape, data.array());
        }

        /**
         * Reads one tensor's data chunk by chunk through a buffer, for tensors of any size: each chunk holds as
         * many whole elements as fit in the buffer's capacity.
         *
         * @param name the tensor's name
         * @param buffer the buffer to read into (a direct buffer avoids a copy), at least one element large; its
         *     content and position are overwritten
         * @param consumer receives each chunk, in order
         * @throws IllegalArgumentException if the file has no such tensor or the buffer cannot hold one element
         * @throws TensorFormatException if the file is truncated
         * @throws IOException if reading or the consumer fails
         */
        public void stream(String name, ByteBuffer buffer, ChunkConsumer consumer) throws IOException {
            Entry e = entry(name);
            int elementBytes = e.dtype.bytes();
            long perChunk = buffer.capacity() / elementBytes;
            if (perChunk < 1) {
                throw new IllegalArgumentException("chunk buffer: expected room for one " + e.dtype + " element ("
                        + elementBytes + " bytes), found " + buffer.capacity() + " bytes");
            }
            long elements = (e.end - e.begin) / elementBytes;
            for (long first = 0; first < elements; first += perChunk) {
                int bytes = (int) (Math.min(perChunk, elements - first) * elementBytes);
                buffer.clear().limit(bytes);
                fill(e, buffer, header.dataStart + e.begin + first * elementBytes);
                buffer.flip();
                consumer.accept(buffer.slice().order(ByteOrder.LITTLE_ENDIAN), first);
            }
        }

        private void fill(Entry e, ByteBuffer data, long position) throws IOException {
            int start = data.position();
            readFully(channel, data, position - start);
            if (data.hasRemaining()) {
                throw new TensorFormatException(file + ": tensor '" + e.name + "'", position, "expected "
                        + (data.limit() - start) + " data bytes, found " + (data.position() - start)
                        + " (file truncated?)");
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Reads only the {@code __metadata__} of a safetensors file (the header is validated, the data not read).
     *
     * @param file the file
     * @return the metadata, empty when absent; unmodifiable
     * @throws TensorFormatException if the header is malformed or the file truncated
     * @throws IOException if reading fails
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file.toString()).metadata;
        }
    }

    private static Header readHeader(FileChannel channel, String source) throws IOException {
        long fileSize = channel.size();
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        if (lengthBytes.hasRemaining()) {
            throw new TensorFormatException(source, 0, "expected an 8-byte header length, found "
                    + lengthBytes.position() + " bytes (file truncated?)");
        }
        long n = lengthBytes.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new TensorFormatException(source, 0, "expected a header length of at most " + MAX_HEADER_BYTES
                    + " bytes, found " + Long.toUnsignedString(n) + " (not a safetensors file?)");
        }
        if (8 + n > fileSize) {
            throw new TensorFormatException(source, 0, "header length " + n + " goes beyond the end of the file: "
                    + "expected at least " + (8 + n) + " bytes, found " + fileSize + " (file truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(channel, headerBytes, 8);
        JsonObject json = parseJson(new String(headerBytes.array(), StandardCharsets.UTF_8), source);
        long bufferSize = fileSize - 8 - n;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> member : json.entrySet()) {
            if (member.getKey().equals(METADATA)) {
                metadata.putAll(parseMetadata(member.getValue(), source));
            } else {
                entries.add(parseEntry(member.getKey(), member.getValue(), source, 8 + n, bufferSize));
            }
        }
        checkNoOverlap(entries, source, 8 + n);
        return new Header(8 + n, entries, Collections.unmodifiableMap(metadata));
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // positioned reads until full or end of file
        }
    }

    private static JsonObject parseJson(String header, String source) throws TensorFormatException {
        try {
            JsonReader reader = new JsonReader(new StringReader(header));
            reader.setStrictness(Strictness.STRICT);
            JsonElement json = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the header object");
            }
            if (!json.isJsonObject()) {
                throw new JsonParseException("expected a JSON object, found " + abbreviate(json.toString()));
            }
            return json.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new TensorFormatException(source, 8, "malformed JSON header: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parseMetadata(JsonElement value, String source) throws TensorFormatException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value.isJsonNull()) {
            return metadata;  // what the reference reader does with "__metadata__": null (no metadata)
        }
        if (value.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
                if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
                    break;
                }
                metadata.put(m.getKey(), m.getValue().getAsString());
            }
            if (metadata.size() == value.getAsJsonObject().size()) {
                return metadata;
            }
        }
        throw new TensorFormatException(source, 8, "expected \"__metadata__\" to map strings to strings, found "
                + abbreviate(value.toString()));
    }

    private static Entry parseEntry(String name, JsonElement value, String source, long dataStart, long bufferSize)
            throws TensorFormatException {
        String where = source + ": tensor '" + name + "'";
        if (!value.isJsonObject()) {
            throw new TensorFormatException(where, 8, "expected {\"dtype\", \"shape\", \"data_offsets\"}, found "
                    + abbreviate(value.toString()));
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtypeName = o.get("dtype");
        DType dtype = dtypeName != null && dtypeName.isJsonPrimitive() && dtypeName.getAsJsonPrimitive().isString()
                ? DType.fromSafetensorsName(dtypeName.getAsString()).orElse(null) : null;
        if (dtype == null) {
            throw new TensorFormatException(where, 8, "expected a dtype in " + DType.safetensorsNames() + ", found "
                    + dtypeName);
        }
        long[] shape = naturals(o.get("shape"), -1);
        long[] offsets = naturals(o.get("data_offsets"), 2);
        if (shape == null || offsets == null) {
            throw new TensorFormatException(where, 8, "expected \"shape\" as a list of non-negative integers and "
                    + "\"data_offsets\" as [begin, end], found " + abbreviate(o.toString()));
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > bufferSize) {
            throw new TensorFormatException(where, dataStart + Math.min(begin, bufferSize), "expected data_offsets "
                    + "[begin, end] with begin <= end <= " + bufferSize + " (the size of the data buffer), found "
                    + Arrays.toString(offsets) + (end > bufferSize ? " (file truncated?)" : ""));
        }
        long expected;
        try {
            expected = Tensor.byteCount(dtype, shape, Long.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new TensorFormatException(where, dataStart + begin, "unsupported tensor: " + e.getMessage());
        }
        if (end - begin != expected) {
            throw new TensorFormatException(where, dataStart + begin, "expected " + expected + " data bytes for "
                    + "shape " + Arrays.toString(shape) + " " + dtype + ", found data_offsets "
                    + Arrays.toString(offsets) + " spanning " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** @return the elements of a JSON array of non-negative integers (of the given length unless -1), or null */
    private static long[] naturals(JsonElement e, int length) {
        if (e == null || !e.isJsonArray() || length >= 0 && e.getAsJsonArray().size() != length) {
            return null;
        }
        long[] out = new long[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement item = e.getAsJsonArray().get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
                return null;
            }
            try {
                out[i] = item.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException notAnInteger) {
                return null;
            }
            if (out[i] < 0) {
                return null;
            }
        }
        return out;
    }

    private static void checkNoOverlap(List<Entry> entries, String source, long dataStart)
            throws TensorFormatException {
        List<Entry> byBegin = new ArrayList<>(entries);
        byBegin.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < byBegin.size(); i++) {
            Entry a = byBegin.get(i - 1);
            Entry b = byBegin.get(i);
            if (b.begin < a.end) {
                throw new TensorFormatException(source + ": tensor '" + b.name + "'", dataStart + b.begin,
                        "expected data not shared with other tensors, found data_offsets [" + b.begin + ", " + b.end
                        + "] overlapping tensor '" + a.name + "' at [" + a.begin + ", " + a.end + "]");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Writes tensors as a safetensors file without metadata, atomically.
     *
     * @param file the file
     * @param tensors the tensors, written in their order
     * @throws IOException if writing fails
     */
    public static void write(Path file, StateDict tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes tensors and metadata as a safetensors file, atomically.
     *
     * @param file the file
     * @param tensors the tensors, written in their order; none may be named {@code __metadata__}
     * @param metadata strings to store in {@code __metadata__}; omitted when empty
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     * @throws IOException if writing fails
     */
    public static void write(Path file, StateDict tensors, Map<String, String> metadata) throws IOException {
        List<Streamed> streamed = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors) {
            Tensor t = e.getValue();
            streamed.add(Streamed.of(e.getKey(), t.dtype(), t.shape(), out -> out.write(t.rawData())));
        }
        write(file, streamed, metadata);
    }

    /** Writes the data of one tensor; see {@link Streamed}. */
    @FunctionalInterface
    public interface TensorSource {
        /**
         * @param out where to write exactly the tensor's bytes, little-endian, row-major; buffered
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A tensor to be written whose data comes from elsewhere, so that no file's worth of data is held in the heap
     * (see {@link #write(Path, List, Map)}).
     *
     * @param tensor its name, type, shape and byte count
     * @param source writes its bytes when asked
     */
    public record Streamed(TensorInfo tensor, TensorSource source) {
        /**
         * @param name the name
         * @param dtype the element type
         * @param shape the dimensions
         * @param source writes the {@code dtype.bytes()} times product-of-shape bytes when asked
         * @return the tensor to write
         * @throws IllegalArgumentException if a dimension is negative or the byte count exceeds a long
         */
        public static Streamed of(String name, DType dtype, long[] shape, TensorSource source) {
            return new Streamed(new TensorInfo(name, dtype, shape, Tensor.byteCount(dtype, shape, Long.MAX_VALUE)),
                    source);
        }
    }

    /**
     * Writes tensors whose data is produced one tensor at a time, atomically: the header first, then each
     * source is asked for its bytes (the data buffer is laid out by decreasing element size, so each source is
     * called once, not necessarily in list order). Tensors of any size can be written.
     *
     * @param file the file
     * @param tensors the tensors, listed in the header in this order; none may be named {@code __metadata__}
     * @param metadata strings to store in {@code __metadata__}; omitted when empty
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__} or twice
     * @throws IllegalStateException if a source writes other than its tensor's byte count; nothing is written then
     * @throws IOException if writing fails; nothing is written then
     */
    public static void write(Path file, List<Streamed> tensors, Map<String, String> metadata) throws IOException {
        JsonObject json = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            json.add(METADATA, meta);
        }
        List<TensorInfo> layout = new ArrayList<>();
        Map<String, TensorSource> sources = new LinkedHashMap<>();
        tensors.forEach(t -> layout.add(t.tensor()));
        layout.sort(Comparator.comparingInt(t -> -t.dtype().bytes()));  // stable: aligns every tensor
        Map<String, Long> begins = new LinkedHashMap<>();
        long offset = 0;
        for (Streamed s : tensors) {
            String name = s.tensor().name();
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA + " in a safetensors file");
            }
            if (sources.put(name, s.source()) != null) {
                throw new IllegalArgumentException("tensor '" + name + "' listed twice for " + file);
            }
        }
        for (TensorInfo t : layout) {
            begins.put(t.name(), offset);
            offset += t.bytes();
        }
        for (Streamed s : tensors) {
            TensorInfo t = s.tensor();
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.dtype().safetensorsName());
            JsonArray shape = new JsonArray();
            Arrays.stream(t.shape()).forEach(shape::add);
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(begins.get(t.name()));
            offsets.add(begins.get(t.name()) + t.bytes());
            o.add("data_offsets", offsets);
            json.add(t.name(), o);
        }
        byte[] header = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(header);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        AtomicFiles.write(file, out -> {
            out.write(prefix.array());
            for (TensorInfo t : layout) {
                CountingStream counted = new CountingStream(out);
                sources.get(t.name()).writeTo(counted);
                if (counted.count != t.bytes()) {
                    throw new IllegalStateException(file + ": tensor '" + t.name() + "' (" + t.dtype() + " "
                            + Arrays.toString(t.shape()) + "): expected " + t.bytes() + " data bytes from its "
                            + "source, found " + counted.count);
                }
            }
        });
    }

    /** Counts the bytes written through it; closing it leaves the underlying stream open. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
