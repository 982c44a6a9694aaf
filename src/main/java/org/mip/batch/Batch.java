package org.mip.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import org.mip.deid.Deidentifier;
import org.mip.validate.Validator;

/**
 * De-identification of a file or a folder tree into an output folder: the walk feeds a bounded
 * queue (constant memory for any number of files), {@code threads} workers each run a file through
 * {@link FileProcessor}. Temporary files live in a hidden work folder inside the output folder (same
 * file system, so finished files are renamed or linked into place), removed at the end, also on Ctrl-C.
 */
public final class Batch {

    /** What the batch reports as it goes (from several threads; implementations synchronise). */
    public interface Listener {
        /** A file is done; called from the worker that processed it. */
        default void outcome(InputTree.Entry input, Outcome outcome) {
        }

        /** An entry of the tree the walk could not read (not a file of the batch's). */
        default void unreadable(String relative, String message) {
        }

        /** The JVM is shutting down before the batch finished (Ctrl-C). */
        default void interrupted() {
        }
    }

    /**
     * @param in        a file or a directory
     * @param out       the output directory (created when missing); must not overlap {@code in}
     * @param threads   workers, at least 1
     * @param keepNames whether quarantine reason files record the input's relative path
     * @param version   product version written in quarantine reason files
     */
    public record Config(Path in, Path out, int threads, boolean keepNames, String version) {
        public Config {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }
    }

    private static final int QUEUE_PER_THREAD = 64;
    private static final InputTree.Entry END = new InputTree.Entry(Path.of("."), "", 0);

    private final Config config;
    private final Function<Path, Deidentifier> deidentifiers;
    private final Validator validator;
    private final Listener listener;
    private final Tally tally = new Tally();

    /**
     * @param deidentifiers makes the de-identifier, given the run's work folder (where redacted pixel
     *                      data is spooled)
     */
    public Batch(Config config, Function<Path, Deidentifier> deidentifiers, Validator validator, Listener listener) {
        this.config = config;
        this.deidentifiers = deidentifiers;
        this.validator = validator;
        this.listener = listener;
    }

    /** The live counts (for a progress display while {@link #run()} runs). */
    public Tally tally() {
        return tally;
    }

    /**
     * Why {@code in} and {@code out} cannot be used together, or null when they can: {@code in} must
     * exist, {@code out} must be a directory or absent, and neither may be inside the other (outputs
     * would land among the inputs, or be taken for inputs). Compared by real paths, so links do not
     * hide an overlap.
     */
    public static String problemWith(Path in, Path out) {
        if (!Files.exists(in)) {
            return "--in " + in + " does not exist";
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            return "--out " + out + " exists and is not a directory";
        }
        Path realIn;
        Path realOut;
        try {
            realIn = in.toRealPath();
            realOut = realPathOfMaybeMissing(out);
        } catch (IOException e) {
            return "cannot resolve --in or --out: " + InputTree.describe(e);
        }
        if (Files.isDirectory(realIn)) {
            if (realOut.startsWith(realIn)) {
                return "--out " + out + " is inside --in " + in + ": choose an output folder outside the input tree";
            }
            if (realIn.startsWith(realOut)) {
                return "--in " + in + " is inside --out " + out + ": outputs could overwrite inputs; choose another output folder";
            }
        } else if (realIn.startsWith(realOut)) {
            return "--in " + in + " is inside --out " + out + ": outputs could overwrite it; choose another output folder";
        }
        return null;
    }

    /** The real path of the deepest existing ancestor, with the missing rest appended. */
    static Path realPathOfMaybeMissing(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        List<Path> missing = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        Path real = existing == null ? abs.getRoot() : existing.toRealPath();
        for (Path m : missing) {
            real = real.resolve(m);
        }
        return real;
    }

    /**
     * Runs the batch to the end and returns its counts.
     *
     * @throws IllegalArgumentException when {@link #problemWith} finds a problem
     * @throws IOException when the output folder cannot be created or the input root cannot be read
     */
    public Tally run() throws IOException, InterruptedException {
        String problem = problemWith(config.in(), config.out());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path out = Files.createDirectories(config.out()).toRealPath();
        Path work = Files.createTempDirectory(out, ".mip-work-");
        Thread cleanup = new Thread(() -> {
            listener.interrupted();
            deleteTree(work);
        }, "deidentify-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Deidentifier deidentifier = deidentifiers.apply(work);
            Quarantine quarantine = new Quarantine(out, work, config.keepNames(), deidentifier.profile().name(),
                    config.version());
            FileProcessor processor = new FileProcessor(deidentifier, validator, out, work, quarantine);
            runWorkers(processor, new InputTree(config.in(), out));
        } finally {
            tally.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it cleans up
            }
            deleteTree(work);
        }
        return tally;
    }

    private void runWorkers(FileProcessor processor, InputTree tree) throws IOException, InterruptedException {
        int threads = config.threads();
        BlockingQueue<InputTree.Entry> queue = new ArrayBlockingQueue<>(threads * QUEUE_PER_THREAD);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> crashes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (InputTree.Entry e = queue.take(); e != END; e = queue.take()) {
                        Outcome o = processor.process(e);
                        tally.done(o);
                        listener.outcome(e, o);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t2) {
                    synchronized (crashes) {
                        crashes.add(t2);
                    }
                    drain(queue); // keep the walk moving to its end; the crash is rethrown below
                }
            }, "deidentify-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            tree.walk(new InputTree.Visitor() {
                @Override
                public void file(InputTree.Entry entry) throws InterruptedException {
                    tally.found(entry.size());
                    queue.put(entry);
                }

                @Override
                public void skipped(InputTree.Skip why, String relative) {
                    tally.skip(why);
                }

                @Override
                public void unreadable(String relative, String message) {
                    tally.unreadable();
                    listener.unreadable(relative, message);
                }
            });
        } finally {
            tally.walkDone();
            for (int i = 0; i < threads; i++) {
                queue.put(END);
            }
            for (Thread t : workers) {
                t.join();
            }
        }
        if (!crashes.isEmpty()) {
            Throwable t = crashes.get(0);
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("a worker stopped: " + t, t);
        }
    }

    private static void drain(BlockingQueue<InputTree.Entry> queue) {
        try {
            for (InputTree.Entry e = queue.take(); e != END; e = queue.take()) {
                // discarded: the batch is failing
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover hidden .mip-work-* folder holds temporary files only
        }
    }
}
