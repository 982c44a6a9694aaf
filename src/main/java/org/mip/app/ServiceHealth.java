package org.mip.app;

import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;

/**
 * Readiness checks of the services the pipeline cannot work without: each bucket answers a HEAD,
 * each queue resolves. Readiness only, not liveness: when S3 is briefly unreachable the pod should
 * stop taking work, not be restarted (restarting cannot fix S3).
 */
final class ServiceHealth {
    private ServiceHealth() {
    }

    static AbstractHealthCheck s3(S3Client s3, List<String> buckets) {
        return new AbstractHealthCheck("mip", "s3") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                try {
                    for (String bucket : buckets) {
                        s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
                    }
                    builder.up();
                } catch (RuntimeException e) {
                    builder.message("S3 not reachable: " + e.getClass().getSimpleName()).down();
                }
            }

            @Override
            public boolean isLiveness() {
                return false;
            }
        };
    }

    static AbstractHealthCheck sqs(SqsClient sqs, List<String> queues) {
        return new AbstractHealthCheck("mip", "sqs") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                try {
                    for (String queue : queues) {
                        if (!queue.startsWith("https://") && !queue.startsWith("http://")) {
                            sqs.getQueueUrl(GetQueueUrlRequest.builder().queueName(queue).build());
                        }
                    }
                    builder.up();
                } catch (RuntimeException e) {
                    builder.message("SQS not reachable: " + e.getClass().getSimpleName()).down();
                }
            }

            @Override
            public boolean isLiveness() {
                return false;
            }
        };
    }
}
