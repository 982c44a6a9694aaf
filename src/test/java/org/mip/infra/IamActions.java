package org.mip.infra;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.infra.AwsCallRecorder.AwsCall;

/**
 * The IAM actions one recorded AWS call needs, from the AWS Service Authorization Reference
 * ("Actions, resources, and condition keys" for Amazon S3, Amazon SQS, Amazon SNS and AWS KMS) and
 * the services' encryption documentation:
 * <ul>
 *   <li>S3: HeadBucket and ListObjectsV2 need {@code s3:ListBucket} on the bucket; GetObject and
 *       HeadObject {@code s3:GetObject}; PutObject and every part of a multipart upload
 *       (CreateMultipartUpload, UploadPart, CompleteMultipartUpload) {@code s3:PutObject},
 *       AbortMultipartUpload {@code s3:AbortMultipartUpload}; CopyObject and UploadPartCopy (a part of a
 *       multipart copy) {@code s3:GetObject} on the source and {@code s3:PutObject} on the target;
 *       DeleteObject {@code s3:DeleteObject}.</li>
 *   <li>SSE-KMS (the bucket's default encryption, whatever the request's headers): writing an object
 *       needs {@code kms:GenerateDataKey}, reading it {@code kms:Decrypt}, a multipart upload both
 *       (S3 decrypts the parts to complete it); through S3, so with {@code kms:ViaService} =
 *       {@code s3.<region>.amazonaws.com} and the bucket ARN as encryption context (S3 Bucket Key).</li>
 *   <li>SQS: each operation its own action ({@code sqs:ReceiveMessage}, {@code sqs:DeleteMessage},
 *       ...; the batch forms the action of the single one); ListQueues {@code sqs:ListQueues} on
 *       {@code *} (it has no resource type). On a KMS-encrypted queue, SendMessage needs
 *       {@code kms:GenerateDataKey} and {@code kms:Decrypt}, ReceiveMessage {@code kms:Decrypt}.</li>
 *   <li>SNS: Publish {@code sns:Publish} on the topic, and on a KMS-encrypted topic
 *       {@code kms:GenerateDataKey} and {@code kms:Decrypt}.</li>
 * </ul>
 * An operation missing here fails the test that meets it: add it from the reference.
 */
final class IamActions {
    private IamActions() {
    }

    /** One action on one resource, with the request context IAM evaluates its conditions on. */
    record Need(String action, String resource, Map<String, String> context, AwsCall call) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    static List<Need> of(AwsCall c, Deployed d, String principalArn) {
        List<Need> out = new ArrayList<>();
        switch (c.service() + ":" + c.operation()) {
            case "S3:HeadBucket", "S3:ListObjectsV2", "S3:ListObjects" -> s3(out, c, d, principalArn, "s3:ListBucket", bucket(c.bucket()));
            case "S3:GetObject" -> {
                s3(out, c, d, principalArn, "s3:GetObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:Decrypt");
            }
            case "S3:HeadObject" -> s3(out, c, d, principalArn, "s3:GetObject", object(c.bucket(), c.key()));
            case "S3:PutObject", "S3:CreateMultipartUpload" -> {
                s3(out, c, d, principalArn, "s3:PutObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:GenerateDataKey");
            }
            case "S3:UploadPart" -> {
                s3(out, c, d, principalArn, "s3:PutObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:GenerateDataKey", "kms:Decrypt");
            }
            case "S3:CompleteMultipartUpload" -> {
                s3(out, c, d, principalArn, "s3:PutObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:Decrypt");
            }
            case "S3:AbortMultipartUpload" -> s3(out, c, d, principalArn, "s3:AbortMultipartUpload", object(c.bucket(), c.key()));
            case "S3:ListParts" -> s3(out, c, d, principalArn, "s3:ListMultipartUploadParts", object(c.bucket(), c.key()));
            case "S3:CopyObject" -> {
                s3(out, c, d, principalArn, "s3:GetObject", object(c.sourceBucket(), c.sourceKey()));
                kmsForObject(out, c, d, principalArn, c.sourceBucket(), "kms:Decrypt");
                s3(out, c, d, principalArn, "s3:PutObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:GenerateDataKey");
            }
            case "S3:UploadPartCopy" -> {
                s3(out, c, d, principalArn, "s3:GetObject", object(c.sourceBucket(), c.sourceKey()));
                kmsForObject(out, c, d, principalArn, c.sourceBucket(), "kms:Decrypt");
                s3(out, c, d, principalArn, "s3:PutObject", object(c.bucket(), c.key()));
                kmsForObject(out, c, d, principalArn, c.bucket(), "kms:GenerateDataKey", "kms:Decrypt");
            }
            case "S3:DeleteObject" -> s3(out, c, d, principalArn, "s3:DeleteObject", object(c.bucket(), c.key()));
            case "S3:GetBucketLocation" -> s3(out, c, d, principalArn, "s3:GetBucketLocation", bucket(c.bucket()));
            case "S3:ListBuckets" -> s3(out, c, d, principalArn, "s3:ListAllMyBuckets", "*");
            case "SQS:ReceiveMessage" -> {
                sqs(out, c, principalArn, "sqs:ReceiveMessage", queueArn(c));
                kmsForMessages(out, c, d, principalArn, "sqs", queueName(c), queueArn(c), "kms:Decrypt");
            }
            case "SQS:SendMessage", "SQS:SendMessageBatch" -> {
                sqs(out, c, principalArn, "sqs:SendMessage", queueArn(c));
                kmsForMessages(out, c, d, principalArn, "sqs", queueName(c), queueArn(c), "kms:GenerateDataKey", "kms:Decrypt");
            }
            case "SQS:DeleteMessage", "SQS:DeleteMessageBatch" -> sqs(out, c, principalArn, "sqs:DeleteMessage", queueArn(c));
            case "SQS:ChangeMessageVisibility", "SQS:ChangeMessageVisibilityBatch" ->
                    sqs(out, c, principalArn, "sqs:ChangeMessageVisibility", queueArn(c));
            case "SQS:GetQueueUrl" -> sqs(out, c, principalArn, "sqs:GetQueueUrl", queueArn(c));
            case "SQS:GetQueueAttributes" -> sqs(out, c, principalArn, "sqs:GetQueueAttributes", queueArn(c));
            case "SQS:SetQueueAttributes" -> sqs(out, c, principalArn, "sqs:SetQueueAttributes", queueArn(c));
            case "SQS:CreateQueue" -> sqs(out, c, principalArn, "sqs:CreateQueue", queueArn(c));
            case "SQS:PurgeQueue" -> sqs(out, c, principalArn, "sqs:PurgeQueue", queueArn(c));
            case "SQS:ListQueues" -> sqs(out, c, principalArn, "sqs:ListQueues", "*");
            case "SNS:Publish" -> {
                out.add(new Need("sns:Publish", c.topic(), base(principalArn), c));
                kmsForMessages(out, c, d, principalArn, "sns", c.topic(), c.topic(), "kms:GenerateDataKey", "kms:Decrypt");
            }
            case "SNS:ListTopics" -> out.add(new Need("sns:ListTopics", "*", base(principalArn), c));
            case "SNS:CreateTopic" -> out.add(new Need("sns:CreateTopic", c.topic(), base(principalArn), c));
            default -> throw new IllegalStateException("no IAM mapping for " + c.service() + " " + c.operation()
                    + " (called by " + c.origin() + "): add it to IamActions from the AWS Service Authorization Reference");
        }
        return out;
    }

    private static String bucket(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    private static String object(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    /** The name of the queue a call addresses: the last segment of its URL, or the name given. */
    static String queueName(AwsCall c) {
        String q = c.queue();
        if (q.startsWith("http://") || q.startsWith("https://")) {
            String path = URI.create(q).getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return q;
    }

    /**
     * The queue's ARN in the test account: the embedded SQS server puts its own account id in queue
     * URLs, so the name is what identifies the queue.
     */
    static String queueArn(AwsCall c) {
        return "arn:aws:sqs:" + Deployed.REGION + ":" + Deployed.ACCOUNT + ":" + queueName(c);
    }

    private static Map<String, String> base(String principalArn) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("aws:SecureTransport", "true"); // the SDK talks HTTPS to AWS
        ctx.put("aws:PrincipalArn", principalArn);
        ctx.put("aws:PrincipalAccount", Deployed.ACCOUNT);
        return ctx;
    }

    private static void s3(List<Need> out, AwsCall c, Deployed d, String principalArn, String action, String resource) {
        Map<String, String> ctx = base(principalArn);
        // Java 17 enables TLS 1.2 and 1.3 only: the lowest version the SDK can negotiate
        ctx.put("s3:TlsVersion", "1.2");
        if ("s3:PutObject".equals(action)) {
            // the headers the request carried: absent ones are known to be absent
            ctx.put("s3:x-amz-server-side-encryption", c.sse());
            ctx.put("s3:x-amz-server-side-encryption-aws-kms-key-id", c.sseKmsKeyId());
        }
        out.add(new Need(action, resource, ctx, c));
    }

    private static void sqs(List<Need> out, AwsCall c, String principalArn, String action, String resource) {
        out.add(new Need(action, resource, base(principalArn), c));
    }

    private static void kmsForObject(List<Need> out, AwsCall c, Deployed d, String principalArn, String bucket,
            String... actions) {
        String key = d.bucketKey(bucket);
        if (key == null) {
            return;
        }
        Map<String, String> ctx = base(principalArn);
        ctx.put("kms:ViaService", "s3." + Deployed.REGION + ".amazonaws.com");
        ctx.put("kms:CallerAccount", Deployed.ACCOUNT);
        ctx.put("kms:EncryptionContext:aws:s3:arn", d.bucketKeyEnabled(bucket) ? bucket(bucket) : object(bucket, c.key()));
        for (String action : actions) {
            out.add(new Need(action, key, ctx, c));
        }
    }

    private static void kmsForMessages(List<Need> out, AwsCall c, Deployed d, String principalArn, String service,
            String resourceName, String resourceArn, String... actions) {
        String key = d.messageKey(resourceName);
        if (key == null) {
            return;
        }
        Map<String, String> ctx = base(principalArn);
        ctx.put("kms:ViaService", service + "." + Deployed.REGION + ".amazonaws.com");
        ctx.put("kms:CallerAccount", Deployed.ACCOUNT);
        ctx.put("sqs".equals(service) ? "kms:EncryptionContext:aws:sqs:arn" : "kms:EncryptionContext:aws:sns:topicArn", resourceArn);
        for (String action : actions) {
            out.add(new Need(action, key, ctx, c));
        }
    }
}
