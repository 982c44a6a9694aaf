package org.mip.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.persistence.sql.DB$;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;
import scalikejdbc.ConnectionPool;

/**
 * SQS on ElasticMQ (its SQS query and JSON protocols). Each configured queue gets a dead-letter
 * queue {@code <name>-dlq} (redrive after {@value #MAX_RECEIVE_COUNT} receives).
 *
 * <p>Queues and their messages are kept in an H2 database under {@code <dataDir>/sqs}
 * (ElasticMQ's own "messages-storage"), so a restart keeps messages that were not yet consumed.
 *
 * <p>ElasticMQ opens that database once per JVM (a global scalikejdbc connection pool behind
 * a run-once flag), so only one local SQS server may run in a JVM at a time, and {@link #close}
 * closes the pool and clears the flag so the next server opens its own data folder.
 *
 * <p>We drive {@link ElasticMQServer} (the stand-alone server's composition of actors, REST
 * server and persistence) with a config built here, rather than wiring ElasticMQ's actors by hand.
 * It cannot bind port 0 and report the port, so port 0 is resolved to a free port first.
 */
public final class LocalSqsServer implements AutoCloseable {

    /** SQS account id in queue URLs and ARNs: ElasticMQ's default, as LocalStack uses. */
    public static final String ACCOUNT_ID = "000000000000";
    static final int MAX_RECEIVE_COUNT = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private final String host;
    private final int requestedPort;
    private final String region;
    private final List<String> queues;
    private final Path dir;
    private int port;
    private ElasticMQServer server;
    private Function0<?> shutdown;
    private boolean owner;

    public LocalSqsServer(LocalConfig config) {
        this.host = config.host();
        this.requestedPort = config.sqsPort();
        this.region = config.region();
        this.queues = config.queues();
        this.dir = config.sqsDir();
    }

    public void start() throws Exception {
        if (!RUNNING.compareAndSet(false, true)) {
            throw new LocalServicesException("a local SQS server is already running in this JVM");
        }
        owner = true;
        Files.createDirectories(dir);
        port = requestedPort != 0 ? requestedPort : Ports.freePort(host);
        server = new ElasticMQServer(new ElasticMQServerConfig(config()));
        try {
            shutdown = server.start();
            awaitQueues();
        } catch (Exception e) {
            // start failed after creating the actor system: end it, or its threads keep the JVM alive.
            if (shutdown == null) {
                terminateActorSystem();
            }
            close();
            throw e;
        }
    }

    /**
     * start() returns while the persistence actor is still creating and restoring queues
     * (asynchronously): wait until every queue answers over the SQS protocol itself.
     */
    private void awaitQueues() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (String q : queues) {
            for (String name : List.of(q, dlq(q))) {
                HttpRequest req = HttpRequest.newBuilder(endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "Action=GetQueueUrl&Version=2012-11-05&QueueName=" + name))
                        .build();
                while (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("queue " + name + " not created within " + READY_TIMEOUT);
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    private Config config() {
        Map<String, Object> queueDefs = new LinkedHashMap<>();
        for (String q : queues) {
            queueDefs.put(q, Map.of("deadLettersQueue",
                    Map.of("name", dlq(q), "maxReceiveCount", MAX_RECEIVE_COUNT)));
            queueDefs.put(dlq(q), Map.of());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("node-address", Map.of("protocol", "http", "host", host, "port", port, "context-path", ""));
        c.put("rest-sqs", Map.of("enabled", true, "bind-port", port, "bind-hostname", host,
                "sqs-limits", "strict"));
        c.put("generate-node-address", false);
        c.put("queues", queueDefs);
        c.put("aws", Map.of("region", region, "accountId", ACCOUNT_ID));
        // WRITE_DELAY=0: a message SQS acknowledged is on disk (the page cache) before the answer, so a
        // SIGKILL loses none (PipelineKillIT). MAX_LENGTH_INPLACE_LOB: ElasticMQ keeps a message's
        // body and attributes as BLOBs, and H2 stores a BLOB over 256 bytes (every audit event) in
        // its LOB maps, apart from the row: three more maps written at each commit. Kept in the row
        // up to 8 KiB, storing an event costs 0.88 times the CPU (EmbeddedQueueBench, BENCHMARKS.md).
        c.put("messages-storage", Map.of(
                "enabled", true,
                "driver-class", "org.h2.Driver",
                "uri", "jdbc:h2:file:" + dir.resolve("elasticmq") + ";WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=8192",
                "username", "",
                "password", "",
                "prune-data-on-init", false));
        return ConfigValueFactory.fromMap(c).toConfig().withFallback(ConfigFactory.load());
    }

    public static String dlq(String queue) {
        return queue + "-dlq";
    }

    public int port() {
        return port;
    }

    /** The endpoint for clients, e.g. {@code http://127.0.0.1:9324}. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** The URL of a queue as ElasticMQ reports it ({@code <endpoint>/000000000000/<name>}). */
    public URI queueUrl(String queue) {
        return endpoint().resolve("/" + ACCOUNT_ID + "/" + queue);
    }

    @Override
    public void close() {
        if (shutdown != null) {
            shutdown.apply(); // unbinds the REST server and terminates the actor system
            shutdown = null;
        }
        if (owner) {
            releaseMessageStore();
            owner = false;
            RUNNING.set(false);
        }
        server = null;
    }

    /** Closes ElasticMQ's JVM-wide H2 pool and re-arms its run-once init (see class comment). */
    private static void releaseMessageStore() {
        ConnectionPool.closeAll();
        try {
            Field initialized = DB$.class.getDeclaredField("initialized");
            initialized.setAccessible(true);
            initialized.setBoolean(null, false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("ElasticMQ internals changed: cannot reset its message store", e);
        }
    }

    private void terminateActorSystem() {
        try {
            Field f = ElasticMQServer.class.getDeclaredField("actorSystem");
            f.setAccessible(true);
            ((ActorSystem) f.get(server)).terminate();
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // best effort: the start failure is what the caller needs to see
        }
    }
}
