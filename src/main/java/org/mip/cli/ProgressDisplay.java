package org.mip.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mip.batch.Batch;
import org.mip.batch.InputTree;
import org.mip.batch.Numbers;
import org.mip.batch.Outcome;
import org.mip.batch.Tally;

/**
 * What {@code deidentify} shows while it runs, on standard error: a progress bar redrawn in place
 * ({@link Mode#BAR}, on a terminal), a plain line every few seconds ({@link Mode#LINES}, for logs),
 * or nothing; and one line per refused or failed input. A line names an input by its quarantine name
 * (the hash of its relative path), or by its relative path only with {@code --keep-names}, so
 * nothing the walk found in the tree is printed unless the user asked for it.
 */
final class ProgressDisplay implements Batch.Listener, AutoCloseable {

    enum Mode { BAR, LINES, NONE }

    static final long BAR_PERIOD_MS = 200;
    static final long LINES_PERIOD_MS = 10_000;
    private static final int BAR_WIDTH = 24;
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final Mode mode;
    private final boolean problemLines;
    private final boolean keepNames;
    private final boolean debug;
    private final Object lock = new Object();
    private ScheduledExecutorService timer;
    private Tally tally;
    private boolean barShown;

    /**
     * @param problemLines whether refused and failed inputs get a line each
     * @param keepNames    whether those lines name the input by its relative path
     */
    ProgressDisplay(PrintWriter err, Mode mode, boolean problemLines, boolean keepNames) {
        this(err, mode, problemLines, keepNames, false);
    }

    /** @param debug whether an unexpected error on an input is shown with its stack trace */
    ProgressDisplay(PrintWriter err, Mode mode, boolean problemLines, boolean keepNames, boolean debug) {
        this.err = err;
        this.mode = mode;
        this.problemLines = problemLines;
        this.keepNames = keepNames;
        this.debug = debug;
    }

    /** Starts redrawing (bar) or printing (lines) from the live counts. */
    void start(Tally live) {
        this.tally = live;
        if (mode == Mode.NONE) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deidentify-progress");
            t.setDaemon(true);
            return t;
        });
        long period = mode == Mode.BAR ? BAR_PERIOD_MS : LINES_PERIOD_MS;
        if (mode == Mode.BAR) {
            tick(); // the bar is there from the start, however short the run
        }
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        synchronized (lock) {
            if (mode == Mode.BAR) {
                err.print(CLEAR_LINE + bar(tally));
                barShown = true;
            } else {
                err.println("deidentify: " + line(tally));
            }
            err.flush();
        }
    }

    @Override
    public void outcome(InputTree.Entry input, Outcome o) {
        if (!problemLines || !o.problem()) {
            return;
        }
        String who = keepNames ? input.relative()
                : o.output() != null ? o.output() : "input " + org.mip.batch.Quarantine.nameOf(input.relative());
        String what = o.kind() == Outcome.Kind.QUARANTINED
                ? "quarantined " + who + (keepNames && o.output() != null ? " as " + o.output() : "")
                : "failed " + who + " (left in place)";
        print("deidentify: " + what + ": " + o.code() + " at " + o.stage() + ": " + o.message());
        if (debug && o.cause() != null) {
            synchronized (lock) {
                clearBar();
                o.cause().printStackTrace(err);
                err.flush();
            }
        }
    }

    @Override
    public void unreadable(String relative, String message) {
        if (problemLines) {
            print("deidentify: cannot read " + (keepNames ? relative : "a folder or file of the input tree (name hidden; "
                    + "--keep-names shows it)") + ": " + message);
        }
    }

    @Override
    public void interrupted() {
        if (tally == null) {
            return;
        }
        synchronized (lock) {
            clearBar();
            err.println("deidentify: interrupted: " + line(tally) + "; every output written so far is complete");
            err.flush();
        }
    }

    /** Prints a line above the bar (the bar is redrawn at the next tick). */
    private void print(String line) {
        synchronized (lock) {
            clearBar();
            err.println(line);
            err.flush();
        }
    }

    private void clearBar() {
        if (barShown) {
            err.print(CLEAR_LINE);
            barShown = false;
        }
    }

    /** Stops the display and removes the bar, so the summary starts on a clean line. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            clearBar();
            err.flush();
        }
    }

    /** {@code [#########...............]  38%  760/2000 files  398/1049 MB  152 files/s  80 MB/s  ETA 0:08}. */
    static String bar(Tally t) {
        long done = t.doneFiles();
        long found = t.foundFiles();
        long doneBytes = t.doneBytes();
        long foundBytes = t.foundBytes();
        boolean known = t.walkComplete();
        double fraction = !known ? -1
                : foundBytes > 0 ? (double) doneBytes / foundBytes : found > 0 ? (double) done / found : 1;
        StringBuilder sb = new StringBuilder("[");
        int filled = fraction < 0 ? 0 : (int) Math.round(Math.min(1, fraction) * BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++) {
            sb.append(i < filled ? '#' : fraction < 0 ? '?' : '.');
        }
        sb.append("] ");
        sb.append(fraction < 0 ? "  ?%" : Numbers.alignRight((int) Math.floor(Math.min(1, fraction) * 100), 3) + "%");
        sb.append("  ").append(done).append('/').append(found).append(known ? "" : "+").append(" files  ")
                .append(Numbers.fixed(doneBytes / 1e6, 0)).append(" MB  ").append(Numbers.fixed(t.filesPerSecond(), 0))
                .append(" files/s  ").append(Numbers.fixed(t.megabytesPerSecond(), 0)).append(" MB/s");
        if (known && fraction > 0 && fraction < 1) {
            double left = t.elapsedSeconds() * (1 - fraction) / fraction;
            sb.append("  ETA ").append(Numbers.clock(left));
        }
        long problems = t.count(Outcome.Kind.QUARANTINED) + t.count(Outcome.Kind.FAILED);
        if (problems > 0) {
            sb.append("  refused/failed ").append(problems);
        }
        return sb.toString();
    }

    /** {@code 760/2000 files (38%), 398 MB, 152 files/s, 80 MB/s, 0:05 elapsed}. */
    static String line(Tally t) {
        boolean known = t.walkComplete();
        long found = t.foundFiles();
        String percent = known && found > 0 ? " (" + t.doneFiles() * 100 / found + "%)" : "";
        return t.doneFiles() + "/" + found + (known ? "" : "+") + " files" + percent + ", "
                + Numbers.fixed(t.doneBytes() / 1e6, 0) + " MB, " + Numbers.fixed(t.filesPerSecond(), 1) + " files/s, "
                + Numbers.fixed(t.megabytesPerSecond(), 1) + " MB/s, " + Numbers.clock(t.elapsedSeconds()) + " elapsed, "
                + (t.count(Outcome.Kind.QUARANTINED) + t.count(Outcome.Kind.FAILED)) + " refused or failed";
    }
}
