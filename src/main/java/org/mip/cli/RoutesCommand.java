package org.mip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mip.config.ConfigException;
import org.mip.app.PipelineRoutes;
import org.mip.config.Settings;
import org.mip.app.routes.RouteCheck;
import org.mip.app.routes.RouteProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code routes}: tools for the YAML routes (today: {@code routes check}). */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Work with the YAML routes.",
        subcommands = {RoutesCommand.Check.class})
public final class RoutesCommand implements Runnable {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (check)");
    }

    /** {@code routes check [DIR]}: what a live reload or a deployment would refuse, before it happens. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check the route files of DIR (default: the routes 'run' would load: mip.routes-dir when that",
                    "folder exists, else the routes packaged in the jar) with nothing started:",
                    "  - each file against the Camel YAML DSL schema of camel-yaml-dsl (misspelt steps and keys, types);",
                    "  - every ref:, *Ref: and #bean reference names a bean the application binds;",
                    "  - every 'to: direct:x' has a route 'from: direct:x';",
                    "  - every {{placeholder}} is a setting (docs/CONFIGURATION.md);",
                    "  - no route id is used twice, and the routes the settings need exist.",
                    "Prints one line per problem, FILE:LINE:COLUMN: CODE message, or 'OK' with the counts.",
                    "Settings (which ingest routes are needed) come as for 'run': --config, MIP_* variables, --set."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the routes pass", "1:at least one problem (listed)", "2:wrong usage (DIR is not a folder, a bad setting)"})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        RoutesCommand parent;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "The folder of route files (*.yaml).")
        Path dir;

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (default: $MIP_CONFIG_FILE if set).")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set mip.ingest.events.enabled=true (repeatable).")
        List<String> sets = List.of();

        @Override
        public Integer call() {
            Main main = parent.main;
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    main.reportError("routes check: --set needs KEY=VALUE, not \"" + s + "\"", null);
                    return Main.EXIT_USAGE;
                }
                overrides.put(s.substring(0, eq).strip(), s.substring(eq + 1));
            }
            Path file = config;
            if (file == null && System.getenv("MIP_CONFIG_FILE") != null) {
                file = Path.of(System.getenv("MIP_CONFIG_FILE"));
            }
            PipelineRoutes.Checked checked;
            try {
                Settings settings = Settings.load(file, System.getenv(), System.getProperties(), overrides);
                if (dir != null && !Files.isDirectory(dir)) {
                    main.reportError("routes check: " + dir + " is not a folder", null);
                    return Main.EXIT_USAGE;
                }
                checked = dir != null ? PipelineRoutes.check(dir, settings) : PipelineRoutes.check(settings);
            } catch (ConfigException e) {
                main.reportError("routes check: " + Main.oneLine(e.getMessage()), null);
                return Main.EXIT_USAGE;
            } catch (IOException e) {
                main.reportError("routes check: cannot read the routes: " + Main.oneLine(e.getMessage()), e);
                return Main.EXIT_FAILED;
            }
            PrintWriter out = main.out();
            RouteCheck.Result result = checked.result();
            String where = dir != null ? dir.toString() : checked.source().location();
            if (checked.source().files().isEmpty()) {
                main.reportError("routes check: no route files (*.yaml) in " + where, null);
                return Main.EXIT_FAILED;
            }
            for (RouteProblem p : result.problems()) {
                out.println(p.file().isEmpty() ? where + ": " + p.code() + " " + p.message()
                        : where + "/" + p);
            }
            if (result.ok()) {
                out.println("OK " + checked.source().files().size() + " files, " + result.routeCount() + " routes in " + where);
            }
            out.flush();
            return result.ok() ? Main.EXIT_OK : Main.EXIT_FAILED;
        }
    }
}
