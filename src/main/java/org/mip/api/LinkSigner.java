package org.mip.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Presigned S3 GETs of one bucket, signed with the AWS SDK's own SigV4 signer
 * ({@link AwsV4HttpSigner}, query-string authentication, S3's rules: unsigned payload, no double
 * encoding, no path normalisation). The SDK's {@link S3Presigner} runs a whole client request
 * pipeline for every link (endpoint rules, interceptors, marshalling): about 48 µs a link warm,
 * against 8 µs for the signature itself (docs/BENCHMARKS.md, "Download links"). The bucket's base
 * URL is taken once from that presigner, by presigning a probe key, so the endpoint, path style and
 * any FIPS or dual-stack setting stay the SDK's. A test holds the two to the same URL, byte for byte.
 */
public final class LinkSigner {
    private static final String PROBE_KEY = "mip-link-signer-probe";

    private final String base;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param base        the bucket's URL up to and including the slash before a key
     *                    ({@code https://bucket.s3.eu-west-1.amazonaws.com/}, {@code http://127.0.0.1:9000/bucket/})
     * @param region      the signing region
     * @param credentials the credentials links are signed with (resolved per batch: a rotating
     *                    provider, IRSA's for one, hands out its current ones)
     */
    public LinkSigner(String base, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        if (!base.endsWith("/")) {
            throw new IllegalArgumentException("the base URL must end with /: " + base);
        }
        this.base = base;
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * A signer whose links are the presigner's: its base URL from a probe key presigned by it, with
     * placeholder credentials (the URL does not depend on them), so that making the signer at start
     * asks nothing of the credential chain: credentials that are not there yet (a pod identity agent
     * still starting) fail the first link, not the start.
     */
    public static LinkSigner of(S3Presigner presigner, String bucket, String region,
                                IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        StaticCredentialsProvider placeholder = StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe"));
        String probe = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(1))
                .getObjectRequest(g -> g.bucket(bucket).key(PROBE_KEY)
                        .overrideConfiguration(o -> o.credentialsProvider(placeholder)))).url().toString();
        int at = probe.indexOf("/" + PROBE_KEY + "?");
        if (at < 0) {
            throw new IllegalStateException("the S3 presigner made a link of an unexpected form for bucket " + bucket);
        }
        return new LinkSigner(probe.substring(0, at + 1), region, credentials);
    }

    /** The credentials of the links signed next (one lookup per request, not per link). */
    public AwsCredentialsIdentity credentials() {
        return credentials.resolveIdentity().join();
    }

    /**
     * A presigned GET of {@code key} that makes S3 answer with the given Content-Type and
     * Content-Disposition (each may be null: not set), valid for {@code expiry} from {@code signedAt}
     * (pass whole seconds: SigV4's date has no finer unit).
     */
    public URI sign(AwsCredentialsIdentity identity, String key, String contentType, String contentDisposition,
                    Instant signedAt, Duration expiry) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(base + SdkHttpUtils.urlEncodeIgnoreSlashes(key)));
        if (contentDisposition != null) {
            request.putRawQueryParameter("response-content-disposition", contentDisposition);
        }
        if (contentType != null) {
            request.putRawQueryParameter("response-content-type", contentType);
        }
        Clock at = Clock.fixed(signedAt, ZoneOffset.UTC);
        return signer.sign(r -> r.identity(identity).request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, at)).request().getUri();
    }
}
