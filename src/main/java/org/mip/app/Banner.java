package org.mip.app;

import java.io.PrintWriter;
import org.mip.config.Settings;

/** What `run` prints once everything is up: where things are and how to use them. */
public final class Banner {
    private Banner() {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Banner.class);

    /** @param scanning how burned-in text is found ({@code ScanEngine.describe()}), the banner's last line */
    public static void print(PipelineApplication app, PrintWriter out, String scanning) {
        Settings s = app.settings();
        if ("json".equals(s.get("mip.log.format"))) {
            // Log collectors read stdout as one JSON object per line: the banner becomes one log event.
            java.io.StringWriter text = new java.io.StringWriter();
            PrintWriter w = new PrintWriter(text);
            text(app, w, scanning);
            w.flush();
            LOG.info("{}", text.toString().strip());
            return;
        }
        text(app, out, scanning);
    }

    private static void text(PipelineApplication app, PrintWriter out, String scanning) {
        Settings s = app.settings();
        String s3 = app.property("mip.s3.endpoint");
        String http = (s.isSet("mip.api.tls.cert-file") ? "https://" : "http://") + displayHost(s.get("mip.http.host")) + ":" + s.get("mip.http.port");
        String mgmt = "http://" + displayHost(s.get("mip.http.host")) + ":" + s.get("mip.management.port");
        out.println();
        out.println("medical-imaging-pipeline " + PipelineApplication.version() + " is running ("
                + s.get("mip.mode") + " mode, profile " + s.get("mip.deid.profile") + ", key fingerprint "
                + app.key().fingerprint() + ")");
        if (app.local() != null) {
            String env = "AWS_ACCESS_KEY_ID=" + s.get("mip.local.access-key") + " AWS_SECRET_ACCESS_KEY="
                    + s.get("mip.local.secret-key") + " AWS_DEFAULT_REGION=" + s.get("mip.aws.region");
            out.println();
            out.println("  S3   " + s3 + "  (path-style; access key " + s.get("mip.local.access-key")
                    + ", secret " + s.get("mip.local.secret-key") + ")");
            out.println("       buckets: " + s.get("mip.s3.raw-bucket") + " (drop files here), "
                    + s.get("mip.s3.processed-bucket") + ", " + s.get("mip.s3.quarantine-bucket"));
            out.println("  SQS  " + app.property("mip.sqs.endpoint") + "  queues: " + s.get("mip.sqs.events-queue")
                    + ", " + s.get("mip.audit.queue") + " (audit events)");
            out.println("  SFTP sftp://" + s.get("mip.sftp.user") + "@127.0.0.1:" + app.property("mip.sftp.port") + "/"
                    + s.get("mip.sftp.directory") + "  (password " + s.get("mip.sftp.password") + ")");
            out.println("  REST " + http + "/api/v1  (development API key: local-dev-key)");
            out.println("  Health and metrics " + mgmt + "/observe/health  " + mgmt + "/observe/metrics");
            out.println("  Data " + s.getPath("mip.data-dir").toAbsolutePath());
            out.println();
            out.println("Try it (the examples of README.md and docs/ use these variables):");
            out.println("  " + endpoints(app));
            out.println("  export " + env);
            out.println("  aws --endpoint-url $S3 s3 cp image.dcm s3://" + s.get("mip.s3.raw-bucket") + "/");
            out.println("  aws --endpoint-url $S3 s3 ls --recursive s3://" + s.get("mip.s3.processed-bucket") + "/");
            out.println("  sftp -P $SFTP_PORT " + s.get("mip.sftp.user") + "@127.0.0.1   (then: cd /" + s.get("mip.sftp.directory")
                    + ", put image.dcm)");
            out.println("  aws --endpoint-url $SQS sqs receive-message --queue-url $SQS/" + queuePath(app, s.get("mip.audit.queue")));
        } else {
            out.println("  REST " + http + "/api/v1   Health " + mgmt + "/observe/health");
        }
        out.println("  Pixels: " + scanning);
        out.println();
        java.nio.file.Path routes = PipelineRoutes.folder(s);
        if (routes == null) {
            out.println("Routes are the ones packaged in the jar (" + s.get("mip.routes-dir") + "/ does not exist). Stop with Ctrl-C.");
        } else if (app.routeReloader() != null) {
            out.println("Routes are the YAML files in " + s.get("mip.routes-dir") + "/: edit one and it reloads (an edit that does not");
            out.println("pass 'bin/mip routes check' is refused and logged, the running routes stay). Stop with Ctrl-C.");
        } else {
            out.println("Routes are the YAML files in " + s.get("mip.routes-dir") + "/ (read at start). Stop with Ctrl-C.");
        }
        out.flush();
    }

    /**
     * The shell variables the documentation's examples use, with this run's addresses:
     * {@code S3=http://127.0.0.1:9000 SQS=http://127.0.0.1:9324 API=http://127.0.0.1:8080/api/v1 SFTP_PORT=2222}
     * with the default ports (the docs test, DocsIT, reads this line to point the examples at its own run).
     */
    public static String endpoints(PipelineApplication app) {
        Settings s = app.settings();
        String http = (s.isSet("mip.api.tls.cert-file") ? "https://" : "http://") + displayHost(s.get("mip.http.host")) + ":"
                + s.get("mip.http.port");
        return "S3=" + app.property("mip.s3.endpoint") + " SQS=" + app.property("mip.sqs.endpoint") + " API=" + http + "/api/v1"
                + " SFTP_PORT=" + app.property("mip.sftp.port");
    }

    /** The path of a queue's URL on the local SQS server: {@code 000000000000/audit}. */
    private static String queuePath(PipelineApplication app, String queue) {
        String url = app.local().queueUrl(queue).toString();
        return url.substring(url.indexOf('/', url.indexOf("//") + 2) + 1);
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
    }
}
