package org.mip.app;

import java.io.InputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client of the raw bucket's poller. The aws2-s3 consumer GETs every object it lists, but
 * the pipeline fetches each object itself (FetchRawObject), so that GET is only what makes the
 * consumer create the exchange. It is answered here as an empty object, without a request: one
 * request per file fewer for S3 and for this JVM. Every other request (the listings) goes to S3.
 *
 * <p>The probe is recognised by what {@link AwsClients.FirstByteOnly} makes of the consumer's
 * GetObject: a GET of the range {@value #PROBE_RANGE}. An object gone since the listing is answered
 * the same way and its exchange stops at the fetch ("gone"). A key ending in "/" is a folder marker:
 * it is answered as {@code application/x-directory}, which the consumer skips (includeFolders=false).
 */
final class ProbeAnsweringHttpClient implements SdkHttpClient {
    static final String PROBE_RANGE = "bytes=0-0";
    private final SdkHttpClient delegate;

    ProbeAnsweringHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        if (isProbe(http)) {
            return new Answered(http.encodedPath().endsWith("/"));
        }
        return delegate.prepareRequest(request);
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private record Answered(boolean folder) implements ExecutableHttpRequest {
        @Override
        public HttpExecuteResponse call() {
            SdkHttpResponse response = SdkHttpResponse.builder().statusCode(200).statusText("OK")
                    .putHeader("Content-Length", "0")
                    .putHeader("Content-Type", folder ? "application/x-directory" : "application/octet-stream")
                    .build();
            return HttpExecuteResponse.builder().response(response)
                    .responseBody(AbortableInputStream.create(InputStream.nullInputStream())).build();
        }

        @Override
        public void abort() {
            // nothing in flight
        }
    }

    static boolean isProbe(SdkHttpRequest http) {
        return http.method() == SdkHttpMethod.GET && http.firstMatchingHeader("Range").filter(PROBE_RANGE::equals).isPresent();
    }
}
