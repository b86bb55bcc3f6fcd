package sglp.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: what loading and running a model
 * costs on the host, the JVM heap and the engine's native memory together.
 */
public final class HostMemory {
    private HostMemory() {
    }

    /** @return the resident set size now ({@code VmRSS}) in bytes, or -1 where the system does not report it */
    public static long residentBytes() {
        return field("VmRSS:");
    }

    /**
     * @return the largest resident set size of the process so far ({@code VmHWM}, the high-water mark) in bytes, or
     *     -1 where the system does not report it
     */
    public static long peakResidentBytes() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return 1024 * Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
