package org.mip.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SFTP server refuses every write that the ingest route would never pick up, so the
 * client gets "Permission denied" at once instead of a file that sits unseen. The route takes the
 * files directly in {@code /upload} whose names do not start with a dot (it is not recursive and
 * skips hidden names), and moves each into {@code /upload/.done/<day>/}. So:
 *
 * <ul>
 *   <li>a file may be written only directly in {@code /upload}, under a name not starting with a dot;</li>
 *   <li>a folder may be made only inside a hidden folder of {@code /upload} (the route's
 *       {@code .done/<day>/}), or {@code /upload} itself if it was removed;</li>
 *   <li>a file in {@code /upload} may be renamed to another such name (clients that upload under
 *       a temporary name) or moved into a hidden folder of {@code /upload} (the route);</li>
 *   <li>removing and changing attributes only inside {@code /upload}, never {@code /upload} itself;
 *       no links.</li>
 * </ul>
 *
 * Reading stays open everywhere. Log lines never name the file: names of uploads often carry
 * patient data.
 */
final class UploadFolderPolicy implements SftpEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(UploadFolderPolicy.class);
    private static final Set<StandardOpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING);

    private final String upload;

    UploadFolderPolicy(String uploadDir) {
        this.upload = uploadDir;
    }

    @Override
    public void opening(ServerSession session, String remoteHandle, Handle localHandle) throws IOException {
        if (localHandle instanceof FileHandle f && f.getOpenOptions().stream().anyMatch(WRITES::contains)
                && !isUploadFile(f.getFile())) {
            throw refused(session, "write a file", f.getFile());
        }
    }

    @Override
    public void creating(ServerSession session, Path path, Map<String, ?> attrs) throws IOException {
        if (!isUploadDir(path) && !inHiddenFolderOfUpload(path)) {
            throw refused(session, "make a folder", path);
        }
    }

    @Override
    public void moving(ServerSession session, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
        if (!insideUpload(src) || !(isUploadFile(dst) || inHiddenFolderOfUpload(dst))) {
            throw refused(session, "rename", dst);
        }
    }

    @Override
    public void removing(ServerSession session, Path path, boolean isDirectory) throws IOException {
        if (!insideUpload(path)) {
            throw refused(session, "remove", path);
        }
    }

    @Override
    public void modifyingAttributes(ServerSession session, Path path, Map<String, ?> attrs) throws IOException {
        if (!insideUpload(path)) {
            throw refused(session, "change the attributes of", path);
        }
    }

    @Override
    public void linking(ServerSession session, Path source, Path target, boolean symLink) throws IOException {
        throw refused(session, "link", target);
    }

    /** {@code /upload/<name>}, the name not hidden: what the route takes. */
    private boolean isUploadFile(Path p) {
        Path n = normal(p);
        return n.getNameCount() == 2 && n.getName(0).toString().equals(upload) && !n.getName(1).toString().startsWith(".");
    }

    private boolean isUploadDir(Path p) {
        Path n = normal(p);
        return n.getNameCount() == 1 && n.getName(0).toString().equals(upload);
    }

    /** Below {@code /upload}, not {@code /upload} itself. */
    private boolean insideUpload(Path p) {
        Path n = normal(p);
        return n.getNameCount() >= 2 && n.getName(0).toString().equals(upload);
    }

    /** {@code /upload/.<hidden>[/...]}: the route's {@code .done/<day>/}. */
    private boolean inHiddenFolderOfUpload(Path p) {
        Path n = normal(p);
        return insideUpload(n) && n.getName(1).toString().startsWith(".") && !n.getName(1).toString().equals("..");
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private AccessDeniedException refused(ServerSession session, String what, Path path) {
        LOG.info("SFTP user {}: refused to {} where nothing is ingested (only files directly in /{}, names not starting"
                + " with a dot)", session.getUsername(), what, upload);
        return new AccessDeniedException(path.toString(), null,
                "only files directly in /" + upload + " are ingested; cd /" + upload + " before put");
    }
}
