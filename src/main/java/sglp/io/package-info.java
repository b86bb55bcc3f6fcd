/**
 * Reading and writing tensors on disk: NumPy {@code .npy}/{@code .npz} and {@code .safetensors} files, PyTorch
 * state dicts, atomic file writes. Pure Java, no engine needed.
 *
 * <ul>
 *   <li>{@link sglp.io.Tensor}: an immutable typed n-d array ({@link sglp.io.DType}) with conversions, including
 *       exact float16/bfloat16 decoding.</li>
 *   <li>{@link sglp.io.StateDict}: names to tensors in meaningful order; {@code StateDict.read(path)} and
 *       {@code write(path)} pick the format by extension.</li>
 *   <li>{@link sglp.io.Npy}, {@link sglp.io.Npz}, {@link sglp.io.Safetensors}: the formats themselves.</li>
 *   <li>{@link sglp.io.AtomicFiles}: every writer here replaces its file atomically, never leaving it half
 *       written.</li>
 *   <li>{@link sglp.io.CacheEntry}: a cached file or folder with a completion record (sizes, SHA-256) written last;
 *       used only when it verifies, rebuilt otherwise.</li>
 *   <li>{@link sglp.io.DataCache}: where the cache is ({@code SGLP_CACHE}) and the npm packages the entry script
 *       put there, with their pinned versions.</li>
 *   <li>{@link sglp.io.CsvRows}: comma-separated values (RFC 4180, by Apache Commons CSV) with each record's line,
 *       for messages.</li>
 *   <li>{@link sglp.io.TensorFormatException}: damaged input, reported with file, entry, byte offset, expected
 *       and found.</li>
 * </ul>
 *
 * <p>One tensor is held in one {@code byte[]}, so it can have at most {@link sglp.io.Tensor#MAX_BYTES} bytes; files
 * of any size are read tensor by tensor.
 */
package sglp.io;
