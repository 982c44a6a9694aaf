package org.mip.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.api.ApiConfig;
import org.mip.config.ConfigException;
import org.mip.config.Settings;
import org.mip.deid.pixel.detect.OcrSettings;

/**
 * Refuses settings that are missing, malformed or contradict each other, with every problem in
 * one message, before anything starts: the generic keys here, the REST API's in
 * {@link ApiConfig#problems}. {@link PipelineApplication#start} runs it first.
 */
public final class SettingsValidator {
    private SettingsValidator() {
    }

    /** Returns {@code s} when every value is valid; else throws with every problem. */
    public static Settings validate(Settings s) {
        List<String> p = new ArrayList<>();
        oneOf(s, p, "mip.mode", Set.of("local", "aws"));
        oneOf(s, p, "mip.log.format", Set.of("text", "json"));
        oneOf(s, p, "mip.s3.sse", Set.of("none", "AES256", "aws:kms"));
        oneOf(s, p, "mip.raw.after", Set.of("delete", "archive"));
        oneOf(s, p, "mip.audit.destination", Set.of("sqs", "sns"));
        oneOf(s, p, "mip.sftp.after", Set.of("delete", "keep"));
        for (String key : List.of("mip.routes-reload", "mip.s3.path-style", "mip.ingest.poll.enabled",
                "mip.ingest.events.enabled", "mip.ingest.sftp.enabled", "mip.audit.include-raw-key")) {
            bool(s, p, key);
        }
        positive(s, p, "mip.pipeline.concurrency", 1, 64);
        positive(s, p, "mip.s3.part-size-mb", 5, 5 * 1024);
        positive(s, p, "mip.s3.single-request-limit-mb", 5, 5 * 1024);
        positive(s, p, "mip.ingest.poll.delay-ms", 10, 3_600_000);
        positive(s, p, "mip.sftp.retention-days", 1, 3650);
        positive(s, p, "mip.sftp.settle-seconds", 0, 86_400);
        positive(s, p, "mip.sftp.cleanup-interval-ms", 100, 86_400_000);
        positive(s, p, "mip.retry.maximum-redeliveries", 0, 100);
        positive(s, p, "mip.retry.initial-delay-ms", 1, 3_600_000);
        positive(s, p, "mip.retry.maximum-delay-ms", 1, 3_600_000);
        positive(s, p, "mip.validation.max-object-size-mb", 1, 1 << 20);
        positive(s, p, "mip.audit.batch.linger-ms", 0, 1000);
        positive(s, p, "mip.audit.batch.senders", 1, 16);
        positive(s, p, "mip.audit.batch.events-per-message", 1, 1000);
        try {
            // a part is one request too: larger than what one request may carry, S3 refuses every part
            long part = s.getLong("mip.s3.part-size-mb");
            long limit = s.getLong("mip.s3.single-request-limit-mb");
            if (part > limit) {
                p.add("mip.s3.part-size-mb is " + part + s.from("mip.s3.part-size-mb")
                        + ", more than mip.s3.single-request-limit-mb, " + limit
                        + s.from("mip.s3.single-request-limit-mb") + ": each part is one request, and S3 refuses a larger one");
            }
        } catch (ConfigException e) {
            // reported by the range checks above
        }
        try {
            if (s.getDouble("mip.retry.multiplier") < 1) {
                p.add("mip.retry.multiplier must be at least 1" + s.from("mip.retry.multiplier"));
            }
        } catch (ConfigException e) {
            p.addAll(e.problems());
        }

        try {
            new OcrSettings(null, s.get("mip.pixel.ocr.languages"), Map.of());
        } catch (IllegalArgumentException e) {
            p.add("mip.pixel.ocr.languages \"" + s.get("mip.pixel.ocr.languages") + "\": " + e.getMessage()
                    + s.from("mip.pixel.ocr.languages"));
        }

        required(s, p, "mip.aws.region");
        Map<String, String> buckets = new HashMap<>();
        for (String key : List.of("mip.s3.raw-bucket", "mip.s3.processed-bucket", "mip.s3.quarantine-bucket")) {
            required(s, p, key);
            String previous = buckets.put(s.get(key), key);
            if (previous != null && s.isSet(key)) {
                p.add(key + " and " + previous + " name the same bucket \"" + s.get(key)
                        + "\": raw, processed and quarantine must be separate (a leak of raw data otherwise)");
            }
        }
        if ("aws:kms".equals(s.get("mip.s3.sse")) && !s.isSet("mip.s3.kms-key-id")) {
            p.add("mip.s3.sse is aws:kms but mip.s3.kms-key-id is empty: name the KMS key (its ARN)");
        }
        if (!s.getBoolean("mip.ingest.poll.enabled") && !s.getBoolean("mip.ingest.events.enabled")
                && !s.getBoolean("mip.ingest.sftp.enabled")) {
            p.add("no ingest is enabled: set mip.ingest.poll.enabled, mip.ingest.events.enabled or mip.ingest.sftp.enabled");
        }
        if (s.getBoolean("mip.ingest.sftp.enabled") && !s.getBoolean("mip.ingest.poll.enabled")
                && !s.getBoolean("mip.ingest.events.enabled")) {
            p.add("mip.ingest.sftp.enabled moves uploads into the raw bucket, which nothing then reads: "
                    + "enable mip.ingest.poll.enabled or mip.ingest.events.enabled too");
        }
        if (s.getBoolean("mip.ingest.events.enabled")) {
            required(s, p, "mip.sqs.events-queue");
        }
        if ("sqs".equals(s.get("mip.audit.destination"))) {
            required(s, p, "mip.audit.queue");
        } else if (!s.get("mip.audit.topic-arn").startsWith("arn:")) {
            p.add("mip.audit.destination is sns but mip.audit.topic-arn is not a topic ARN (arn:aws:sns:...)");
        }
        // Given the owner, the aws2-sqs endpoints resolve a queue name with GetQueueUrl; without
        // it they call ListQueues, which the IAM role does not grant (docs/DEPLOYMENT.md). The
        // events endpoint is built (and resolves its queue) even when its route does not start.
        if (!s.get("mip.sqs.queue-owner-account-id").matches("[0-9]{12}")) {
            p.add("mip.sqs.queue-owner-account-id must be the 12-digit AWS account that owns the queues"
                    + (s.isSet("mip.sqs.queue-owner-account-id") ? ", not \"" + s.get("mip.sqs.queue-owner-account-id") + "\""
                            + s.from("mip.sqs.queue-owner-account-id") : " (environment variable MIP_SQS_QUEUE_OWNER_ACCOUNT_ID)"));
        }
        if ("archive".equals(s.get("mip.raw.after")) && !s.get("mip.raw.archive-prefix").endsWith("/")) {
            p.add("mip.raw.archive-prefix must end with / so archived objects stay apart from new ones");
        }
        for (String key : List.of("mip.s3.endpoint", "mip.sqs.endpoint")) {
            if (s.isSet(key)) {
                try {
                    URI u = URI.create(s.get(key));
                    if (u.getScheme() == null || u.getHost() == null) {
                        p.add(key + " must be an http(s) URL like http://127.0.0.1:9000" + s.from(key));
                    }
                } catch (IllegalArgumentException e) {
                    p.add(key + " is not a URL" + s.from(key));
                }
            }
        }
        ports(s, p);
        p.addAll(ApiConfig.problems(s));
        if (!Set.of("local", "aws").contains(s.get("mip.mode"))) {
            // already reported; the checks of either mode would only add noise
        } else if (s.isLocal()) {
            for (String key : List.of("mip.s3.endpoint", "mip.sqs.endpoint")) {
                if (s.isSet(key) && !isLoopback(s.get(key))) {
                    p.add("mip.mode is local but " + key + " points at " + s.get(key)
                            + ": use mip.mode=aws for remote services");
                }
            }
        } else {
            if (s.getBoolean("mip.ingest.sftp.enabled")) {
                required(s, p, "mip.sftp.host");
                if (!s.isSet("mip.sftp.known-hosts-file")) {
                    p.add("mip.ingest.sftp.enabled in aws mode needs mip.sftp.known-hosts-file "
                            + "(the SFTP server's host key must be checked)");
                }
            }
        }
        if (!p.isEmpty()) {
            throw new ConfigException(p);
        }
        return s;
    }

    private static boolean isLoopback(String url) {
        String host = URI.create(url).getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static void ports(Settings s, List<String> p) {
        Map<Integer, String> used = new HashMap<>();
        List<String> keys = new ArrayList<>(List.of("mip.http.port", "mip.management.port"));
        if (s.isLocal()) {
            keys.addAll(List.of("mip.local.s3-port", "mip.local.sqs-port", "mip.local.sftp-port"));
        }
        for (String key : keys) {
            int before = p.size();
            positive(s, p, key, 0, 65535);
            if (p.size() > before) {
                continue;
            }
            int port = s.getInt(key);
            String other = port == 0 ? null : used.put(port, key);
            if (other != null) {
                p.add(key + " and " + other + " are both " + port + ": each service needs its own port");
            }
        }
    }

    private static void oneOf(Settings s, List<String> p, String key, Set<String> allowed) {
        if (!allowed.contains(s.get(key))) {
            p.add(key + " is \"" + s.get(key) + "\"" + s.from(key) + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
    }

    private static void bool(Settings s, List<String> p, String key) {
        try {
            s.getBoolean(key);
        } catch (ConfigException e) {
            p.addAll(e.problems());
        }
    }

    private static void positive(Settings s, List<String> p, String key, long min, long max) {
        try {
            long v = s.getLong(key);
            if (v < min || v > max) {
                p.add(key + " is " + v + s.from(key) + "; it must be between " + min + " and " + max);
            }
        } catch (ConfigException e) {
            p.addAll(e.problems());
        }
    }

    private static void required(Settings s, List<String> p, String key) {
        if (!s.isSet(key)) {
            p.add(key + " must be set (environment variable " + Settings.envName(key) + ")");
        }
    }
}
