package org.mip.local;

import java.net.BindException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stand-ins for AWS and the SFTP drop: S3 (S3Proxy), SQS (ElasticMQ) and SFTP
 * (MINA SSHD), all on real protocols, so routes only change endpoints and credentials.
 *
 * <p>{@link #start} checks every fixed port before starting anything and fails with one message
 * naming the setting to change ({@link LocalServicesException}); {@link #close} stops the servers
 * in reverse order.
 */
public final class LocalServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    private final LocalConfig config;
    private final LocalS3Server s3;
    private final LocalSqsServer sqs;
    private final LocalSftpServer sftp;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Long> startMillis = new LinkedHashMap<>();

    private LocalServices(LocalConfig config) {
        this.config = config;
        this.s3 = new LocalS3Server(config);
        this.sqs = new LocalSqsServer(config);
        this.sftp = new LocalSftpServer(config);
    }

    /** Starts S3, SQS and SFTP; on any failure stops what had started and throws. */
    public static LocalServices start(LocalConfig config) {
        checkPorts(config);
        LocalServices services = new LocalServices(config);
        try {
            services.run("s3", LocalConfig.S3_PORT, config.s3Port(), services.s3, services.s3::start);
            services.run("sqs", LocalConfig.SQS_PORT, config.sqsPort(), services.sqs, services.sqs::start);
            services.run("sftp", LocalConfig.SFTP_PORT, config.sftpPort(), services.sftp, services.sftp::start);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        LOG.info("Local services up in {} ms {}: S3 {} SQS {} SFTP sftp://{}@{}:{} data {}",
                services.startMillis.values().stream().mapToLong(Long::longValue).sum(),
                services.startMillis, services.s3Endpoint(), services.sqsEndpoint(),
                config.sftpUser(), config.host(), services.sftpPort(), config.dataDir());
        return services;
    }

    private interface Start {
        void run() throws Exception;
    }

    private void run(String name, String portKey, int port, AutoCloseable server, Start start) {
        long t0 = System.nanoTime();
        try {
            start.run();
            started.push(server);
        } catch (Exception e) {
            try {
                server.close(); // a half-started server may hold threads or a socket
            } catch (Exception ignored) {
                // the start failure is the one to report
            }
            if (e instanceof LocalServicesException already) {
                throw already;
            }
            if (hasCause(e, BindException.class)) {
                throw portInUse(portKey, port, config.host());
            }
            throw new LocalServicesException("local " + name + " server did not start: " + e, e);
        }
        startMillis.put(name, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void checkPorts(LocalConfig c) {
        check(LocalConfig.S3_PORT, c.s3Port(), c.host());
        check(LocalConfig.SQS_PORT, c.sqsPort(), c.host());
        check(LocalConfig.SFTP_PORT, c.sftpPort(), c.host());
    }

    private static void check(String key, int port, String host) {
        if (port != 0 && !Ports.isFree(host, port)) {
            throw portInUse(key, port, host);
        }
    }

    private static LocalServicesException portInUse(String key, int port, String host) {
        return new LocalServicesException("port " + port + " is in use"
                + ("127.0.0.1".equals(host) ? "" : " on " + host)
                + ": set " + key + " to another port");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public LocalConfig config() {
        return config;
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public int s3Port() {
        return s3.port();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public int sqsPort() {
        return sqs.port();
    }

    /** The URL of one of the configured queues (or of its {@code -dlq}). */
    public URI queueUrl(String queue) {
        return sqs.queueUrl(queue);
    }

    public int sftpPort() {
        return sftp.port();
    }

    /** How long each server took to start, in milliseconds, in start order. */
    public Map<String, Long> startMillis() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(startMillis));
    }

    /** Stops the servers in reverse start order; safe to call twice. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable server = started.pop();
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", server.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
