package io.pharos.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's memory, for the bench: resident set now and at its peak ({@code VmRSS} / {@code VmHWM}
 * of {@code /proc/self/status}; null where there is no such file, i.e. off Linux), and the JVM heap in use,
 * the most it held (summed pool peaks) and its limit.
 */
public record ProcessMemory(Long rssBytes, Long peakRssBytes, long heapUsedBytes, long heapPeakBytes, long heapMaxBytes) {
    private static final Path STATUS = Path.of("/proc/self/status");

    public static ProcessMemory now() {
        List<String> status = status();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new ProcessMemory(kilobytes(status, "VmRSS:"), kilobytes(status, "VmHWM:"), heap.getUsed(), heapPeak, heap.getMax());
    }

    private static List<String> status() {
        try {
            return Files.isReadable(STATUS) ? Files.readAllLines(STATUS) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code VmRSS:    123456 kB} → bytes; null when the line is missing. */
    static Long kilobytes(List<String> status, String key) {
        for (String line : status) {
            if (!line.startsWith(key)) continue;
            String[] parts = line.substring(key.length()).trim().split("\\s+");
            return Long.parseLong(parts[0]) * 1024;
        }
        return null;
    }

    /** {@code RSS 812 MiB (peak 950 MiB), JVM heap 210 MiB used (peak 400 MiB) of 4,096 MiB max}. */
    public String describe() {
        String rss = rssBytes == null ? "RSS unknown (no /proc/self/status)"
                : "RSS " + mib(rssBytes) + " (peak " + mib(peakRssBytes) + ")";
        return rss + ", JVM heap " + mib(heapUsedBytes) + " used (peak " + mib(heapPeakBytes) + ") of " + mib(heapMaxBytes) + " max";
    }

    private static String mib(Long bytes) {
        return bytes == null ? "?" : String.format("%,d MiB", bytes / (1024 * 1024));
    }
}
