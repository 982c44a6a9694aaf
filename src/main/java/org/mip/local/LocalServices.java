package org.mip.local;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stand-ins for AWS and the SFTP drop: S3 (S3Proxy), SQS (ElasticMQ) and SFTP
 * (MINA SSHD), all on real protocols, so routes only change endpoints and credentials.
 *
 * <p>{@link #start} checks every fixed port before starting anything and fails with one message
 * naming the setting to change ({@link LocalServicesException}); {@link #close} stops the servers
 * in reverse order. The three servers start at once, each on a thread of its own: most of a
 * server's start is loading and first running its classes (ElasticMQ's Pekko, Scala and H2 above
 * all), which one thread would do one server after the other. {@link #begin} returns while they
 * start, with their endpoints already known, so that the caller can set up its own side meanwhile
 * and {@link #awaitStarted} only when it needs them.
 */
public final class LocalServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    private final LocalConfig config;
    private final LocalS3Server s3;
    private final LocalSqsServer sqs;
    private final LocalSftpServer sftp;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Long> startMillis = new LinkedHashMap<>();
    private CompletableFuture<Void> starting = CompletableFuture.completedFuture(null);

    private LocalServices(LocalConfig config) {
        this.config = config;
        this.s3 = new LocalS3Server(config);
        this.sqs = new LocalSqsServer(config);
        this.sftp = new LocalSftpServer(config);
    }

    /** Starts S3, SQS and SFTP and waits for them; on any failure stops what had started and throws. */
    public static LocalServices start(LocalConfig config) {
        return begin(config).awaitStarted();
    }

    /**
     * Checks the ports (a port in use fails here, before anything starts), gives each server asked
     * to take any port (0) a free one, and starts the three servers in the background. The
     * endpoints and ports are known on return; {@link #awaitStarted} waits for the servers.
     */
    public static LocalServices begin(LocalConfig config) {
        checkPorts(config);
        LocalServices services = new LocalServices(withFreePorts(config));
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> each = List.of(
                services.async("s3", LocalConfig.S3_PORT, services.config.s3Port(), services.s3, services.s3::start),
                services.async("sqs", LocalConfig.SQS_PORT, services.config.sqsPort(), services.sqs, services.sqs::start),
                services.async("sftp", LocalConfig.SFTP_PORT, services.config.sftpPort(), services.sftp, services.sftp::start));
        services.starting = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).whenComplete((ok, failed) -> {
            if (failed == null) {
                LOG.info("Local services up in {} ms {}: S3 {} SQS {} SFTP sftp://{}@{}:{} data {}",
                        (System.nanoTime() - t0) / 1_000_000, services.startMillis(), services.s3Endpoint(),
                        services.sqsEndpoint(), services.config.sftpUser(), services.config.host(), services.sftpPort(),
                        services.config.dataDir());
            }
        });
        return services;
    }

    /**
     * Waits until the servers {@link #begin} started are up, and returns this; if one failed, stops
     * the others and throws its failure (the first in start order).
     */
    public LocalServices awaitStarted() {
        try {
            starting.join();
            return this;
        } catch (CompletionException e) {
            close();
            if (e.getCause() instanceof LocalServicesException failed) {
                throw failed;
            }
            throw new LocalServicesException("local servers did not start: " + e.getCause(), e.getCause());
        }
    }

    /** A free port that none of the servers of this start has yet, added to {@code taken}. */
    private static int pick(String host, java.util.Set<Integer> taken) throws IOException {
        int port = Ports.freePort(host, taken);
        taken.add(port);
        return port;
    }

    /** The same settings, with a free port for each server asked to take any port (0), no two the same. */
    private static LocalConfig withFreePorts(LocalConfig c) {
        try {
            java.util.Set<Integer> taken = new java.util.HashSet<>(java.util.List.of(c.s3Port(), c.sqsPort(), c.sftpPort()));
            int s3 = c.s3Port() != 0 ? c.s3Port() : pick(c.host(), taken);
            int sqs = c.sqsPort() != 0 ? c.sqsPort() : pick(c.host(), taken);
            int sftp = c.sftpPort() != 0 ? c.sftpPort() : pick(c.host(), taken);
            return c.withPorts(s3, sqs, sftp);
        } catch (IOException e) {
            throw new LocalServicesException("no free port on " + c.host() + ": " + e.getMessage(), e);
        }
    }

    /** Starts one server on a thread of its own (a thread of the JVM's common pool could be one of 1 on 2 cores). */
    private CompletableFuture<Void> async(String name, String portKey, int port, AutoCloseable server, Start start) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run(name, portKey, port, server, start);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "mip-local-start-" + name);
        t.start();
        return done;
    }

    private interface Start {
        void run() throws Exception;
    }

    private void run(String name, String portKey, int port, AutoCloseable server, Start start) {
        long t0 = System.nanoTime();
        try {
            start.run();
            synchronized (started) {
                started.push(server);
            }
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
        synchronized (startMillis) {
            startMillis.put(name, (System.nanoTime() - t0) / 1_000_000);
        }
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

    // The ports are fixed before the servers start (begin), so these hold while they are starting too.

    public URI s3Endpoint() {
        return URI.create("http://" + config.host() + ":" + s3Port());
    }

    public int s3Port() {
        return config.s3Port();
    }

    public URI sqsEndpoint() {
        return URI.create("http://" + config.host() + ":" + sqsPort());
    }

    public int sqsPort() {
        return config.sqsPort();
    }

    /** The URL of one of the configured queues (or of its {@code -dlq}). */
    public URI queueUrl(String queue) {
        return sqsEndpoint().resolve("/" + LocalSqsServer.ACCOUNT_ID + "/" + queue);
    }

    public int sftpPort() {
        return config.sftpPort();
    }

    /** How long each server took to start, in milliseconds, in the order s3, sqs, sftp (those started). */
    public Map<String, Long> startMillis() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        synchronized (startMillis) {
            for (String name : List.of("s3", "sqs", "sftp")) {
                if (startMillis.containsKey(name)) {
                    ordered.put(name, startMillis.get(name));
                }
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    /** Stops the servers in reverse start order, once any start under way has ended; safe to call twice. */
    @Override
    public void close() {
        try {
            starting.join(); // a server still starting would otherwise come up after the close
        } catch (CompletionException failedStartReportedElsewhere) {
            // awaitStarted reports it; what did start is stopped below
        }
        while (true) {
            AutoCloseable server;
            synchronized (started) {
                if (started.isEmpty()) {
                    break;
                }
                server = started.pop();
            }
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", server.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
