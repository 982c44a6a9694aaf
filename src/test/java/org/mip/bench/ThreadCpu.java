package org.mip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by group, from /proc (Linux): the JIT compiler and GC threads are
 * not visible to ThreadMXBean, and they are where a fresh JVM spends much of its time.
 */
final class ThreadCpu {
    private static final double TICK_MS = 10.0; // USER_HZ is 100 on Linux
    // indexes into the fields after the thread name of proc(5)'s stat: utime, stime, cutime, cstime
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private final Map<String, Long> ticksByThread;

    private ThreadCpu(Map<String, Long> ticksByThread) {
        this.ticksByThread = ticksByThread;
    }

    static ThreadCpu snapshot() {
        return snapshot("self");
    }

    /** The threads of another process ({@code pid}), e.g. a pipeline started by a benchmark. */
    static ThreadCpu snapshot(long pid) {
        return snapshot(String.valueOf(pid));
    }

    private static ThreadCpu snapshot(String process) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", process, "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = fieldsAfterName(stat);
                    ticks.put(t.getFileName() + " " + name, Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /** CPU ms per file since {@code before}, by thread group (digits stripped from names), largest first. */
    String since(ThreadCpu before, int files) {
        return since(before, files, "file");
    }

    /** CPU ms per {@code unit} (a file, a link) since {@code before}, by thread group, largest first. */
    String since(ThreadCpu before, int units, String unit) {
        Map<String, Long> byGroup = new TreeMap<>();
        ticksByThread.forEach((thread, now) -> {
            long delta = now - before.ticksByThread.getOrDefault(thread, 0L);
            if (delta > 0) {
                byGroup.merge(group(thread.substring(thread.indexOf(' ') + 1)), delta, Long::sum);
            }
        });
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.2f ms/%s:", total * TICK_MS / units, unit));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() * 100 >= total) // groups under 1 % left out
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s %.2f (%.0f%%)", e.getKey(),
                        e.getValue() * TICK_MS / units, 100.0 * e.getValue() / total)));
        return b.toString();
    }

    /** CPU ms of the child processes this JVM has waited for (the aws CLI), or 0 without /proc. */
    static long childrenMillis() {
        try {
            String[] f = fieldsAfterName(Files.readString(Path.of("/proc/self/stat")));
            return (long) ((Long.parseLong(f[CUTIME]) + Long.parseLong(f[CSTIME])) * TICK_MS);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The fields of a stat line after "pid (name) ", the name being free to hold spaces and parentheses. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static String group(String name) {
        if (name.startsWith("C2 Compiler")) {
            return "C2";
        }
        if (name.startsWith("C1 Compiler")) {
            return "C1";
        }
        if (name.startsWith("G1") || name.startsWith("GC Thread")) {
            return "GC";
        }
        return name.replaceAll("[0-9]+", "#").trim();
    }
}
