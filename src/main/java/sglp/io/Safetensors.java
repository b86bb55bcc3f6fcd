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
import java.io.IOException;
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
 * read one at a time with positioned reads, so files of any size work; each tensor
 * must fit in {@link Tensor#MAX_BYTES}. Written headers are padded with spaces to a multiple of 8 bytes, like the
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
     * Reads a safetensors file.
     *
     * @param file the file
     * @return its tensors and metadata
     * @throws TensorFormatException if the file is malformed or truncated
     * @throws IOException if reading fails
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, file.toString());
            StateDict tensors = new StateDict();
            for (Entry e : header.entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
                long position = header.dataStart + e.begin;
                readFully(channel, data, position);
                if (data.hasRemaining()) {
                    throw new TensorFormatException(file + ": tensor '" + e.name + "'", position, "expected "
                            + data.capacity() + " data bytes, found " + data.position() + " (file truncated?)");
                }
                tensors.put(e.name, Tensor.of(e.dtype, e.shape, data.array()));
            }
            return new Contents(tensors, header.metadata);
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
            expected = Tensor.byteCount(dtype, shape);
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
        if (tensors.contains(METADATA)) {
            throw new IllegalArgumentException("a tensor cannot be named " + METADATA + " in a safetensors file");
        }
        JsonObject json = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            json.add(METADATA, meta);
        }
        List<Map.Entry<String, Tensor>> layout = new ArrayList<>(tensors.asMap().entrySet());
        layout.sort(Comparator.comparingInt(e -> -e.getValue().dtype().bytes()));  // stable: aligns every tensor
        Map<String, Long> begins = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : layout) {
            begins.put(e.getKey(), offset);
            offset += e.getValue().rawData().length;
        }
        for (Map.Entry<String, Tensor> e : tensors) {
            Tensor t = e.getValue();
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.dtype().safetensorsName());
            JsonArray shape = new JsonArray();
            Arrays.stream(t.shape()).forEach(shape::add);
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(begins.get(e.getKey()));
            offsets.add(begins.get(e.getKey()) + t.rawData().length);
            o.add("data_offsets", offsets);
            json.add(e.getKey(), o);
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
            for (Map.Entry<String, Tensor> e : layout) {
                out.write(e.getValue().rawData());
            }
        });
    }
}
