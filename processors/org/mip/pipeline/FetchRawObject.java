package org.mip.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Copies the raw object named by {@code MipRawBucket}/{@code MipRawKey} into a work file, streaming,
 * with its SHA-256 and size. It fetches the object itself (rather than reading a consumer's body)
 * so that a redelivery after a network failure simply fetches again. An object over the size limit
 * is poison: it is never read further. An object that no longer exists, or is still being written
 * (no ETag), sets {@code MipOutcome} to {@code gone} and nothing else: the route ends the exchange there.
 */
public final class FetchRawObject implements Processor {
    /** The MDC key of the correlation id in log events. */
    public static final String MDC_KEY = "correlationId";
    private final S3Client s3;
    private final WorkFiles work;
    private final long maxBytes;

    public FetchRawObject(S3Client s3, WorkFiles work, long maxBytes) {
        this.s3 = s3;
        this.work = work;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String bucket = in.getHeader(Headers.RAW_BUCKET, String.class);
        String key = in.getHeader(Headers.RAW_KEY, String.class);
        if (in.getHeader(Headers.CORRELATION_ID) == null) {
            in.setHeader(Headers.CORRELATION_ID, UUID.randomUUID().toString());
        }
        // Every log line about this object carries its correlation id (JSON logs: mdc.correlationId),
        // until the exchange is done. Camel propagates the key across threads (mdcLoggingKeysPattern).
        MDC.put(MDC_KEY, in.getHeader(Headers.CORRELATION_ID, String.class));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ex) {
                MDC.remove(MDC_KEY);
            }
        });
        in.setHeader(Headers.RAW_KEY_SHA256, Hashing.sha256Hex(key));
        in.setHeader(Headers.STARTED_NANOS, System.nanoTime());
        in.setHeader(Headers.STAGE, "fetch");

        Path staged = work.create(exchange, "raw-", ".bin");
        MessageDigest sha = Hashing.sha256();
        long size = 0;
        try (ResponseInputStream<GetObjectResponse> body =
                     s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
             OutputStream out = Files.newOutputStream(staged)) {
            if (body.response().eTag() == null) {
                // Listed but still being written: S3Proxy's temporary file of an upload (the key plus
                // "-<uuid>", without an ETag until just before its rename). The embedded S3 leaves these out
                // of its listings (MarkedWritesBlobStore); this stays as the second guard. S3 always sends an
                // ETag. Taking it would quarantine a truncated copy; the finished object comes with a later poll.
                body.abort();
                in.setHeader(Headers.OUTCOME, "gone");
                return;
            }
            in.setHeader(Headers.RAW_LAST_MODIFIED, body.response().lastModified());
            Long declared = body.response().contentLength();
            if (declared != null && declared > maxBytes) {
                throw tooLarge(declared);
            }
            size = copy(body, out, sha);
        } catch (NoSuchKeyException e) {
            // Gone already: another replica finished it, a duplicate event, or deleted by someone
            // else. Nothing to do: the process route stops here (and counts it) on this outcome.
            in.setHeader(Headers.OUTCOME, "gone");
            return;
        }
        in.setHeader(Headers.STAGED_FILE, staged);
        in.setHeader(Headers.RAW_SIZE, size);
        in.setHeader(Headers.RAW_SHA256, Hashing.hex(sha.digest()));
    }

    private long copy(InputStream in, OutputStream out, MessageDigest sha) throws IOException {
        byte[] buf = new byte[128 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(total);
            }
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return total;
    }

    private PoisonInputException tooLarge(long size) {
        return new PoisonInputException("fetch", "TOO_LARGE", "object of " + size + " bytes or more exceeds the limit of "
                + maxBytes + " bytes (mip.validation.max-object-size-mb)");
    }
}
