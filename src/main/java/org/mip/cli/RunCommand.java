package org.mip.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mip.app.Banner;
import org.mip.app.PipelineApplication;
import org.mip.app.PipelineRoutes;
import org.mip.app.SettingsValidator;
import org.mip.app.routes.RouteCheck;
import org.mip.config.ConfigException;
import org.mip.config.Settings;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.Profile;
import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.profile.ProfileException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.iod.ModuleTypes;
import org.mip.local.LocalServicesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code run}: the pipeline, on embedded local servers by default, on AWS with mip.mode=aws. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the pipeline until stopped (Ctrl-C).",
                "By default everything runs on this machine: embedded S3 (127.0.0.1:9000), SQS (127.0.0.1:9324) and",
                "SFTP (127.0.0.1:2222) servers, the REST API on 127.0.0.1:8080 and health/metrics on 127.0.0.1:9876.",
                "With --mode aws (or MIP_MODE=aws) it uses AWS and starts nothing embedded.",
                "Every setting (docs/CONFIGURATION.md) can come from --config, the environment (MIP_*), -D or --set."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:could not start (the reason is printed)", "2:wrong usage"})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of settings (default: $MIP_CONFIG_FILE if set).")
    Path config;

    @Option(names = "--mode", paramLabel = "MODE", description = "local (embedded servers) or aws.")
    String mode;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where local mode keeps its data (default: mip-data).")
    Path dataDir;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "De-identification profile: basic, research, or a YAML file (default: basic).")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set mip.http.port=8081 (repeatable).")
    List<String> sets = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = main.out();
        // before anything starts: a SIGTERM during the start or right at readiness is a normal stop
        java.util.concurrent.CountDownLatch stop = StopSignals.listen();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                return main.usageError("run", "--set needs KEY=VALUE, not \"" + s + "\"");
            }
            overrides.put(s.substring(0, eq).strip(), s.substring(eq + 1));
        }
        putIf(overrides, "mip.mode", mode);
        putIf(overrides, "mip.data-dir", dataDir == null ? null : dataDir.toString());
        putIf(overrides, "mip.deid.profile", profile);
        Path file = config;
        if (file == null && System.getenv("MIP_CONFIG_FILE") != null) {
            file = Path.of(System.getenv("MIP_CONFIG_FILE"));
        }
        PipelineApplication app;
        ScanEngine scan;
        try {
            Settings settings = SettingsValidator.validate(Settings.load(file, System.getenv(), System.getProperties(), overrides));
            System.setProperty("mip.log.format", settings.get("mip.log.format"));
            if (PipelineRoutes.folder(settings) != null) {
                RouteCheck.preloadSchema(); // checked before Camel starts: its schema loads meanwhile
            }
            Profile loaded;
            try {
                loaded = ProfileLoader.resolve(settings.get("mip.deid.profile"));
            } catch (java.io.IOException e) {
                throw new ConfigException(List.of("mip.deid.profile: " + ProfileLoader.unreadable(settings.get("mip.deid.profile"), e)));
            }
            // Logging is set up before the OCR loader thread can log: SLF4J warns, in plain text, about
            // calls made from another thread while it initialises (a non-JSON line in json mode).
            org.slf4j.LoggerFactory.getILoggerFactory();
            scan = ScanEngine.start(loaded.burnedIn(), ocrSettings(settings), settings.getBoolean("mip.pixel.ocr.required"));
            app = PipelineApplication.start(settings, null,
                    (key, version, workDir) -> Deidentifiers.create(loaded, key, version, workDir, scan));
            // OCR loads once the pipeline is up (a third of a second of CPU that a start on two cores would
            // wait for); a file that needs it sooner waits for it. The banner names what it found.
            scan.preload();
        } catch (ConfigException | LocalServicesException | ProfileException | ScanEngine.Unavailable e) {
            // one line per problem, each naming its setting or its profile line
            List<String> problems = e instanceof ConfigException c ? c.problems()
                    : e instanceof ProfileException p ? p.problems().stream().map(Object::toString).toList()
                    : List.of(e.getMessage());
            for (String problem : problems) {
                main.reportError("run: cannot start: " + Main.oneLine(problem), null);
            }
            if (main.debug()) {
                main.reportError("run: the exception, for --debug:", e);
            }
            return Main.EXIT_FAILED;
        }
        Banner.print(app, out, scan.describe());
        ModuleTypes.loadInBackground(); // ready: the PS3.3 Types the first file needs load now, off the path to ready
        app.awaitShutdown(out, stop);
        return Main.EXIT_OK;
    }

    /** Where the OCR's trained data is looked for: the setting, else MIP_OCR_TESSDATA, TESSDATA_PREFIX, the jar's model, Debian's folders. */
    static OcrSettings ocrSettings(Settings settings) {
        String dir = settings.get("mip.pixel.ocr.tessdata-dir");
        return new OcrSettings(dir == null || dir.isBlank() ? null : Path.of(dir), settings.get("mip.pixel.ocr.languages"),
                System.getenv());
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
