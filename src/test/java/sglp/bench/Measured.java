package sglp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import sglp.cli.Main;

/**
 * Runs the command line ({@link Main#execute}) and then prints, on standard error, one line that the benchmark reads:
 * {@code measured: status S, seconds T, peak-kib K, cpu-seconds C}, with T the time inside the JVM from this main's
 * start, K the peak resident memory of the process (VmHWM of {@code /proc/self/status}) and C the processor time of
 * the whole process, all threads, user and system ({@code /proc/self/stat}, at 100 ticks a second); -1 where there
 * is no such file.
 */
public final class Measured {

    /** The prefix of the line that {@link Bench} reads. */
    static final String PREFIX = "measured: ";

    private Measured() {
    }

    /**
     * @param args the command line, such as {@code cka --activations a.npz --out s.csv}
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        int status = Main.execute(args);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "%sstatus %d, seconds %.3f, peak-kib %d, cpu-seconds %.2f%n", PREFIX, status,
                seconds, peakKib(), cpuSeconds());
        System.exit(status);
    }

    /** @return user + system time of this process in seconds, or -1 where {@code /proc/self/stat} is missing */
    static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return VmHWM of this process in KiB, or -1 where {@code /proc/self/status} is missing */
    static long peakKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
