package org.mip.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes what uploads interrupted by a stop left in the embedded S3's folders. S3Proxy's filesystem
 * store writes an upload to {@code <key>-<uuid>}, then its ETag (the {@code user.content-md5}
 * attribute), then renames it to {@code <key>}. A process killed in between leaves that file, and
 * after a restart S3Proxy lists it as an object of its own: a stray key in the processed bucket, or
 * a raw object the pipeline takes for an upload still under way and never finishes.
 *
 * <p>Run before the server starts, when no upload can be under way. Removed are files with that name
 * <ul>
 * <li>without the ETag attribute (a kill before S3Proxy set it): an object whose key happens to end in
 * a UUID has its ETag; on a file system without user attributes this rule removes nothing (no object
 * there has an ETag);</li>
 * <li>or, ETag or not, named {@code <key>-<uuid>} for a key whose write was under way at the kill
 * ({@link MarkedWritesBlobStore}'s marks) and written since that write began (a kill between the
 * attributes and the rename). An object {@code <key>-<uuid>} stored before is kept.</li>
 * </ul>
 * The marks are removed afterwards.
 */
final class InterruptedUploads {
    private static final String ETAG_ATTRIBUTE = "user.content-md5";
    /** S3Proxy's temporary name of an upload: {@code <key>-<uuid>}, the key in group 1. */
    static final Pattern TEMPORARY_NAME =
            Pattern.compile("(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private InterruptedUploads() {
    }

    /** The folder of the marks of writes under way, beside the store's root. */
    static Path marks(Path s3Root) {
        return s3Root.resolveSibling(s3Root.getFileName() + "-writes");
    }

    /**
     * @param s3Root the store's root: one folder per bucket; its marks in {@link #marks}
     * @return files removed, by bucket (names only: keys can carry patient names, so they are not returned)
     */
    static Map<String, Integer> remove(Path s3Root) throws IOException {
        Map<String, Integer> removed = new TreeMap<>();
        if (!Files.isDirectory(s3Root)) {
            return removed;
        }
        interruptedWrites(s3Root, removed);
        if (!Files.getFileStore(s3Root).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            return removed;
        }
        try (Stream<Path> files = Files.walk(s3Root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = s3Root.relativize(file);
                String name = file.getFileName().toString();
                // S3Proxy keeps its own records (versions, multipart parts) under names starting with "."
                if (relative.getNameCount() < 2 || relative.getName(0).toString().startsWith(".") || name.startsWith(".")
                        || !TEMPORARY_NAME.matcher(name).matches() || hasEtag(file)) {
                    continue;
                }
                Files.deleteIfExists(file);
                removed.merge(relative.getName(0).toString(), 1, Integer::sum);
            }
        }
        return removed;
    }

    /** The temporary files of the writes whose marks a kill left, then the marks. */
    private static void interruptedWrites(Path s3Root, Map<String, Integer> removed) throws IOException {
        Path marks = marks(s3Root);
        if (!Files.isDirectory(marks)) {
            return;
        }
        List<Path> left;
        try (Stream<Path> s = Files.list(marks)) {
            left = s.filter(Files::isRegularFile).toList();
        }
        for (Path mark : left) {
            // decoded leniently: a mark that cannot name a bucket and a key (empty, as a kill right
            // after its creation leaves it) is only removed
            String[] bucketAndKey = new String(Files.readAllBytes(mark), StandardCharsets.UTF_8).split("\n", 2);
            if (bucketAndKey.length == 2 && !bucketAndKey[0].isEmpty() && !bucketAndKey[0].contains("/")
                    && !bucketAndKey[0].startsWith(".")) {
                Path bucket = s3Root.resolve(bucketAndKey[0]);
                Path object = bucket.resolve(bucketAndKey[1]).normalize();
                if (object.startsWith(bucket) && !object.equals(bucket) && Files.isDirectory(object.getParent())) {
                    removeTemporaryFilesOf(object, Files.getLastModifiedTime(mark), bucketAndKey[0], removed);
                }
            }
            Files.deleteIfExists(mark);
        }
    }

    private static void removeTemporaryFilesOf(Path object, FileTime since, String bucket, Map<String, Integer> removed)
            throws IOException {
        String prefix = object.getFileName() + "-";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(object.getParent())) {
            for (Path file : siblings) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefix) && TEMPORARY_NAME.matcher(name).matches()
                        && name.length() == prefix.length() + 36 && Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).compareTo(since) >= 0) {
                    Files.deleteIfExists(file);
                    removed.merge(bucket, 1, Integer::sum);
                }
            }
        }
    }

    private static boolean hasEtag(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        return view == null || view.list().contains(ETAG_ATTRIBUTE);
    }
}
