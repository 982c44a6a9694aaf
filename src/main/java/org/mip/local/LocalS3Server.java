package org.mip.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 on S3Proxy with its filesystem backend: buckets are folders under {@code <dataDir>/s3}, so
 * objects survive a restart. Clients sign with AWS V4 (V2 also accepted) and address buckets
 * path-style ({@code http://host:port/bucket/key}); no virtual-host names are configured.
 *
 * <p>S3Proxy 4.x no longer uses jclouds: {@link FilesystemNio2BlobStore} is its own
 * NIO-based successor of the jclouds "filesystem" provider. Every write is marked while under way
 * ({@link MarkedWritesBlobStore}); a PUT or the source of a copy larger than S3's single-request limit
 * is refused as AWS refuses it ({@link CopySizeLimitBlobStore}); and before the server starts the files of uploads interrupted by
 * the last stop are removed ({@link InterruptedUploads}).
 */
public final class LocalS3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalS3Server.class);

    private final String host;
    private final int requestedPort;
    private final String accessKey;
    private final String secretKey;
    private final List<String> buckets;
    private final Path root;
    private final long singleRequestLimit;
    private S3Proxy proxy;
    private int port;
    private BlobStore store;

    public LocalS3Server(LocalConfig config) {
        this.host = config.host();
        this.requestedPort = config.s3Port();
        this.accessKey = config.accessKey();
        this.secretKey = config.secretKey();
        this.buckets = config.buckets();
        this.root = config.s3Dir();
        this.singleRequestLimit = config.s3SingleRequestLimit();
    }

    public void start() throws Exception {
        Files.createDirectories(root);
        Map<String, Integer> interrupted = InterruptedUploads.remove(root);
        if (!interrupted.isEmpty()) {
            LOG.warn("removed the temporary files of {} upload(s) interrupted by the last stop, by bucket: {}",
                    interrupted.values().stream().mapToInt(Integer::intValue).sum(), interrupted);
        }
        store = new CopySizeLimitBlobStore(new MarkedWritesBlobStore(new FilesystemNio2BlobStore(root.toString()),
                InterruptedUploads.marks(root)), singleRequestLimit);
        for (String bucket : buckets) {
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
            }
        }
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + requestedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .maxSinglePartObjectSize(singleRequestLimit) // a larger PUT: 400 EntityTooLarge, as on AWS
                .build();
        proxy.start();
        // start() returns before Jetty has finished starting on some paths; wait for it.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                throw new IOException("S3Proxy did not start: state " + proxy.getState());
            }
            Thread.sleep(10);
        }
        port = proxy.getPort();
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** The endpoint for clients, e.g. {@code http://127.0.0.1:9000}. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() throws IOException {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) { // S3Proxy.stop() declares Exception (Jetty's stop)
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stopping S3Proxy failed", e);
            } finally {
                proxy = null;
            }
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
