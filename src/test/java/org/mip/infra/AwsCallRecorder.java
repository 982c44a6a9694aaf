package org.mip.infra;

import java.net.URI;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * Records every AWS SDK call the application makes: service, operation and the request fields IAM
 * decides on (bucket and key, copy source, queue, topic, the SSE headers). Installed on the clients
 * {@code org.mip.app.AwsClients} builds through the system property
 * {@code mip.aws.execution-interceptors}; the calls land in one process-wide record that
 * {@link IamCoverageTest} reads.
 *
 * <p>Calls a test makes itself through the application's clients (a harness putting a raw object,
 * reading the audit queue) are not the application's: a call is recorded only when the first frame
 * below the SDK on its stack is production code (the application's processors and health checks,
 * Camel's components), never a class compiled from src/test.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /**
     * One call. {@code bucket}/{@code key} for S3 (and the copy source), {@code queue} the queue URL
     * or name, {@code queueOwner} the owner given to GetQueueUrl, {@code topic} an SNS topic ARN;
     * {@code sse}/{@code sseKmsKeyId} the encryption headers the request carried (null when absent).
     * {@code origin} is the production class that made the call.
     */
    public record AwsCall(String service, String operation, String bucket, String key, String sourceBucket,
            String sourceKey, String queue, String queueOwner, String topic, String sse, String sseKmsKeyId,
            String origin) {

        /** A download through a presigned GET link: authorised as the role that signed it. */
        static AwsCall presignedGet(URI link) {
            // path-style: /<bucket>/<key...>
            String path = link.getRawPath().substring(1);
            int slash = path.indexOf('/');
            String key = java.net.URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8);
            return new AwsCall("S3", "GetObject", path.substring(0, slash), key, null, null, null, null, null, null,
                    null, "presigned link");
        }
    }

    private static final ConcurrentLinkedQueue<AwsCall> CALLS = new ConcurrentLinkedQueue<>();
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Every call recorded since the last {@link #clear()}, in order. */
    public static List<AwsCall> calls() {
        return new ArrayList<>(CALLS);
    }

    public static void clear() {
        CALLS.clear();
    }

    /** Adds a call the interceptor cannot see (the use of a presigned link). */
    public static void add(AwsCall call) {
        CALLS.add(call);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<Class<?>> caller = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c != AwsCallRecorder.class && !c.getName().startsWith("software.amazon.awssdk.")
                        && !c.getName().startsWith("java.") && !c.getName().startsWith("jdk."))
                .findFirst());
        if (caller.isEmpty() || isTestCode(caller.get())) {
            return;
        }
        SdkRequest r = context.request();
        String bucket = field(r, "Bucket");
        String key = field(r, "Key");
        String sourceBucket = null;
        String sourceKey = null;
        if (r instanceof CopyObjectRequest copy) {
            bucket = copy.destinationBucket();
            key = copy.destinationKey();
            String[] source = source(copy.sourceBucket(), copy.sourceKey(), copy.copySource());
            sourceBucket = source[0];
            sourceKey = source[1];
        }
        if (r instanceof UploadPartCopyRequest part) { // a part of a multipart copy
            bucket = part.destinationBucket();
            key = part.destinationKey();
            String[] source = source(part.sourceBucket(), part.sourceKey(), part.copySource());
            sourceBucket = source[0];
            sourceKey = source[1];
        }
        CALLS.add(new AwsCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toUpperCase(java.util.Locale.ROOT),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                bucket, key, sourceBucket, sourceKey,
                field(r, "QueueUrl") != null ? field(r, "QueueUrl") : field(r, "QueueName"),
                field(r, "QueueOwnerAWSAccountId"), field(r, "TopicArn"), field(r, "ServerSideEncryption"),
                field(r, "SSEKMSKeyId"), caller.get().getName()));
    }

    /**
     * The embedded S3 server answers 501 to SSE headers: once recorded as the application sent
     * them (AWS-mode settings: SSE-KMS with the CMK's ARN), they are taken off the request it gets.
     */
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (r instanceof PutObjectRequest put && put.serverSideEncryption() != null) {
            return put.toBuilder().serverSideEncryption((String) null).ssekmsKeyId(null).bucketKeyEnabled(null).build();
        }
        if (r instanceof CreateMultipartUploadRequest create && create.serverSideEncryption() != null) {
            return create.toBuilder().serverSideEncryption((String) null).ssekmsKeyId(null).bucketKeyEnabled(null).build();
        }
        if (r instanceof CopyObjectRequest copy && copy.serverSideEncryption() != null) {
            return copy.toBuilder().serverSideEncryption((String) null).ssekmsKeyId(null).bucketKeyEnabled(null).build();
        }
        return r;
    }

    /** A copy's source: its bucket and key fields, or else its copy-source header ("bucket/key", URL-encoded). */
    private static String[] source(String bucket, String key, String copySource) {
        if (bucket != null || copySource == null) {
            return new String[] {bucket, key};
        }
        return java.net.URLDecoder.decode(copySource.split("\\?")[0], java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("^/", "").split("/", 2);
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, Object.class).map(String::valueOf).orElse(null);
    }

    /** A class compiled from src/test (target/test-classes), not shipped. */
    static boolean isTestCode(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation() != null && source.getLocation().getPath().contains("/test-classes/");
    }
}
