package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mip.config.ConfigException;
import org.mip.config.Settings;

/** Settings: layering, environment names, refusal of unknown keys, and every contradiction the validator knows. */
class SettingsTest {

    static Settings load(Map<String, String> env, Map<String, String> overrides) {
        return SettingsValidator.validate(Settings.load(null, env, new Properties(), overrides));
    }

    static ConfigException refused(Map<String, String> env, Map<String, String> overrides) {
        return assertThrows(ConfigException.class, () -> load(env, overrides));
    }

    static ConfigException refused(Map<String, String> overrides) {
        return refused(Map.of(), overrides);
    }

    /** A valid AWS configuration, for tests that change one thing in it. */
    static Map<String, String> aws(String... more) {
        Map<String, String> m = new HashMap<>(Map.of("mip.mode", "aws", "mip.s3.kms-key-id", "arn:aws:kms:eu-west-1:1:key/k",
                "mip.sqs.queue-owner-account-id", "111122223333"));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsAloneAreValidInBothModes() {
        Settings local = load(Map.of(), Map.of());
        assertTrue(local.isLocal());
        assertEquals("raw", local.get("mip.s3.raw-bucket"));
        assertEquals("true", local.get("mip.ingest.poll.enabled"));
        Settings aws = load(Map.of(), aws());
        assertEquals("aws:kms", aws.get("mip.s3.sse"));
        assertEquals("true", aws.get("mip.ingest.events.enabled"));
        assertEquals("false", aws.get("mip.ingest.poll.enabled"));
        assertEquals("json", aws.get("mip.log.format"));
    }

    @ParameterizedTest
    @CsvSource({"mip.s3.raw-bucket, MIP_S3_RAW_BUCKET, incoming", "mip.mode, MIP_MODE, local",
            "mip.validation.max-object-size-mb, MIP_VALIDATION_MAX_OBJECT_SIZE_MB, 512",
            "mip.local.s3-port, MIP_LOCAL_S3_PORT, 9100", "mip.s3.part-size-mb, MIP_S3_PART_SIZE_MB, 64"})
    void environmentNames(String key, String env, String value) {
        assertEquals(env, Settings.envName(key));
        assertEquals(value, load(Map.of(env, value), Map.of()).get(key), key + " not read from " + env);
    }

    @Test
    void environmentOverridesTheDefaultsAndModeFromTheEnvironmentPicksTheAwsDefaults() {
        Settings s = load(Map.of("MIP_S3_RAW_BUCKET", "incoming", "MIP_MODE", "aws",
                "MIP_S3_KMS_KEY_ID", "arn:aws:kms:eu-west-1:1:key/k", "MIP_SQS_QUEUE_OWNER_ACCOUNT_ID", "111122223333",
                "PATH", "/usr/bin", "HOME", "/root"), Map.of());
        assertEquals("incoming", s.get("mip.s3.raw-bucket"));
        assertEquals("aws:kms", s.get("mip.s3.sse"), "the AWS defaults apply when the environment sets the mode");
    }

    @Test
    void precedenceIsFileThenEnvironmentThenSystemPropertiesThenCommandLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("site.properties"),
                "mip.s3.raw-bucket=file\nmip.s3.processed-bucket=file-p\nmip.s3.quarantine-bucket=file-q\nmip.aws.region=eu-west-1\n");
        Map<String, String> env = Map.of("MIP_S3_PROCESSED_BUCKET", "env-p", "MIP_S3_QUARANTINE_BUCKET", "env-q");
        Properties system = new Properties();
        system.setProperty("mip.s3.quarantine-bucket", "system-q");
        system.setProperty("user.home", "/root"); // not ours: ignored
        Settings s = Settings.load(file, env, system, Map.of("mip.aws.region", "cli-region-1"));
        assertEquals("file", s.get("mip.s3.raw-bucket"));
        assertEquals("env-p", s.get("mip.s3.processed-bucket"));
        assertEquals("system-q", s.get("mip.s3.quarantine-bucket"));
        assertEquals("cli-region-1", s.get("mip.aws.region"));
    }

    @Test
    void ocrSettingsAreReadAndTheLanguagesChecked() {
        Settings s = load(Map.of("MIP_PIXEL_OCR_TESSDATA_DIR", "/opt/tessdata"), Map.of());
        assertEquals("/opt/tessdata", s.get("mip.pixel.ocr.tessdata-dir"));
        assertEquals("eng", s.get("mip.pixel.ocr.languages"));
        assertEquals("eng+deu", load(Map.of(), Map.of("mip.pixel.ocr.languages", "eng+deu")).get("mip.pixel.ocr.languages"));
        ConfigException e = refused(Map.of("mip.pixel.ocr.languages", "../eng"));
        assertTrue(e.getMessage().contains("mip.pixel.ocr.languages \"../eng\""), e.getMessage());
    }

    @Test
    void unknownKeysAndEnvironmentVariablesAreRefusedByName(@TempDir Path dir) throws Exception {
        assertTrue(refused(Map.of("mip.s3.raw-buckt", "x")).getMessage().contains("unknown setting mip.s3.raw-buckt"));
        ConfigException env = refused(Map.of("MIP_S3_RAW_BUCKT", "x"), Map.of());
        assertTrue(env.getMessage().contains("environment variable MIP_S3_RAW_BUCKT is not a setting"), env.getMessage());
        Properties system = new Properties();
        system.setProperty("mip.colour", "blue");
        ConfigException sys = assertThrows(ConfigException.class, () -> Settings.load(null, Map.of(), system, Map.of()));
        assertTrue(sys.getMessage().contains("unknown setting mip.colour (from system property)"), sys.getMessage());
        Path file = Files.writeString(dir.resolve("bad.properties"), "mip.sse=AES256\n");
        ConfigException f = assertThrows(ConfigException.class, () -> Settings.load(file, Map.of(), new Properties(), Map.of()));
        assertTrue(f.getMessage().contains("unknown setting mip.sse (from " + file + ")"), f.getMessage());
        // the variables that are not settings but are read by name
        load(Map.of("MIP_DEID_KEY", "x", "MIP_DEID_KEY_FILE", "/k", "MIP_CONFIG_FILE", "/c", "MIP_OCR_TESSDATA", "/t"),
                Map.of());
    }

    @Test
    void aMissingConfigurationFileIsAProblemNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.load(missing, Map.of(), new Properties(), Map.of()));
        assertEquals("cannot read the configuration file " + missing + ": no such file", e.getMessage());
    }

    /** bin/mip's own variables stay exported in a shell that then runs `bin/mip run`: they are not refused. */
    @Test
    void theLaunchersVariablesAreNotSettingsAndNotRefused() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bMIP_[A-Z_]+\\b")
                .matcher(Files.readString(Path.of("bin/mip")));
        Map<String, String> env = new java.util.TreeMap<>();
        while (m.find()) {
            env.put(m.group(), "x");
        }
        assertTrue(env.keySet().containsAll(java.util.Set.of("MIP_JAR", "MIP_CACHE_DIR", "MIP_CDS")), env.toString());
        load(env, Map.of());
    }

    @Test
    void everyProblemIsReportedAtOnceOnePerLine() {
        ConfigException e = refused(Map.of("mip.log.format", "xml", "mip.pipeline.concurrency", "many", "mip.s3.sse", "rot13"));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().startsWith("the configuration has 3 problems"), e.getMessage());
    }

    /** The REST API's settings are checked by its own package, and reported in the same message as the rest. */
    @Test
    void apiProblemsAreReportedWithTheOthers() {
        ConfigException e = refused(Map.of("mip.log.format", "xml", "mip.api.links.max-expiry-seconds", "0"));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(1).startsWith("mip.api.links.max-expiry-seconds"), e.problems().toString());
    }

    /** Loading checks keys only; the application refuses to start on values it would misread. */
    @Test
    void theApplicationDoesNotStartWithInvalidValues() {
        Settings s = Settings.load(null, Map.of(), new Properties(), Map.of("mip.pipeline.concurrency", "many"));
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineApplication.start(s, null, null));
        assertTrue(e.getMessage().contains("mip.pipeline.concurrency must be a whole number"), e.getMessage());
    }

    /** Each contradiction, and the key its message must name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "same bucket twice; mip.s3.processed-bucket=raw; mip.s3.processed-bucket and mip.s3.raw-bucket name the same bucket",
        "quarantine = processed; mip.s3.quarantine-bucket=processed; mip.s3.quarantine-bucket and mip.s3.processed-bucket",
        "empty bucket; mip.s3.raw-bucket=; mip.s3.raw-bucket must be set (environment variable MIP_S3_RAW_BUCKET)",
        "aws:kms without key; mip.s3.sse=aws:kms; mip.s3.sse is aws:kms but mip.s3.kms-key-id is empty",
        "sns without topic; mip.audit.destination=sns; mip.audit.destination is sns but mip.audit.topic-arn",
        "sns topic not an ARN; mip.audit.destination=sns,mip.audit.topic-arn=audit; mip.audit.topic-arn is not a topic ARN",
        "sqs without queue; mip.audit.queue=; mip.audit.queue must be set",
        "local mode remote S3; mip.s3.endpoint=https://s3.eu-west-1.amazonaws.com; mip.mode is local but mip.s3.endpoint points at",
        "local mode remote SQS; mip.sqs.endpoint=http://10.1.2.3:9324; mip.mode is local but mip.sqs.endpoint points at",
        "endpoint not a URL; mip.s3.endpoint=localhost; mip.s3.endpoint must be an http(s) URL",
        "port clash http/management; mip.management.port=8080; mip.management.port and mip.http.port are both 8080",
        "port clash local S3/http; mip.local.s3-port=8080; mip.local.s3-port and mip.http.port are both 8080",
        "port clash sftp/sqs; mip.local.sftp-port=9324; mip.local.sftp-port and mip.local.sqs-port are both 9324",
        "port out of range; mip.http.port=70000; mip.http.port is 70000",
        "no ingest; mip.ingest.poll.enabled=false,mip.ingest.sftp.enabled=false; no ingest is enabled",
        "sftp alone; mip.ingest.poll.enabled=false; mip.ingest.sftp.enabled moves uploads into the raw bucket",
        "archive prefix; mip.raw.after=archive,mip.raw.archive-prefix=archive; mip.raw.archive-prefix must end with /",
        "queue owner empty; mip.sqs.queue-owner-account-id=; mip.sqs.queue-owner-account-id must be the 12-digit AWS account that owns the queues (environment variable MIP_SQS_QUEUE_OWNER_ACCOUNT_ID)",
        "queue owner not an account; mip.sqs.queue-owner-account-id=mip-prod; mip.sqs.queue-owner-account-id must be the 12-digit AWS account that owns the queues, not \"mip-prod\"",
        "unknown mode; mip.mode=cloud; mip.mode is \"cloud\"",
        "unknown sse; mip.s3.sse=aes; mip.s3.sse is \"aes\"",
        "unknown raw after; mip.raw.after=keep; mip.raw.after is \"keep\"",
        "unknown log format; mip.log.format=xml; mip.log.format is \"xml\"",
        "not a boolean; mip.s3.path-style=yes; mip.s3.path-style must be true or false",
        "not a number; mip.pipeline.concurrency=two; mip.pipeline.concurrency must be a whole number",
        "concurrency 0; mip.pipeline.concurrency=0; mip.pipeline.concurrency is 0",
        "part size below S3's minimum; mip.s3.part-size-mb=4; mip.s3.part-size-mb is 4",
        "part over the single-request limit; mip.s3.part-size-mb=64,mip.s3.single-request-limit-mb=32; mip.s3.part-size-mb is 64 (set by command line), more than mip.s3.single-request-limit-mb, 32 (set by command line): each part is one request",
        "multiplier below 1; mip.retry.multiplier=0.5; mip.retry.multiplier must be at least 1",
        "events without queue; mip.ingest.events.enabled=true,mip.sqs.events-queue=; mip.sqs.events-queue must be set",
    })
    void contradictionsAreRefusedNamingTheKey(String what, String settings, String message) {
        Map<String, String> o = new HashMap<>();
        for (String kv : settings.split(",")) {
            int eq = kv.indexOf('=');
            o.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        ConfigException e = refused(o);
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @Test
    void awsModeContradictions() {
        ConfigException sftp = refused(aws("mip.ingest.sftp.enabled", "true", "mip.sftp.host", "sftp.example.org"));
        assertTrue(sftp.getMessage().contains("mip.ingest.sftp.enabled in aws mode needs mip.sftp.known-hosts-file"), sftp.getMessage());
        ConfigException host = refused(aws("mip.ingest.sftp.enabled", "true", "mip.sftp.known-hosts-file", "/etc/kh"));
        assertTrue(host.getMessage().contains("mip.sftp.host must be set"), host.getMessage());
        ConfigException kms = refused(aws("mip.s3.kms-key-id", ""));
        assertTrue(kms.getMessage().contains("mip.s3.kms-key-id is empty"), kms.getMessage());
        // aws mode may name any endpoint (LocalStack, MinIO), and its local ports do not clash with anything
        load(Map.of(), aws("mip.s3.endpoint", "http://localstack:4566", "mip.local.s3-port", "8080"));
    }

    @Test
    void anUnknownModeIsOneProblemNotAlsoTheOtherModesProblems() {
        ConfigException e = refused(Map.of("mip.mode", "cloud"));
        assertEquals(List.of("mip.mode is \"cloud\" (set by command line); allowed: aws, local"), e.problems());
    }

    @Test
    void originOfABadValueIsNamed() {
        ConfigException e = refused(Map.of("MIP_PIPELINE_CONCURRENCY", "lots"), Map.of());
        assertTrue(e.getMessage().contains("(set by environment)"), e.getMessage());
        assertEquals(List.of(e.getMessage()), e.problems());
    }
}
