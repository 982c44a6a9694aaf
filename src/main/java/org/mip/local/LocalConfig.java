package org.mip.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of the embedded local servers. Port 0 means "pick a free port" (tests use it);
 * the ports actually bound are on {@link LocalServices}.
 *
 * <p>Property names (for {@link #fromProperties}) are the {@code mip.local.*} keys named on each
 * component, so an error message can tell the user exactly which setting to change.
 */
public record LocalConfig(
        Path dataDir,
        String host,
        int s3Port,
        int sqsPort,
        int sftpPort,
        String accessKey,
        String secretKey,
        String region,
        List<String> buckets,
        List<String> queues,
        String sftpUser,
        String sftpPassword,
        Path sftpAuthorizedKeys,
        long s3SingleRequestLimit) {

    public static final String PREFIX = "mip.local.";
    public static final String S3_PORT = PREFIX + "s3-port";
    public static final String SQS_PORT = PREFIX + "sqs-port";
    public static final String SFTP_PORT = PREFIX + "sftp-port";

    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_SQS_PORT = 9324;
    public static final int DEFAULT_SFTP_PORT = 2222;
    /**
     * The largest object AWS S3 takes in one PutObject, and the largest source of one CopyObject: 5 GiB.
     * The embedded server refuses larger ones as S3 does (S3Proxy alone refuses only the PUT).
     */
    public static final long AWS_SINGLE_REQUEST_LIMIT = 5L << 30;

    public LocalConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        Objects.requireNonNull(host, "host");
        checkPort(S3_PORT, s3Port);
        checkPort(SQS_PORT, sqsPort);
        checkPort(SFTP_PORT, sftpPort);
        buckets = List.copyOf(buckets);
        queues = List.copyOf(queues);
        sftpAuthorizedKeys = sftpAuthorizedKeys == null ? dataDir.resolve(AUTHORIZED_KEYS) : sftpAuthorizedKeys.toAbsolutePath();
        if (s3SingleRequestLimit < 5L << 20) {
            throw new IllegalArgumentException("an S3 single-request limit of " + s3SingleRequestLimit + " bytes is under 5 MiB");
        }
    }

    /** With S3's single-request limit of AWS ({@link #AWS_SINGLE_REQUEST_LIMIT}). */
    public LocalConfig(Path dataDir, String host, int s3Port, int sqsPort, int sftpPort, String accessKey, String secretKey,
                       String region, List<String> buckets, List<String> queues, String sftpUser, String sftpPassword,
                       Path sftpAuthorizedKeys) {
        this(dataDir, host, s3Port, sqsPort, sftpPort, accessKey, secretKey, region, buckets, queues, sftpUser, sftpPassword,
                sftpAuthorizedKeys, AWS_SINGLE_REQUEST_LIMIT);
    }

    /** The public keys of the SFTP user by default: {@code <dataDir>/sftp-authorized-keys}. */
    public static final String AUTHORIZED_KEYS = "sftp-authorized-keys";

    /** With the SFTP user's public keys in {@code <dataDir>/sftp-authorized-keys}. */
    public LocalConfig(Path dataDir, String host, int s3Port, int sqsPort, int sftpPort, String accessKey, String secretKey,
                       String region, List<String> buckets, List<String> queues, String sftpUser, String sftpPassword) {
        this(dataDir, host, s3Port, sqsPort, sftpPort, accessKey, secretKey, region, buckets, queues, sftpUser, sftpPassword, null);
    }

    /** Defaults: 127.0.0.1, ports 9000/9324/2222, the documented local credentials. */
    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, "127.0.0.1",
                DEFAULT_S3_PORT, DEFAULT_SQS_PORT, DEFAULT_SFTP_PORT,
                "mip-local", "mip-local-secret", "us-east-1",
                List.of("raw", "processed", "quarantine"),
                List.of("s3-events", "audit"),
                "mip", "mip-local");
    }

    /**
     * Defaults overridden by whatever {@code lookup} returns for the {@code mip.local.*} keys
     * (data-dir, host, s3-port, sqs-port, sftp-port, access-key, secret-key, region, buckets,
     * queues, sftp-user, sftp-password, sftp-authorized-keys; lists comma-separated). {@code lookup} returns null for
     * an unset key, e.g. {@code System::getProperty} or Camel's properties component.
     */
    public static LocalConfig fromProperties(Path defaultDataDir, Function<String, String> lookup) {
        LocalConfig d = defaults(defaultDataDir);
        return new LocalConfig(
                Path.of(get(lookup, "data-dir", d.dataDir.toString())),
                get(lookup, "host", d.host),
                port(lookup, S3_PORT, d.s3Port),
                port(lookup, SQS_PORT, d.sqsPort),
                port(lookup, SFTP_PORT, d.sftpPort),
                get(lookup, "access-key", d.accessKey),
                get(lookup, "secret-key", d.secretKey),
                get(lookup, "region", d.region),
                list(get(lookup, "buckets", String.join(",", d.buckets))),
                list(get(lookup, "queues", String.join(",", d.queues))),
                get(lookup, "sftp-user", d.sftpUser),
                get(lookup, "sftp-password", d.sftpPassword),
                lookup.apply(PREFIX + "sftp-authorized-keys") == null || lookup.apply(PREFIX + "sftp-authorized-keys").isBlank()
                        ? null : Path.of(lookup.apply(PREFIX + "sftp-authorized-keys").trim()));
    }

    /** The same settings with other ports (0 = any free port). */
    public LocalConfig withPorts(int s3, int sqs, int sftp) {
        return new LocalConfig(dataDir, host, s3, sqs, sftp, accessKey, secretKey, region,
                buckets, queues, sftpUser, sftpPassword, sftpAuthorizedKeys, s3SingleRequestLimit);
    }

    /** The same settings with another single-request limit of the embedded S3 server (tests lower it). */
    public LocalConfig withS3SingleRequestLimit(long bytes) {
        return new LocalConfig(dataDir, host, s3Port, sqsPort, sftpPort, accessKey, secretKey, region,
                buckets, queues, sftpUser, sftpPassword, sftpAuthorizedKeys, bytes);
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    public Path sqsDir() {
        return dataDir.resolve("sqs");
    }

    public Path sftpDir() {
        return dataDir.resolve("sftp");
    }

    public Path sftpHostKey() {
        return dataDir.resolve("sftp-hostkey");
    }

    /** Like the record's, without the secret key and the SFTP password (this lands in logs). */
    @Override
    public String toString() {
        return "LocalConfig[dataDir=" + dataDir + ", host=" + host + ", s3Port=" + s3Port
                + ", sqsPort=" + sqsPort + ", sftpPort=" + sftpPort + ", accessKey=" + accessKey
                + ", region=" + region + ", buckets=" + buckets + ", queues=" + queues
                + ", sftpUser=" + sftpUser + ", sftpAuthorizedKeys=" + sftpAuthorizedKeys + "]";
    }

    private static String get(Function<String, String> lookup, String key, String dflt) {
        String v = lookup.apply(PREFIX + key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static int port(Function<String, String> lookup, String key, int dflt) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new LocalServicesException(key + " must be a port number (0-65535), not '" + v + "'");
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new LocalServicesException(key + " must be a port number (0-65535), not " + port);
        }
    }
}
