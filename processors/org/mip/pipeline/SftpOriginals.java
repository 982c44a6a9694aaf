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
 * {@code ingest-sftp} copied into the raw bucket wait there, under the path of their raw key with the
 * number of bytes sent ({@code .done/<day>/<exchange id>.<bytes>/<name>} is raw object
 * {@code sftp/<day>/<exchange id>/<name>}). They hold patient data under their original names, so they are
 * not kept longer than needed. A pass, per upload:
 * <ul>
 *   <li>deletes it, whatever the mode, once older than {@code mip.sftp.retention-days}: its data is in the
 *       raw bucket, or went through the pipeline;</li>
 *   <li>moves it back into the upload folder when its size is no longer the size sent: its client paused
 *       mid-upload for longer than the read lock waits, the route took (and sent) a prefix, and the client
 *       then wrote the rest into the moved file. The route takes it again, whole (the prefix sent first is
 *       quarantined as truncated). Deleting it as "outcome durable" lost the upload;</li>
 *   <li>with {@code mip.sftp.after=delete}, deletes it once its raw object is gone (the pipeline lets go of a
 *       raw object only once its outcome is durable: published and audited, or quarantined and audited) and
 *       nothing has been written to it for {@code mip.sftp.settle-seconds}, so that a client still paused
 *       has that long to go on before its upload is gone;</li>
 * </ul>
 * and then deletes the folders left empty (not before {@link #FOLDER_MIN_AGE}: the route makes a folder
 * just before it moves an upload into it). An upload whose raw object cannot be checked (S3 unreachable,
 * no permission) is kept for a later pass. Logs counts only, never names (names of uploads often carry
 * patient data). Uploads moved there by earlier versions ({@code .done/<day>/<id>/<name>}, or
 * {@code .done/<yyyyMMdd>/<name>}, which has no raw object under that path) carry no size: they are only
 * deleted.
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

    /**
     * What a pass does: {@code mip.sftp.after=delete}, {@code mip.sftp.settle-seconds},
     * {@code mip.sftp.retention-days}.
     */
    public record Rules(boolean deleteAfterOutcome, Duration settle, Duration retention) {
    }

    /**
     * An upload in {@code .done/}: its raw key, the bytes the route sent ({@code -1}: moved there by a
     * version that did not say), and the name it goes back under should it have to be taken again (unique:
     * it starts with the exchange id; a name that would be too long for most file systems is the id alone).
     */
    record Taken(String rawKey, long sent, String retakeName) {
        private static final java.util.regex.Pattern FOLDER = java.util.regex.Pattern.compile("(.+)\\.(\\d{1,18})");
        private static final int MAX_NAME_BYTES = 255;

        /** {@code relative}: the path under {@code .done/}, {@code <day>/<id>.<bytes>/<name>} as the route moves it. */
        static Taken of(String relative) {
            String[] parts = relative.split("/");
            if (parts.length == 3) {
                java.util.regex.Matcher m = FOLDER.matcher(parts[1]);
                if (m.matches()) {
                    String id = m.group(1);
                    String again = id + "-" + parts[2];
                    return new Taken(RAW_PREFIX + parts[0] + "/" + id + "/" + parts[2], Long.parseLong(m.group(2)),
                            again.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NAME_BYTES ? again : id);
                }
            }
            return new Taken(RAW_PREFIX + relative, -1, null);
        }

        boolean grewOrShrank(long size) {
            return sent >= 0 && size != sent;
        }
    }

    /** What one pass did; {@code retaken}: uploads moved back to be taken again, whole. */
    public record Pass(int afterOutcome, int pastRetention, int waiting, int unchecked, int folders, int retaken) {
        public int deleted() {
            return afterOutcome + pastRetention;
        }
    }

    private final Server server;
    private final S3Client s3;
    private final String rawBucket;
    private final Rules rules;
    private final Clock clock;
    private final ObjLongConsumer<String> counts;

    /**
     * @param counts counts what passes did, for the metrics: "outcome" and "retention" (deletions by reason),
     *               "retaken" (moved back to be taken again)
     */
    public SftpOriginals(Server server, S3Client s3, String rawBucket, Rules rules, Clock clock, ObjLongConsumer<String> counts) {
        this.server = server;
        this.s3 = s3;
        this.rawBucket = rawBucket;
        this.rules = rules;
        this.clock = clock;
        this.counts = counts;
    }

    /** One pass; a server that cannot be reached is a warning, and the next pass tries again. */
    @Override
    public void process(Exchange exchange) {
        try {
            Pass pass = run();
            if (pass.retaken() > 0) {
                LOG.warn("{} SFTP upload(s) in {}/{}/ grew after they were taken (the client paused mid-upload): moved back to {}/ "
                        + "to be taken again whole; what was taken first is quarantined as truncated", pass.retaken(),
                        server.directory(), DONE, server.directory());
            }
            if (pass.deleted() > 0 || pass.unchecked() > 0) {
                LOG.info("deleted {} SFTP upload(s) from {}/{}/ ({} with a durable outcome, {} past {} days); {} wait for their "
                                + "outcome or for {} s without a write, {} could not be checked", pass.deleted(), server.directory(), DONE,
                        pass.afterOutcome(), pass.pastRetention(), rules.retention().toDays(), pass.waiting(),
                        rules.settle().toSeconds(), pass.unchecked());
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
                continue;
            }
            Duration unwritten = Duration.between(modified, now); // the time since its last write
            Taken taken = Taken.of(child);
            if (unwritten.compareTo(rules.retention()) > 0) {
                sftp.rm(path);
                t.pastRetention++;
                counts.accept("retention", 1);
                left--;
            } else if (taken.grewOrShrank(entry.getAttrs().getSize())) {
                if (takeAgain(sftp, path, taken)) {
                    t.retaken++;
                    counts.accept("retaken", 1);
                    left--;
                } else {
                    t.waiting++;
                }
            } else if (rules.deleteAfterOutcome()) {
                Boolean gone = unwritten.compareTo(rules.settle()) < 0 ? Boolean.FALSE
                        : t.bucketAnswers(this) ? rawObjectGone(taken.rawKey()) : null;
                if (gone == null) {
                    t.unchecked++;
                } else if (gone) {
                    sftp.rm(path);
                    t.afterOutcome++;
                    counts.accept("outcome", 1);
                    left--;
                } else {
                    t.waiting++;
                }
            }
        }
        return left == 0;
    }

    /**
     * Moves an upload back into the upload folder, under a name no upload has (a rename may replace what is
     * there: JSch renames with OpenSSH's posix-rename where the server has it); false when the server
     * refuses (kept, and tried again at the next pass).
     */
    private boolean takeAgain(ChannelSftp sftp, String path, Taken taken) {
        try {
            sftp.rename(path, server.directory() + "/" + taken.retakeName());
            return true;
        } catch (SftpException e) {
            LOG.warn("could not move an SFTP upload that grew after it was taken back into {}/ ({}: {}); the next pass tries again",
                    server.directory(), e.getClass().getSimpleName(), e.id);
            return false;
        }
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
        int retaken;
        Boolean bucket;

        /** The raw bucket is checked once per pass, when the first upload needs it. */
        boolean bucketAnswers(SftpOriginals cleanup) {
            if (bucket == null) {
                bucket = cleanup.rawBucketAnswers();
            }
            return bucket;
        }

        Pass pass() {
            return new Pass(afterOutcome, pastRetention, waiting, unchecked, folders, retaken);
        }
    }
}
