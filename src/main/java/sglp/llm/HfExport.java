package sglp.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import sglp.io.AtomicFiles;
import sglp.io.DType;
import sglp.io.Halfs;
import sglp.io.InputFiles;
import sglp.io.Safetensors;

/**
 * Writes a {@link LlamaModel} as a Hugging Face model folder that {@link HfCheckpoint} (and {@code transformers})
 * reads: {@code config.json} (with the model's layer count and the written type as {@code torch_dtype}), the
 * weights in one {@code model.safetensors} or, above the shard size, in {@code model-0000N-of-0000M.safetensors}
 * with {@code model.safetensors.index.json}, and the tokenizer files of a source folder.
 *
 * <p>Weights are written in the checkpoint's own type by default (bf16 in, bf16 out: {@link LlamaModel#sourceType()},
 * else the configuration's {@code torch_dtype}), converted by the engine (to bfloat16 through float32, rounded to
 * nearest even on the way, since the engine binding has no bfloat16), and streamed: each tensor goes from its
 * engine array to the file in chunks of {@link HfCheckpoint#CHUNK_BYTES} bytes, so that the heap never holds a tensor
 * or a shard, only a chunk. Shards are cut as {@code transformers}' {@code save_pretrained} cuts them: whole
 * tensors in state-dict order, a new shard when the next tensor would pass the limit (5 GB by default).
 *
 * <p>The folder appears whole or not at all: everything is written into a hidden temporary folder beside the target,
 * which is then moved into place; on failure the temporary folder is deleted. The target must not exist or be an
 * empty folder.
 *
 * <pre>{@code
 * HfExport.builder().optDType(DType.BF16).optFilesFrom(original).build().write(pruned, target);
 * }</pre>
 */
public final class HfExport {
    /** The default largest shard, 5 GB as in {@code transformers}' {@code save_pretrained}. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;
    /** The heap buffer through which converted runs go to the file. */
    private static final int COPY_BYTES = 1 << 20;

    private final DType dtype;
    private final long maxShardBytes;
    private final Path filesFrom;

    private HfExport(Builder b) {
        this.dtype = b.dtype;
        this.maxShardBytes = b.maxShardBytes;
        this.filesFrom = b.filesFrom;
    }

    /** @return a builder with the defaults: the type the config names, 5 GB shards, no tokenizer files */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the folder.
     *
     * @param model the model
     * @param target the folder to create
     * @throws IllegalArgumentException if the target exists and is not an empty folder
     * @throws UncheckedIOException if writing fails; nothing is left at the target then
     */
    public void write(LlamaModel model, Path target) {
        try {
            AtomicFiles.writeFolder(target, dir -> false, "a model folder", dir -> writeInto(model, dir));
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot export the model to " + target, e);
        }
    }

    private void writeInto(LlamaModel model, Path dir) throws IOException {
        DType type = dtype != null ? dtype : model.sourceType() != null ? model.sourceType()
                : fromTorchName(model.config().torchDtype());
        byte[] chunk = new byte[COPY_BYTES];
        writeWeights(dir, model.config(), type, maxShardBytes, key -> {
            NDArray array = model.parameters().get(key).getArray();
            return out -> stream(array, type, out, chunk);
        });
        copyCompanions(filesFrom, dir);
    }

    /** Copies the {@link HfCheckpoint#COMPANION_FILES} a folder has (none when it is null) into another. */
    static void copyCompanions(Path from, Path dir) throws IOException {
        if (from != null) {
            for (String name : HfCheckpoint.COMPANION_FILES) {
                if (Files.isRegularFile(from.resolve(name))) {
                    Files.copy(from.resolve(name), dir.resolve(name));
                }
            }
        }
    }

    /**
     * Writes the weights of a configuration and its config.json into a folder, sharded as {@code transformers}
     * shards them, each tensor's bytes streamed from its source.
     *
     * @param dir the folder (empty)
     * @param config the configuration; written with {@code torch_dtype} set to the type
     * @param type the type of the written weights
     * @param maxShardBytes the largest shard
     * @param sources the source of each key's bytes ({@link LlamaModel#shapes} order and shapes)
     * @throws IOException if writing fails
     */
    static void writeWeights(Path dir, LlamaConfig config, DType type, long maxShardBytes,
            Function<String, Safetensors.TensorSource> sources) throws IOException {
        Map<String, long[]> shapes = LlamaModel.shapes(config);
        List<List<String>> shards = new ArrayList<>();
        long shardBytes = 0;
        long total = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = type.bytes();
            for (long d : e.getValue()) {
                bytes *= d;
            }
            if (shards.isEmpty() || shardBytes > 0 && shardBytes + bytes > maxShardBytes) {
                shards.add(new ArrayList<>());
                shardBytes = 0;
            }
            shards.get(shards.size() - 1).add(e.getKey());
            shardBytes += bytes;
            total += bytes;
        }
        JsonObject weightMap = new JsonObject();
        for (int i = 0; i < shards.size(); i++) {
            String name = shards.size() == 1 ? HfCheckpoint.SINGLE
                    : String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
            List<Safetensors.Streamed> tensors = new ArrayList<>();
            for (String key : shards.get(i)) {
                tensors.add(Safetensors.Streamed.of(key, type, shapes.get(key), sources.apply(key)));
                weightMap.addProperty(key, name);
            }
            Safetensors.write(dir.resolve(name), tensors, Map.of("format", "pt"));
        }
        if (shards.size() > 1) {
            JsonObject meta = new JsonObject();
            meta.addProperty("total_size", total);
            JsonObject index = new JsonObject();
            index.add("metadata", meta);
            index.add("weight_map", weightMap);
            AtomicFiles.writeString(dir.resolve(HfCheckpoint.INDEX),
                    new GsonBuilder().setPrettyPrinting().create().toJson(index) + "\n");
        }
        AtomicFiles.writeString(dir.resolve(HfCheckpoint.CONFIG), config.withTorchDtype(torchName(type)).toJson());
    }

    /**
     * Writes an engine array's elements in row-major order as little-endian bytes of a type, converting in the
     * engine one run of {@link HfCheckpoint#CHUNK_BYTES} bytes at a time (through the heap buffer {@code chunk}).
     */
    private static void stream(NDArray array, DType target, OutputStream out, byte[] chunk) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("export needs a little-endian machine, found " + ByteOrder.nativeOrder());
        }
        DataType type = HfCheckpoint.djlType(target);
        long perRun = HfCheckpoint.CHUNK_BYTES / type.getNumOfBytes();
        try (NDManager scope = array.getManager().newSubManager()) {
            NDArray flat = array.stopGradient();
            flat.attach(scope);
            flat = flat.reshape(-1);
            flat.attach(scope);
            for (long from = 0; from < flat.size(); from += perRun) {
                try (NDArray run = flat.get(new NDIndex("{}:{}", from, Math.min(flat.size(), from + perRun)));
                        NDArray converted = run.toType(type, true)) {
                    ByteBuffer bytes = converted.toByteBuffer();
                    if (target == DType.BF16) {
                        ByteBuffer halves = ByteBuffer.allocate(bytes.remaining() / 2);
                        Halfs.floatsToBf16(bytes, halves);
                        bytes = halves.flip();
                    }
                    while (bytes.hasRemaining()) {
                        int n = Math.min(chunk.length, bytes.remaining());
                        bytes.get(chunk, 0, n);
                        out.write(chunk, 0, n);
                    }
                }
            }
        }
    }

    private static String torchName(DType type) {
        return switch (type) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            default -> "float32";
        };
    }

    private static DType fromTorchName(String name) {
        return switch (name) {
            case "bfloat16" -> DType.BF16;
            case "float16" -> DType.F16;
            default -> DType.F32;
        };
    }

    /** Options of an export. */
    public static final class Builder {
        private DType dtype;
        private long maxShardBytes = DEFAULT_MAX_SHARD_BYTES;
        private Path filesFrom;

        private Builder() {
        }

        /**
         * Sets the type of the written weights; by default the type of the checkpoint the model was read from
         * ({@link LlamaModel#sourceType()}), else the one the configuration's {@code torch_dtype} names (float32 when
         * it names another).
         *
         * @param dtype F32, F16 or BF16
         * @return this builder
         */
        public Builder optDType(DType dtype) {
            if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
                throw new IllegalArgumentException("export dtype: expected F32, F16 or BF16, found " + dtype);
            }
            this.dtype = dtype;
            return this;
        }

        /**
         * Sets the largest shard; a model that does not fit in one is sharded, each shard holding whole tensors
         * in state-dict order (a single tensor larger than the limit gets a shard of its own).
         *
         * @param bytes the largest shard in bytes, at least 1
         * @return this builder
         */
        public Builder optMaxShardBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max shard bytes: expected >= 1, found " + bytes);
            }
            this.maxShardBytes = bytes;
            return this;
        }

        /**
         * Copies the tokenizer and generation files ({@link HfCheckpoint#COMPANION_FILES}) present in a folder,
         * typically the one the model was loaded from.
         *
         * @param dir the source folder
         * @return this builder
         */
        public Builder optFilesFrom(Path dir) {
            this.filesFrom = dir;
            return this;
        }

        /** @return the export */
        public HfExport build() {
            return new HfExport(this);
        }
    }
}
