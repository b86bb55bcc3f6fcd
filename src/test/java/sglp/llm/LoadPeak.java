package sglp.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads a model folder in a fresh JVM and prints its resident memory before and after, for the scale test: {@code
 * rss_before=<bytes> peak=<bytes> rss_after=<bytes> seconds=<s> weight_bytes=<bytes>}. Arguments: the folder and the
 * compute type (float32 or float16).
 */
final class LoadPeak {
    private LoadPeak() {
    }

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        DataType type = LlmRuntime.parseDType("compute type", args[1]);
        try (NDManager warm = NDManager.newBaseManager()) {
            warm.ones(new ai.djl.ndarray.types.Shape(4)).sum().getFloat();  // the engine loaded before the baseline
        }
        System.gc();
        long before = HostMemory.residentBytes();
        long start = System.nanoTime();
        try (LlamaModel model = HfCheckpoint.load(folder, new LlmRuntime(Device.cpu(), type))) {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT, "rss_before=%d peak=%d rss_after=%d seconds=%.2f "
                    + "weight_bytes=%d", before, HostMemory.peakResidentBytes(), HostMemory.residentBytes(), seconds,
                    LlamaModel.weightBytes(model.config(), type)));
        }
    }
}
