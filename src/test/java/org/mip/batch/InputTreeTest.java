package org.mip.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk: which entries of a tree become inputs, and what is skipped, without hanging on loops. */
class InputTreeTest {

    @TempDir
    Path dir;

    /** What a walk reported. */
    static final class Found implements InputTree.Visitor {
        final TreeSet<String> files = new TreeSet<>();
        final Map<InputTree.Skip, List<String>> skipped = new EnumMap<>(InputTree.Skip.class);
        final List<String> unreadable = new ArrayList<>();

        @Override
        public void file(InputTree.Entry entry) {
            assertTrue(Files.isRegularFile(entry.path()), entry.toString());
            files.add(entry.relative());
        }

        @Override
        public void skipped(InputTree.Skip why, String relative) {
            skipped.computeIfAbsent(why, k -> new ArrayList<>()).add(relative);
        }

        @Override
        public void unreadable(String relative, String message) {
            unreadable.add(relative + ": " + message);
        }
    }

    private Found walk(Path root, Path excluded) throws Exception {
        Found f = new Found();
        new InputTree(root, excluded).walk(f);
        return f;
    }

    private static void touch(Path p, String content) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void everyRegularFileWhateverItsNameHiddenOnesSkipped() throws Exception {
        touch(dir.resolve("a/IM0001"), "x");
        touch(dir.resolve("a/b/image.dcm"), "x");
        touch(dir.resolve("a/b/c/no extension at all"), "x");
        touch(dir.resolve("Smith^John/1.2.3.dcm"), "x");
        touch(dir.resolve(".DS_Store"), "x");
        touch(dir.resolve("a/.hidden.dcm"), "x");
        touch(dir.resolve(".git/objects/x.dcm"), "x");
        Found f = walk(dir, null);
        assertEquals(new TreeSet<>(List.of("a/IM0001", "a/b/image.dcm", "a/b/c/no extension at all", "Smith^John/1.2.3.dcm")),
                f.files);
        assertEquals(new TreeSet<>(List.of(".DS_Store", "a/.hidden.dcm", ".git")),
                new TreeSet<>(f.skipped.get(InputTree.Skip.HIDDEN)));
        assertTrue(f.unreadable.isEmpty(), f.unreadable.toString());
    }

    @Test
    void aSingleFileIsItsOwnTree() throws Exception {
        Path file = dir.resolve("one.dcm");
        touch(file, "x");
        Found f = walk(file, null);
        assertEquals(new TreeSet<>(List.of("one.dcm")), f.files);
    }

    @Test
    void symbolicLinksAreFollowedButALoopIsReportedOnceAndNotEntered() throws Exception {
        touch(dir.resolve("in/a/x.dcm"), "x");
        touch(dir.resolve("elsewhere/y.dcm"), "y");
        Files.createSymbolicLink(dir.resolve("in/a/loop"), dir.resolve("in"));
        Files.createSymbolicLink(dir.resolve("in/linked"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("in/broken"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("in/file-link.dcm"), dir.resolve("elsewhere/y.dcm"));
        long t0 = System.nanoTime();
        Found f = walk(dir.resolve("in"), null);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "the walk must not loop");
        assertEquals(new TreeSet<>(List.of("a/x.dcm", "linked/y.dcm", "file-link.dcm")), f.files);
        assertEquals(List.of("a/loop"), f.skipped.get(InputTree.Skip.SYMLINK_LOOP));
        assertEquals(List.of("broken"), f.skipped.get(InputTree.Skip.BROKEN_LINK));
    }

    @Test
    void theOutputFolderIsNeverEnteredEvenThroughALink() throws Exception {
        touch(dir.resolve("in/x.dcm"), "x");
        touch(dir.resolve("out/PAT/1/2/3.dcm"), "x");
        Files.createSymbolicLink(dir.resolve("in/results"), dir.resolve("out"));
        Found f = walk(dir.resolve("in"), dir.resolve("out"));
        assertEquals(new TreeSet<>(List.of("x.dcm")), f.files);
        assertEquals(List.of("results"), f.skipped.get(InputTree.Skip.OUTPUT_DIRECTORY));
    }

    @Test
    void aPipeIsSkippedNotOpened() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "mkfifo not installed");
        touch(dir.resolve("x.dcm"), "x");
        Process p = new ProcessBuilder("/usr/bin/mkfifo", dir.resolve("pipe").toString()).start();
        assertEquals(0, p.waitFor());
        Found f = walk(dir, null);
        assertEquals(new TreeSet<>(List.of("x.dcm")), f.files);
        assertEquals(List.of("pipe"), f.skipped.get(InputTree.Skip.NOT_A_FILE));
    }

    @Test
    void anUnreadableFolderIsReportedWithoutItsPathInTheMessage() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads every folder");
        Path locked = dir.resolve("locked");
        touch(locked.resolve("x.dcm"), "x");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            Found f = walk(dir, null);
            assertEquals(1, f.unreadable.size(), f.unreadable.toString());
            assertTrue(f.unreadable.get(0).startsWith("locked: AccessDeniedException"), f.unreadable.toString());
            assertTrue(!f.unreadable.get(0).contains(dir.toString()), f.unreadable.toString());
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
