package org.mip.batch;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of a batch, updated by every worker and read by the progress display: files found
 * and done, bytes, outcomes, reason codes, skipped entries. Holds no names: only counts and codes.
 */
public final class Tally {
    private final long startNanos = System.nanoTime();
    private final LongAdder foundFiles = new LongAdder();
    private final LongAdder foundBytes = new LongAdder();
    private final LongAdder doneFiles = new LongAdder();
    private final LongAdder doneBytes = new LongAdder();
    private final Map<Outcome.Kind, LongAdder> outcomes = new EnumMap<>(Outcome.Kind.class);
    private final Map<InputTree.Skip, LongAdder> skipped = new EnumMap<>(InputTree.Skip.class);
    private final ConcurrentHashMap<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private volatile boolean walkDone;
    private volatile long endNanos = -1;

    public Tally() {
        for (Outcome.Kind k : Outcome.Kind.values()) {
            outcomes.put(k, new LongAdder());
        }
        for (InputTree.Skip s : InputTree.Skip.values()) {
            skipped.put(s, new LongAdder());
        }
    }

    void found(long bytes) {
        foundFiles.increment();
        foundBytes.add(bytes);
    }

    void walkDone() {
        walkDone = true;
    }

    void skip(InputTree.Skip why) {
        skipped.get(why).increment();
    }

    /** A directory the walk could not read: counted as a failed entry. */
    void unreadable() {
        outcomes.get(Outcome.Kind.FAILED).increment();
        reasons.computeIfAbsent(FileProcessor.IO_ERROR, k -> new LongAdder()).increment();
    }

    void done(Outcome o) {
        outcomes.get(o.kind()).increment();
        if (o.code() != null) {
            reasons.computeIfAbsent(o.code(), k -> new LongAdder()).increment();
        }
        doneBytes.add(o.bytes());
        doneFiles.increment();
    }

    void finish() {
        endNanos = System.nanoTime();
    }

    public long foundFiles() {
        return foundFiles.sum();
    }

    public long foundBytes() {
        return foundBytes.sum();
    }

    public boolean walkComplete() {
        return walkDone;
    }

    public long doneFiles() {
        return doneFiles.sum();
    }

    public long doneBytes() {
        return doneBytes.sum();
    }

    public long count(Outcome.Kind kind) {
        return outcomes.get(kind).sum();
    }

    public long skipped(InputTree.Skip why) {
        return skipped.get(why).sum();
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Reason codes and their counts, sorted by code. */
    public Map<String, Long> reasons() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Whether something was refused or failed: the command then exits 1. */
    public boolean anyProblem() {
        return count(Outcome.Kind.QUARANTINED) > 0 || count(Outcome.Kind.FAILED) > 0;
    }

    public double elapsedSeconds() {
        long end = endNanos >= 0 ? endNanos : System.nanoTime();
        return (end - startNanos) / 1e9;
    }

    public double filesPerSecond() {
        double s = elapsedSeconds();
        return s <= 0 ? 0 : doneFiles() / s;
    }

    /** Input megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        double s = elapsedSeconds();
        return s <= 0 ? 0 : doneBytes() / 1e6 / s;
    }

    /**
     * The summary: a first line with the totals and rates, one per outcome (with the reason codes
     * under the refused and failed ones), the skipped entries. Counts and codes only, never names.
     */
    public void printSummary(PrintWriter out, int threads, String quarantineDir) {
        out.println("deidentify: " + doneFiles() + (doneFiles() == 1 ? " file, " : " files, ") + Numbers.megabytes(doneBytes()) + " in "
                + Numbers.duration(elapsedSeconds()) + ": " + Numbers.fixed(filesPerSecond(), 1) + " files/s, "
                + Numbers.fixed(megabytesPerSecond(), 1) + " MB/s, " + threads + (threads == 1 ? " thread" : " threads"));
        Map<String, Long> reasons = reasons();
        for (Outcome.Kind k : Outcome.Kind.values()) {
            long n = count(k);
            String where = k == Outcome.Kind.QUARANTINED && n > 0 ? "  (in " + quarantineDir + ")" : "";
            out.println("  " + Numbers.alignLeft(k.label(), 14) + " " + Numbers.alignRight(n, 8) + where);
            if (k == Outcome.Kind.QUARANTINED || k == Outcome.Kind.FAILED) {
                for (Map.Entry<String, Long> r : reasons.entrySet()) {
                    if (belongsTo(r.getKey(), k)) {
                        out.println("    " + Numbers.alignLeft(r.getKey(), 30) + " " + Numbers.alignRight(r.getValue(), 8));
                    }
                }
            }
        }
        StringBuilder details = new StringBuilder();
        for (InputTree.Skip s : InputTree.Skip.values()) {
            long n = skipped(s);
            if (n > 0) {
                details.append(details.length() == 0 ? "  (" : ", ").append(s.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(' ').append(n);
            }
        }
        if (details.length() > 0) {
            details.append(')');
        }
        out.println("  " + Numbers.alignLeft("skipped", 14) + " " + Numbers.alignRight(skippedTotal(), 8) + details);
        out.flush();
    }

    /** IO_ERROR is the failure code; every other code is a refusal's. */
    private static boolean belongsTo(String code, Outcome.Kind kind) {
        return (kind == Outcome.Kind.FAILED) == FileProcessor.IO_ERROR.equals(code);
    }
}
