package org.mip.pipeline;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The clean-up of {@code <directory>/.done/} on the SFTP server (route {@code sftp-originals}): the uploads
 * {@code ingest-sftp} copied into the raw bucket wait there, under the path of their raw key
 * ({@code .done/<day>/<exchange id>/<name>} is raw object {@code sftp/<day>/<exchange id>/<name>}). They
 * hold patient data under their original names, so they are not kept longer than needed. A pass deletes:
 * <ul>
 *   <li>with {@code mip.sftp.after=delete}, every upload whose raw object is gone: the pipeline lets go of a
 *       raw object only once its outcome is durable (published and audited, or quarantined and audited),
 *       the rule the original now follows;</li>
 *   <li>whatever the mode, every upload older than {@code mip.sftp.retention-days}: its data is in the raw
 *       bucket, or went through the pipeline;</li>
 * </ul>
 * and then the folders left empty (not before {@link #FOLDER_MIN_AGE}: the route makes a folder just before
 * it moves an upload into it). An upload whose raw object cannot be checked (S3 unreachable, no permission)
 * is kept for a later pass. Logs counts only, never names (names of uploads often carry patient data).
 * Uploads moved there by earlier versions ({@code .done/<yyyyMMdd>/<name>}) have no raw object under that
 * path: with {@code delete} they go at the first pass.
 */
public final class SftpOriginals implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(SftpOriginals.class);
    /** The folder of the uploads taken, inside the upload folder (routes/ingest-sftp.yaml). */
    public static final String DONE = ".done";
    /** The raw keys of SFTP uploads start with this (routes/ingest-sftp.yaml). */
    public static final String RAW_PREFIX = "sftp/";
    static final Duration FOLDER_MIN_AGE = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = 15_000;
    /** JSch's own chatter off; its errors reach us as exceptions anyway. */
    private static final com.jcraft.jsch.Logger QUIET = new com.jcraft.jsch.Logger() {
        @Override
        public boolean isEnabled(int level) {
            return false;
        }

        @Override
        public void log(int level, String message) {
            // nothing
        }
    };

    /** Where the server is and who logs in: the settings ingest-sftp uses. */
    public record Server(String host, int port, String user, String password, Path knownHosts, String directory) {
        @Override
        public String toString() {
            return "Server[" + user + "@" + host + ":" + port + "/" + directory + "]"; // no password
        }
    }

    /** What one pass did. */
    public record Pass(int afterOutcome, int pastRetention, int waiting, int unchecked, int folders) {
        public int deleted() {
            return afterOutcome + pastRetention;
        }
    }

    private final Server server;
    private final S3Client s3;
    private final String rawBucket;
    private final boolean deleteAfterOutcome;
    private final Duration retention;
    private final Clock clock;
    private final ObjLongConsumer<String> deletions;

    /**
     * @param deleteAfterOutcome {@code mip.sftp.after=delete}
     * @param retention          {@code mip.sftp.retention-days}
     * @param deletions          counts deletions by reason ("outcome", "retention"), for the metrics
     */
    public SftpOriginals(Server server, S3Client s3, String rawBucket, boolean deleteAfterOutcome, Duration retention,
                         Clock clock, ObjLongConsumer<String> deletions) {
        this.server = server;
        this.s3 = s3;
        this.rawBucket = rawBucket;
        this.deleteAfterOutcome = deleteAfterOutcome;
        this.retention = retention;
        this.clock = clock;
        this.deletions = deletions;
    }

    /** One pass; a server that cannot be reached is a warning, and the next pass tries again. */
    @Override
    public void process(Exchange exchange) {
        try {
            Pass pass = run();
            if (pass.deleted() > 0 || pass.unchecked() > 0) {
                LOG.info("deleted {} SFTP upload(s) from {}/{}/ ({} with a durable outcome, {} past {} days); {} wait for their "
                                + "outcome, {} could not be checked", pass.deleted(), server.directory(), DONE, pass.afterOutcome(),
                        pass.pastRetention(), retention.toDays(), pass.waiting(), pass.unchecked());
            }
        } catch (JSchException | SftpException e) {
            LOG.warn("the clean-up of {}/{}/ on the SFTP server failed ({}: {}); the next pass tries again",
                    server.directory(), DONE, e.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** Connects, cleans {@code .done/} once, disconnects. */
    public Pass run() throws JSchException, SftpException {
        JSch jsch = new JSch();
        jsch.setInstanceLogger(QUIET); // not Camel's JSch logger: it warns "Permanently added ..." at every pass
        if (server.knownHosts() != null) {
            jsch.setKnownHosts(server.knownHosts().toString());
        }
        Session session = jsch.getSession(server.user(), server.host(), server.port());
        session.setPassword(server.password());
        // as the ingest route: the host key is checked when a known_hosts file is given (required in aws mode)
        session.setConfig("StrictHostKeyChecking", server.knownHosts() != null ? "yes" : "no");
        session.setConfig("PreferredAuthentications", "password");
        session.connect(TIMEOUT_MS);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(TIMEOUT_MS);
            try {
                return clean(sftp, server.directory() + "/" + DONE);
            } finally {
                sftp.disconnect();
            }
        } finally {
            session.disconnect();
        }
    }

    private Pass clean(ChannelSftp sftp, String done) throws SftpException {
        Tally t = new Tally();
        if (!exists(sftp, done)) {
            return t.pass();
        }
        walk(sftp, done, "", t);
        return t.pass();
    }

    /** Cleans the folder {@code done/relative}; true when it is empty afterwards. */
    private boolean walk(ChannelSftp sftp, String done, String relative, Tally t) throws SftpException {
        String folder = relative.isEmpty() ? done : done + "/" + relative;
        List<ChannelSftp.LsEntry> entries = new ArrayList<>();
        sftp.ls(folder, entry -> {
            if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                entries.add(entry);
            }
            return ChannelSftp.LsEntrySelector.CONTINUE;
        });
        int left = entries.size();
        Instant now = clock.instant();
        for (ChannelSftp.LsEntry entry : entries) {
            String child = relative.isEmpty() ? entry.getFilename() : relative + "/" + entry.getFilename();
            String path = done + "/" + child;
            Instant modified = Instant.ofEpochSecond(entry.getAttrs().getMTime());
            if (entry.getAttrs().isDir()) {
                if (walk(sftp, done, child, t) && Duration.between(modified, now).compareTo(FOLDER_MIN_AGE) >= 0) {
                    sftp.rmdir(path);
                    t.folders++;
                    left--;
                }
            } else if (Duration.between(modified, now).compareTo(retention) > 0) {
                sftp.rm(path);
                t.pastRetention++;
                deletions.accept("retention", 1);
                left--;
            } else if (deleteAfterOutcome) {
                Boolean gone = t.bucketAnswers(this) ? rawObjectGone(RAW_PREFIX + child) : null;
                if (gone == null) {
                    t.unchecked++;
                } else if (gone) {
                    sftp.rm(path);
                    t.afterOutcome++;
                    deletions.accept("outcome", 1);
                    left--;
                } else {
                    t.waiting++;
                }
            }
        }
        return left == 0;
    }

    /** Whether the raw bucket itself answers: only then does a missing object mean anything (a HEAD gives 404 for both). */
    private boolean rawBucketAnswers() {
        try {
            s3.headBucket(b -> b.bucket(rawBucket));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the raw object is gone (its outcome is durable), false when it is there, null when unknown. */
    private Boolean rawObjectGone(String key) {
        try {
            s3.headObject(b -> b.bucket(rawBucket).key(key));
            return false;
        } catch (NoSuchKeyException e) {
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return true;
            }
            return null;
        } catch (RuntimeException e) {
            return null; // S3 unreachable: keep it for a later pass
        }
    }

    private static boolean exists(ChannelSftp sftp, String path) throws SftpException {
        try {
            return sftp.stat(path).isDir();
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static final class Tally {
        int afterOutcome;
        int pastRetention;
        int waiting;
        int unchecked;
        int folders;
        Boolean bucket;

        /** The raw bucket is checked once per pass, when the first upload needs it. */
        boolean bucketAnswers(SftpOriginals cleanup) {
            if (bucket == null) {
                bucket = cleanup.rawBucketAnswers();
            }
            return bucket;
        }

        Pass pass() {
            return new Pass(afterOutcome, pastRetention, waiting, unchecked, folders);
        }
    }
}
