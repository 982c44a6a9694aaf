package org.mip.batch;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The input files of a batch: a single file, or every regular file under a directory, whatever its
 * name or extension. Hidden entries (names starting with a dot) are skipped with everything under
 * them; symbolic links are followed, but a link back to a directory being walked (a loop) is
 * reported once and not entered; sockets, pipes and devices are skipped (opening a pipe would block);
 * one directory (the batch's own output) can be excluded by identity, however it is reached.
 *
 * <p>Files are handed to a {@link Visitor} as they are found, so a tree of any size is walked in
 * constant memory.
 */
public final class InputTree {

    /** A file to process: its path, its path relative to the root ("/"-separated), and its size. */
    public record Entry(Path path, String relative, long size) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(relative, "relative");
        }
    }

    /** Why an entry of the tree was not handed over. */
    public enum Skip {
        /** A name starting with "." (a file, or a directory and everything in it). */
        HIDDEN,
        /** A symbolic link to a directory above it: followed once, not again. */
        SYMLINK_LOOP,
        /** A link whose target does not exist. */
        BROKEN_LINK,
        /** Not a regular file: a socket, a pipe, a device. */
        NOT_A_FILE,
        /** The batch's own output directory, reached through a link. */
        OUTPUT_DIRECTORY
    }

    /** Receives the walk's findings; may block (e.g. on a full queue) to pace the walk. */
    public interface Visitor {
        void file(Entry entry) throws InterruptedException;

        void skipped(Skip why, String relative);

        /** A directory or file that could not be read (permissions, I/O); {@code message} names no path. */
        void unreadable(String relative, String message);
    }

    private final Path root;
    private final Object excludedKey;

    /**
     * @param root     a file or a directory
     * @param excluded a directory never to enter (the output), or null
     */
    public InputTree(Path root, Path excluded) {
        this.root = root;
        Object key = null;
        if (excluded != null) {
            try {
                key = Files.readAttributes(excluded, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                key = null; // does not exist yet: nothing to exclude
            }
        }
        this.excludedKey = key;
    }

    /** Walks the tree; returns normally when it is done, or throws when interrupted. */
    public void walk(Visitor visitor) throws IOException, InterruptedException {
        BasicFileAttributes rootAttrs = Files.readAttributes(root, BasicFileAttributes.class);
        if (!rootAttrs.isDirectory()) {
            Path name = root.getFileName();
            String relative = name == null ? root.toString() : name.toString();
            if (rootAttrs.isRegularFile()) {
                visitor.file(new Entry(root, relative, rootAttrs.size()));
            } else {
                visitor.skipped(Skip.NOT_A_FILE, relative);
            }
            return;
        }
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Walker(visitor));
        } catch (Interrupted e) {
            throw e.cause;
        }
    }

    /** Carries an InterruptedException out of the FileVisitor, whose methods may only throw IOException. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    private final class Walker extends SimpleFileVisitor<Path> {
        private final Visitor visitor;

        Walker(Visitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
                if (hidden(dir)) {
                    visitor.skipped(Skip.HIDDEN, relative(dir));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (excludedKey != null && excludedKey.equals(attrs.fileKey())) {
                    visitor.skipped(Skip.OUTPUT_DIRECTORY, relative(dir));
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String relative = relative(file);
            if (hidden(file)) {
                visitor.skipped(Skip.HIDDEN, relative);
            } else if (attrs.isRegularFile()) {
                try {
                    visitor.file(new Entry(file, relative, attrs.size()));
                } catch (InterruptedException e) {
                    throw new Interrupted(e);
                }
            } else if (attrs.isSymbolicLink()) {
                // With FOLLOW_LINKS a link's own attributes are only given when its target cannot be read.
                visitor.skipped(Files.exists(file) ? Skip.NOT_A_FILE : Skip.BROKEN_LINK, relative);
            } else if (attrs.isDirectory()) {
                // A directory at the depth limit; cannot happen with Integer.MAX_VALUE, but never lose it silently.
                visitor.unreadable(relative, "directory too deep to walk");
            } else {
                visitor.skipped(Skip.NOT_A_FILE, relative);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            String relative = relative(file);
            if (e instanceof FileSystemLoopException) {
                visitor.skipped(Skip.SYMLINK_LOOP, relative);
            } else if (hidden(file)) {
                visitor.skipped(Skip.HIDDEN, relative);
            } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                visitor.skipped(Skip.BROKEN_LINK, relative);
            } else {
                visitor.unreadable(relative, describe(e));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                visitor.unreadable(relative(dir), describe(e));
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private String relative(Path p) {
        Path r = root.relativize(p);
        StringBuilder sb = new StringBuilder();
        for (Path part : r) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** An I/O problem without the path the JDK puts in its messages: the kind and the OS's reason only. */
    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() == null ? kind : kind + ": " + f.getReason();
        }
        return kind;
    }
}
