package org.mip.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
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
 * <p>Run before the server starts, when no upload can be under way. Only files with that name and
 * without the ETag attribute are removed: an object whose key happens to end in a UUID has its ETag.
 * On a file system without user attributes nothing is removed (no object there has an ETag).
 */
final class InterruptedUploads {
    private static final String ETAG_ATTRIBUTE = "user.content-md5";
    private static final Pattern TEMPORARY_NAME =
            Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private InterruptedUploads() {
    }

    /**
     * @param s3Root the store's root: one folder per bucket
     * @return files removed, by bucket (names only: keys can carry patient names, so they are not returned)
     */
    static Map<String, Integer> remove(Path s3Root) throws IOException {
        Map<String, Integer> removed = new TreeMap<>();
        if (!Files.isDirectory(s3Root)
                || !Files.getFileStore(s3Root).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
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

    private static boolean hasEtag(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        return view == null || view.list().contains(ETAG_ATTRIBUTE);
    }
}
