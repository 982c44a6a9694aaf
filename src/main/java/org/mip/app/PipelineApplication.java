package org.mip.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.mip.api.ApiConfig;
import org.mip.api.AuditBatcher;
import org.mip.api.Authenticator;
import org.mip.api.DownloadLinks;
import org.mip.api.JwtVerifier;
import org.mip.api.PemTls;
import org.mip.api.RateLimiter;
import org.mip.config.ConfigException;
import org.mip.config.Settings;
import org.mip.deid.Deidentifier;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.io.ReadOptions;
import org.mip.app.routes.RouteCheck;
import org.mip.app.routes.RouteHealth;
import org.mip.app.routes.RouteNeeds;
import org.mip.app.routes.RouteProblem;
import org.mip.app.routes.RouteReloader;
import org.mip.local.LocalConfig;
import org.mip.local.LocalServices;
import org.mip.local.LocalServicesException;
import org.mip.pipeline.AuditEvents;
import org.mip.pipeline.DeidentifyDicom;
import org.mip.pipeline.FetchRawObject;
import org.mip.pipeline.NoHeaders;
import org.mip.pipeline.ParseDicom;
import org.mip.pipeline.PipelineMetrics;
import org.mip.pipeline.QuarantineDetails;
import org.mip.pipeline.S3ObjectCopy;
import org.mip.pipeline.S3EventRecords;
import org.mip.pipeline.SftpOriginals;
import org.mip.pipeline.ValidateDicom;
import org.mip.pipeline.WorkFiles;
import org.mip.rest.ApiDrain;
import org.mip.rest.ApiHeaderFilter;
import org.mip.rest.ApiHttpEngine;
import org.mip.rest.ApiProcessors;
import org.mip.rest.ApiTls;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the pipeline: in local mode the embedded S3, SQS and SFTP servers first, then Camel with
 * the YAML routes of {@code routes/} and the beans they name (AWS clients, processors, metrics).
 * The routes do not know whether they run locally: only endpoints and credentials differ.
 */
public final class PipelineApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineApplication.class);
    public static final String PRODUCT = Deidentifier.PRODUCT;

    /**
     * The beans the routes may name ({@code ref: x}, {@code #x}): exactly what {@link #doStart} binds
     * (a start that binds another set fails, so this list cannot drift); {@code mip routes check}
     * checks route files against it.
     */
    public static final Set<String> BEANS = Set.of("s3Client", "s3ListingClient", "sqsClient", "snsClient", "s3Presigner",
            "deidentifier", "metricsStart", "metricsOutcome", "metricsPublished", "metricsRedelivery",
            "metricsQuarantineRedelivery", "metricsFailure", "metricsAuditFailure", "metricsUnpublished",
            "metricsUnpublishFailure", "fetchRawObject", "parseDicom", "validateDicom", "deidentifyDicom", "auditEvents",
            "quarantineDetails", "copyRawObject", "s3EventRecords", "noHeaders", "sftpOriginals", "platform-http-engine", "apiHeaderFilter", "apiAuthenticate",
            "apiSignLinks", "apiSignLink", "apiStudyObjects", "apiOpenApi", "apiLinkAudit", "apiLinkAuditBatch", "apiRespond", "apiProblem");
    /** Properties derived from the settings for the routes ({@link #deriveInternalProperties}); placeholders may name them. */
    public static final Set<String> INTERNAL_PROPERTIES = Set.of("mip.internal.use-sse-s3", "mip.internal.use-kms",
            "mip.internal.part-size-bytes", "mip.internal.sftp-host", "mip.internal.sftp-known-hosts",
            "mip.internal.sftp-strict-host-key", "mip.internal.work-dir");

    private static final String RELOADS = "mip.routes.reloads";
    private static final String RELOADS_HELP = "Edits of the routes folder: reloaded, or refused (the previous routes kept running)";

    private final Settings settings;
    private final Map<String, String> properties;
    private final Set<String> bound = new java.util.TreeSet<>();
    private Map<String, String> routeFiles;
    private RouteReloader reloader;
    private LocalServices local;
    private AwsClients aws;
    private Main camel;
    private PipelineMetrics metrics;
    private DeidKey key;
    private ApiConfig api;
    private AuditBatcher auditBatcher;

    private PipelineApplication(Settings settings) {
        this.settings = settings;
        this.properties = new LinkedHashMap<>(settings.asMap());
    }

    /** Starts everything; on failure stops what was started and throws with a one-line reason. */
    public static PipelineApplication start(Settings settings, DeidKey key, DeidentifierFactory deidentifiers) {
        SettingsValidator.validate(settings);
        PipelineApplication app = new PipelineApplication(settings);
        try {
            app.doStart(key, deidentifiers);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void doStart(DeidKey givenKey, DeidentifierFactory deidentifiers) {
        Map<String, Integer> httpPorts = new LinkedHashMap<>();
        httpPorts.put("mip.http.port", settings.getInt("mip.http.port"));
        httpPorts.put("mip.management.port", settings.getInt("mip.management.port"));
        ServerPorts.requireFree(settings.get("mip.http.host"), httpPorts);
        Path dataDir = settings.getPath("mip.data-dir").toAbsolutePath();
        Path workDir = settings.isSet("mip.work-dir") ? settings.getPath("mip.work-dir") : dataDir.resolve("work");
        Path routesDir = PipelineRoutes.folder(settings);
        if (routesDir != null) {
            routeFiles = readRouteFiles(routesDir); // a broken route stops the start before anything runs
            LOG.info("routes: the {} files of {}{}", routeFiles.size(), routesDir,
                    settings.getBoolean("mip.routes-reload") ? ", reloaded when edited" : "");
        } else if (!settings.from("mip.routes-dir").isEmpty()) {
            // a mount at the wrong path must not go unnoticed (the image's own routes run instead)
            LOG.warn("mip.routes-dir {}{} is not a folder: the routes packaged in the jar are used", settings.get("mip.routes-dir"),
                    settings.from("mip.routes-dir"));
        }
        clearWorkDir(workDir);
        if (settings.isLocal()) {
            startLocal(dataDir);
        }
        key = givenKey != null ? givenKey : resolveKey(dataDir);
        deriveInternalProperties(workDir);

        aws = new AwsClients(properties::get, settings.isLocal());
        String version = version();
        WorkFiles work;
        try {
            work = new WorkFiles(workDir);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot create the work directory " + workDir + ": " + org.mip.config.FileProblems.describe(e)));
        }
        Deidentifier deidentifier = deidentifiers.create(key, version, workDir);
        long maxBytes = settings.getLong("mip.validation.max-object-size-mb") << 20;
        Validator validator = new Validator(new ValidationPolicy(
                java.util.Set.copyOf(settings.getList("mip.validation.modalities")),
                java.util.Set.copyOf(settings.getList("mip.validation.sop-classes")), maxBytes));

        camel = new Main();
        camel.setAppName(PRODUCT);
        // The application stops Camel itself (awaitShutdown, close): no JVM hook of Camel's besides.
        camel.setShutdownStrategy(new org.apache.camel.main.SimpleMainShutdownStrategy());
        Properties initial = new Properties();
        initial.putAll(properties);
        initial.putAll(camelProperties(workDir));
        camel.setInitialProperties(initial);
        metrics = new PipelineMetrics(null);
        bind("s3Client", aws.s3());
        bind("s3ListingClient", aws.s3Listing());
        bind("sqsClient", aws.sqs());
        bind("snsClient", aws.sns());
        bind("s3Presigner", aws.presigner());
        bind("deidentifier", deidentifier);
        bind("metricsStart", metrics.start());
        bind("metricsOutcome", metrics.outcome());
        bind("metricsPublished", metrics.published());
        bind("metricsRedelivery", metrics.redelivery());
        bind("metricsQuarantineRedelivery", metrics.redelivery("quarantine"));
        bind("metricsFailure", metrics.failure());
        bind("metricsAuditFailure", metrics.auditFailure());
        bind("metricsUnpublished", metrics.counter("mip.unpublished",
                "Publications taken back because their audit event could not be sent"));
        bind("metricsUnpublishFailure", metrics.counter("mip.unpublish.failures",
                "Publications that could not be taken back: objects without an audit event until their input (kept in raw) is processed again"));
        bind("fetchRawObject", metrics.timed("fetch", new FetchRawObject(aws.s3(), work, maxBytes)));
        bind("parseDicom", metrics.timed("parse", new ParseDicom(ReadOptions.DEFAULT)));
        bind("validateDicom", metrics.timed("validate", new ValidateDicom(validator)));
        bind("deidentifyDicom", metrics.timed("deidentify", new DeidentifyDicom(deidentifier, work, version)));
        AuditEvents auditEvents = new AuditEvents(PRODUCT, version, deidentifier.profile().name(), key.fingerprint(),
                settings.get("mip.s3.processed-bucket"), settings.get("mip.s3.quarantine-bucket"),
                settings.getBoolean("mip.audit.include-raw-key"));
        bind("auditEvents", auditEvents);
        bind("quarantineDetails", new QuarantineDetails());
        bind("copyRawObject", new S3ObjectCopy(aws.s3(), settings.get("mip.s3.raw-bucket"),
                settings.getLong("mip.s3.single-request-limit-mb") << 20, settings.get("mip.s3.sse"), settings.get("mip.s3.kms-key-id")));
        bind("s3EventRecords", new S3EventRecords());
        bind("noHeaders", new NoHeaders());
        bind("sftpOriginals", sftpOriginals());
        bindApi(camel, auditEvents);
        awaitLocalBeforeRoutes(camel);
        if (!bound.equals(new java.util.TreeSet<>(BEANS))) {
            throw new IllegalStateException("PipelineApplication.BEANS is out of step with the beans bound: " + bound);
        }
        try {
            camel.start();
        } catch (Exception e) {
            LocalServicesException localFailed = cause(e, LocalServicesException.class);
            if (localFailed != null) {
                throw localFailed; // an embedded server did not start: its own message, naming the setting
            }
            throw new ConfigException(List.of("the routes could not start: " + rootMessage(e)));
        }
        CamelContext context = camel.getCamelContext();
        if (context == null || !context.isStarted()) {
            throw new ConfigException(List.of("the routes could not start (see the log above)"));
        }
        if (local != null) {
            local.awaitStarted(); // done already (awaitLocalBeforeRoutes): doStart never returns before the servers are up
        }
        if (context.getRoute("process") == null) {
            throw new ConfigException(List.of("no pipeline routes were loaded from "
                    + initial.getProperty("camel.main.routesIncludePattern") + " (mip.routes-dir)"));
        }
        metrics.attach(context);
        registerHealthChecks(context);
        startReload(context);
    }

    /**
     * Reads the route files (name to content) camel-main will load from the routes folder and
     * checks them as {@code mip routes check} does: a folder with problems stops the start with one
     * line per problem, before anything runs. A needed route that is missing is not a problem
     * here: readiness reports it, as after a reload.
     */
    private Map<String, String> readRouteFiles(Path dir) {
        Map<String, String> files;
        try {
            files = RouteCheck.readFolder(dir);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read the routes folder " + dir + " (mip.routes-dir): " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (RouteProblem p : RouteCheck.check(files, PipelineRoutes.vocabulary(settings)).problems()) {
            if (!RouteProblem.MISSING_ROUTE.equals(p.code())) {
                problems.add("route " + dir.resolve(p.file()) + (p.line() > 0 ? ":" + p.line() + ":" + p.column() : "") + ": "
                        + p.code() + " " + p.message());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return files;
    }

    /** Live reload of the routes folder (mip.routes-reload), from the content Camel started with. */
    private void startReload(CamelContext context) {
        Path dir = PipelineRoutes.folder(settings);
        if (dir == null || !settings.getBoolean("mip.routes-reload")) {
            return;
        }
        reloader = new RouteReloader(context, dir, routeFiles, PipelineRoutes.vocabulary(settings), new RouteReloader.Listener() {
            @Override
            public void reloaded(Set<String> files) {
                metrics.increment(RELOADS, RELOADS_HELP, "outcome", "reloaded");
            }

            @Override
            public void refused(Set<String> files, List<RouteProblem> problems) {
                metrics.increment(RELOADS, RELOADS_HELP, "outcome", "refused");
            }
        });
        RouteReloader r = reloader;
        metrics.gauge("mip.routes.reload.refused", "1 while the routes folder holds an edit that was refused (the previous routes run)",
                () -> r.status().refused() ? 1 : 0);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(RouteHealth.reloadCheck(reloader::status));
        }
        reloader.start();
        reloader.scan(); // an edit made while Camel was starting
    }

    /** The clean-up of the SFTP uploads the ingest route has copied into the raw bucket (route sftp-originals). */
    private SftpOriginals sftpOriginals() {
        String knownHosts = properties.get("mip.internal.sftp-known-hosts");
        SftpOriginals.Server server = new SftpOriginals.Server(properties.get("mip.internal.sftp-host"),
                local != null ? local.sftpPort() : settings.getInt("mip.sftp.port"), settings.get("mip.sftp.user"), settings.get("mip.sftp.password"),
                knownHosts == null || knownHosts.isBlank() ? null : Path.of(knownHosts), settings.get("mip.sftp.directory"));
        SftpOriginals.Rules rules = new SftpOriginals.Rules("delete".equals(settings.get("mip.sftp.after")),
                java.time.Duration.ofSeconds(settings.getInt("mip.sftp.settle-seconds")),
                java.time.Duration.ofDays(settings.getInt("mip.sftp.retention-days")));
        return new SftpOriginals(server, aws.s3(), settings.get("mip.s3.raw-bucket"), rules, java.time.Clock.systemUTC(),
                metrics.sftpOriginals());
    }

    /**
     * In local mode the embedded servers start while this side is set up and while Camel reads and
     * configures the routes (both mostly class loading, on a machine of a few cores): Camel waits for
     * the servers only once the routes are configured, before any route, consumer or health check
     * starts. Its log line "Local services up" comes when they are.
     */
    private void awaitLocalBeforeRoutes(Main main) {
        if (local == null) {
            return;
        }
        LocalServices servers = local;
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                servers.awaitStarted();
            }
        });
    }

    /** The REST API's processors (routes/rest-api.yaml), and HTTPS when a certificate is configured. */
    private void bindApi(Main main, AuditEvents auditEvents) {
        api = ApiConfig.from(settings);
        if ("sqs".equals(settings.get("mip.audit.destination"))) {
            auditBatcher = new AuditBatcher(aws.sqs(), settings.get("mip.audit.queue"), settings.get("mip.sqs.queue-owner-account-id"),
                    java.time.Duration.ofMillis(settings.getInt("mip.audit.batch.linger-ms")), settings.getInt("mip.audit.batch.senders"),
                    settings.getInt("mip.audit.batch.events-per-message"));
        }
        JwtVerifier jwt = api.jwtEnabled() ? new JwtVerifier(api.jwt()) : null;
        ApiProcessors p = new ApiProcessors(new Authenticator(api.keys(), jwt,
                        new org.mip.api.AuthFailureLimiter(api.authFailuresPerSecond(), api.authFailureBurst())),
                api.clients(), new RateLimiter(api.ratePerSecond(), api.rateBurst()),
                new DownloadLinks(aws.s3(), aws.linkSigner(settings.get("mip.s3.processed-bucket")), settings.get("mip.s3.processed-bucket"),
                        api.maxStudyListRequests(), api.existenceCacheTtl()),
                api.defaultExpiry(), api.maxExpiry(), auditEvents, auditBatcher);
        bind("platform-http-engine", new ApiHttpEngine(settings.getInt("mip.http.port")));
        bind("apiHeaderFilter", new ApiHeaderFilter());
        bind("apiAuthenticate", p.authenticate());
        bind("apiSignLinks", p.signLinks());
        bind("apiSignLink", p.signLink());
        bind("apiStudyObjects", p.studyObjects());
        bind("apiOpenApi", p.openApi());
        bind("apiLinkAudit", p.linkAudit());
        bind("apiLinkAuditBatch", p.linkAuditBatch());
        bind("apiRespond", p.respond());
        bind("apiProblem", p.problem());
        if (api.keys().size() == 0 && jwt == null) {
            LOG.warn("the REST API has no API key (mip.api.keys, mip.api.keys-file) and no JWT issuer: every call will get 401");
        }
        if (api.tlsEnabled()) {
            org.apache.camel.support.jsse.SSLContextParameters ssl = ApiTls.sslContextParameters(PemTls.keyStore(api.tlsCert(), api.tlsKey()));
            main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void beforeConfigure(org.apache.camel.main.BaseMainSupport m) {
                    m.getCamelContext().setSSLContextParameters(ssl);
                }
            });
        }
    }

    private void bind(String name, Object bean) {
        camel.bind(name, bean);
        bound.add(name);
    }

    /** The REST API's settings in force. */
    public ApiConfig api() {
        return api;
    }

    private void registerHealthChecks(CamelContext context) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            return;
        }
        health.register(ServiceHealth.s3(aws.s3(), List.of(settings.get("mip.s3.raw-bucket"),
                settings.get("mip.s3.processed-bucket"), settings.get("mip.s3.quarantine-bucket"))));
        List<String> queues = new ArrayList<>();
        if ("sqs".equals(settings.get("mip.audit.destination"))) {
            queues.add(settings.get("mip.audit.queue"));
        }
        if (settings.getBoolean("mip.ingest.events.enabled")) {
            queues.add(settings.get("mip.sqs.events-queue"));
        }
        health.register(ServiceHealth.sqs(aws.sqs(), queues));
        RouteNeeds needs = PipelineRoutes.needs(settings);
        health.register(new RouteHealth(context, () -> needs));
    }

    private void startLocal(Path dataDir) {
        LocalConfig defaults = LocalConfig.defaults(dataDir);
        LocalConfig config = new LocalConfig(dataDir, "127.0.0.1", settings.getInt("mip.local.s3-port"),
                settings.getInt("mip.local.sqs-port"), settings.getInt("mip.local.sftp-port"),
                settings.get("mip.local.access-key"), settings.get("mip.local.secret-key"), settings.get("mip.aws.region"),
                List.of(settings.get("mip.s3.raw-bucket"), settings.get("mip.s3.processed-bucket"),
                        settings.get("mip.s3.quarantine-bucket")),
                List.of(settings.get("mip.sqs.events-queue"), settings.get("mip.audit.queue")),
                settings.get("mip.sftp.user"), settings.get("mip.sftp.password"),
                settings.isSet("mip.local.sftp-authorized-keys") ? settings.getPath("mip.local.sftp-authorized-keys") : null,
                settings.getLong("mip.s3.single-request-limit-mb") << 20);
        local = LocalServices.begin(config); // awaited before the routes start (awaitLocalBeforeRoutes)
        if (!settings.isSet("mip.s3.endpoint")) {
            properties.put("mip.s3.endpoint", local.s3Endpoint().toString());
        }
        if (!settings.isSet("mip.sqs.endpoint")) {
            properties.put("mip.sqs.endpoint", local.sqsEndpoint().toString());
        }
        properties.put("mip.sftp.host", "127.0.0.1");
        properties.put("mip.sftp.port", String.valueOf(local.sftpPort()));
        LOG.debug("local services on {} (defaults {})", config.dataDir(), defaults.host());
    }

    private DeidKey resolveKey(Path dataDir) {
        DeidKey fromEnv;
        try {
            fromEnv = DeidKey.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        if (fromEnv != null) {
            return fromEnv;
        }
        if (!settings.isLocal()) {
            throw new ConfigException(List.of("no de-identification key: set " + DeidKey.ENV_KEY + " or "
                    + DeidKey.ENV_KEY_FILE + " (a mounted secret); AWS mode never creates one"));
        }
        Path file = dataDir.resolve("deid-dev.key");
        DeidKey dev = DeidKey.developmentKey(file);
        LOG.warn("USING THE LOCAL DEVELOPMENT DE-IDENTIFICATION KEY {} (fingerprint {}). Pseudonyms made with it "
                + "are only as secret as that file: set {} for real data.", file, dev.fingerprint(), DeidKey.ENV_KEY);
        return dev;
    }

    /** Values the routes need that follow from the settings (e.g. the S3 encryption options). */
    private void deriveInternalProperties(Path workDir) {
        String sse = settings.get("mip.s3.sse");
        properties.put("mip.internal.use-sse-s3", String.valueOf("AES256".equals(sse)));
        properties.put("mip.internal.use-kms", String.valueOf("aws:kms".equals(sse)));
        properties.put("mip.internal.part-size-bytes", String.valueOf(settings.getLong("mip.s3.part-size-mb") << 20));
        // The route is built even when SFTP ingest is off (it just does not start), and an endpoint
        // without a host cannot be built: AWS mode's default (no SFTP host) would stop the start.
        String sftpHost = properties.get("mip.sftp.host");
        properties.put("mip.internal.sftp-host", sftpHost == null || sftpHost.isBlank() ? "sftp-ingest-disabled.invalid" : sftpHost);
        boolean knownHosts = settings.isSet("mip.sftp.known-hosts-file");
        properties.put("mip.internal.sftp-known-hosts", settings.get("mip.sftp.known-hosts-file"));
        properties.put("mip.internal.sftp-strict-host-key", knownHosts ? "yes" : "no");
        properties.put("mip.internal.work-dir", workDir.toString());
    }

    private Map<String, String> camelProperties(Path workDir) {
        Map<String, String> p = new LinkedHashMap<>();
        Path routes = PipelineRoutes.folder(settings);
        p.put("camel.main.name", PRODUCT);
        if (routes != null) {
            // the files that were read and checked, by name: no editor's hidden file (.#x.yaml) slips in
            StringBuilder files = new StringBuilder();
            for (String name : routeFiles.keySet()) {
                files.append(files.length() == 0 ? "" : ",").append("file:").append(routes.resolve(name));
            }
            p.put("camel.main.routesIncludePattern", files.toString());
        } else {
            p.put("camel.main.routesIncludePattern", "classpath:routes/*.yaml");
        }
        // Live reload is RouteReloader's (Camel's own reloads every file and breaks the pipeline). A route
        // being replaced is briefly without consumer: what is sent to it waits instead of failing.
        p.put("camel.main.routesReloadEnabled", "false");
        p.put("camel.component.direct.timeout", String.valueOf(RouteReloader.DIRECT_WAIT.toMillis()));
        // Camel's route and consumer checks call a disabled route UP and miss a removed one: RouteHealth replaces them
        p.put("camel.health.routesEnabled", "false");
        p.put("camel.health.consumersEnabled", "false");
        p.put("camel.main.useMdcLogging", "true");
        p.put("camel.main.mdcLoggingKeysPattern", FetchRawObject.MDC_KEY);
        p.put("camel.main.streamCachingEnabled", "true");
        p.put("camel.main.streamCachingSpoolEnabled", "true");
        p.put("camel.main.streamCachingSpoolDirectory", workDir.resolve("spool").toString());
        p.put("camel.main.streamCachingSpoolThreshold", String.valueOf(1 << 20));
        p.put("camel.server.enabled", "true");
        p.put("camel.server.host", settings.get("mip.http.host"));
        p.put("camel.server.port", settings.get("mip.http.port"));
        // the REST API's largest request is 100 keys of at most 1 KiB: refuse bodies far beyond (413)
        p.put("camel.server.maxBodySize", String.valueOf(256 * 1024));
        if (settings.isSet("mip.api.tls.cert-file")) {
            // the SSL context made from the PEM files (bindApi) is the context's global one
            p.put("camel.server.useGlobalSslContextParameters", "true");
        }
        // No JMX MBeans for every route and processor: a tenth of the CPU to ready (BENCHMARKS.md), and the
        // pipeline's figures are its metrics. CAMEL_MAIN_JMXENABLED=true brings them back (e.g. for hawtio).
        p.put("camel.main.jmxEnabled", "false");
        p.put("camel.management.enabled", "true");
        p.put("camel.management.host", settings.get("mip.http.host"));
        p.put("camel.management.port", settings.get("mip.management.port"));
        p.put("camel.opentelemetry2.enabled", "false");
        return p;
    }

    /** Objects half-processed by a previous run are in the raw bucket still; their work files are debris. */
    private static void clearWorkDir(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).filter(p -> !p.equals(workDir))
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(List.of("cannot clear the work directory " + workDir + ": " + e.getMessage()));
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static String version() {
        String v = PipelineApplication.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // ------------------------------------------------------------------ accessors (banner, tests)

    public Settings settings() {
        return settings;
    }

    /** An effective property (settings plus what local mode derived, e.g. the actual endpoints). */
    public String property(String key) {
        return properties.get(key);
    }

    public LocalServices local() {
        return local;
    }

    public CamelContext camelContext() {
        return camel.getCamelContext();
    }

    public AwsClients aws() {
        return aws;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public DeidKey key() {
        return key;
    }

    /** The live reload of the routes folder, or null when off. */
    public RouteReloader routeReloader() {
        return reloader;
    }

    /**
     * Blocks until {@code stop} (counted down by SIGTERM or SIGINT, see {@code org.mip.cli.StopSignals}) counts down, then stops in order and
     * returns, so that {@code run} exits 0: a stop on request is the normal end of a server (Kubernetes
     * stops pods with SIGTERM). Left to the JVM's default handling, SIGTERM ends the process with 143
     * while the shutdown hooks run, and the embedded SQS server, stopped inside a hook, warns that it
     * cannot add a hook of its own. Other ends of the JVM (SIGHUP, System.exit elsewhere) still stop
     * everything through a shutdown hook.
     */
    public void awaitShutdown(PrintWriter out, java.util.concurrent.CountDownLatch stop) throws InterruptedException {
        Thread hook = new Thread(this::close, "mip-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        LOG.info("stopping on request");
        close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDownAlready) {
            // the JVM is ending anyway
        }
    }

    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.close();
            reloader = null;
        }
        if (camel != null) {
            try {
                // before the routes stop: new API calls get 503 + Retry-After, not the bare 404 of a router with no routes
                ApiDrain.refuseNewRequests(camel.getCamelContext(), settings.getInt("mip.http.port"));
            } catch (RuntimeException e) {
                LOG.warn("refusing new API requests while stopping: {}", e.getMessage());
            }
            try {
                camel.stop();
            } catch (Exception e) {
                LOG.warn("stopping Camel: {}", e.getMessage());
            }
            camel = null;
        }
        if (auditBatcher != null) {
            auditBatcher.close(); // after the HTTP server: the requests still running have had their events sent
            auditBatcher = null;
        }
        if (aws != null) {
            aws.close();
            aws = null;
        }
        if (local != null) {
            local.close();
            local = null;
        }
    }

    /** Builds the de-identifier from the settings (profile) once the key is known. */
    @FunctionalInterface
    public interface DeidentifierFactory {
        Deidentifier create(DeidKey key, String version, Path workDir);
    }
}
