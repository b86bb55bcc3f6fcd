package sglp.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;
import sglp.io.AtomicFiles;
import sglp.io.DType;
import sglp.io.Halfs;
import sglp.io.InputFiles;

/**
 * Writes a Hugging Face model folder of any configuration with weights drawn from a seed, streamed tensor by tensor
 * (nothing model-sized is held in memory): how this project tests and benchmarks the shapes of models it cannot
 * download, such as Llama-3.1-8B cut to a few decoder layers ({@link #llama31_8bShaped}).
 *
 * <p>Every matrix is uniform with standard deviation 0.02 (Hugging Face's {@code initializer_range}), every norm
 * weight is {@code 1 + u} with {@code u} uniform of standard deviation 0.1 (so that the norms matter), every bias
 * uniform of standard deviation 0.02; each tensor's values depend only on the seed and its key.
 */
public final class SyntheticCheckpoint {
    private static final int VALUES_PER_CHUNK = 1 << 20;

    private SyntheticCheckpoint() {
    }

    /**
     * The shape of Llama 3.1 8B ({@link LlamaConfig#llama31_8b()}) with fewer decoder layers: hidden 4,096, 32 query
     * heads over 8 key/value heads, MLP 14,336, vocabulary 128,256, Llama-3 rope scaling, bfloat16.
     *
     * @param layers the number of decoder layers
     * @return the configuration
     */
    public static LlamaConfig llama31_8bShaped(int layers) {
        return LlamaConfig.llama31_8b().withNumLayers(layers);
    }

    /**
     * Writes the folder atomically: config.json, the weights (sharded above {@code maxShardBytes}, with the index),
     * and the tokenizer files of another folder if given.
     *
     * @param target the folder to create (must not exist, or be empty)
     * @param config the configuration
     * @param seed the seed of the weights
     * @param type F32, F16 or BF16
     * @param maxShardBytes the largest shard, as {@link HfExport.Builder#optMaxShardBytes}
     * @param tokenizerFrom a folder whose {@link HfCheckpoint#COMPANION_FILES} are copied, or null
     * @throws UncheckedIOException if writing fails; nothing is left at the target then
     */
    public static void write(Path target, LlamaConfig config, long seed, DType type, long maxShardBytes,
            Path tokenizerFrom) {
        HfExport.builder().optDType(type).optMaxShardBytes(maxShardBytes);  // checks the type and the limit
        try {
            AtomicFiles.writeFolder(target, dir -> false, "a model folder", dir -> {
                HfExport.writeWeights(dir, config, type, maxShardBytes, key -> out -> {
                    long n = 1;
                    for (long d : LlamaModel.shapes(config).get(key)) {
                        n *= d;
                    }
                    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ key.hashCode());
                    boolean norm = key.endsWith("norm.weight");
                    double half = Math.sqrt(3) * (norm ? 0.1 : 0.02);  // uniform on [-half, half]: std half / sqrt 3
                    ByteBuffer floats = ByteBuffer.allocate(4 * VALUES_PER_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer bytes = ByteBuffer.allocate(type.bytes() * VALUES_PER_CHUNK)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    for (long from = 0; from < n; from += VALUES_PER_CHUNK) {
                        int count = (int) Math.min(VALUES_PER_CHUNK, n - from);
                        floats.clear();
                        bytes.clear();
                        for (int i = 0; i < count; i++) {
                            float v = (float) ((norm ? 1 : 0) + (2 * random.nextDouble() - 1) * half);
                            switch (type) {
                                case F32 -> bytes.putFloat(v);
                                case F16 -> bytes.putShort(Halfs.floatToF16(v));
                                default -> floats.putFloat(v);
                            }
                        }
                        if (type == DType.BF16) {
                            Halfs.floatsToBf16(floats.flip(), bytes);
                        }
                        out.write(bytes.array(), 0, bytes.position());
                    }
                });
                HfExport.copyCompanions(tokenizerFrom, dir);
            });
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot write the checkpoint " + target, e);
        }
    }
}
