package org.mip.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line, as the launcher {@code bin/mip} runs it: a thin root that only lists its subcommands
 * and installs the error handling they share. A new subcommand (e.g. {@code deidentify}, {@code run}) is a
 * picocli {@code @Command} class added to {@code subcommands} below; it prints its results to
 * {@link #out()} / {@link #stdout()} and its errors as one line to {@link #err()}, and throws for anything
 * unexpected (shown as one line, or as a stack trace with {@code --debug}).
 *
 * <p>Every error line starts with the subcommand's name ({@code deidentify: ...}; {@code mip: ...} for the
 * root), and a usage error ends with a hint naming the launcher ({@code see 'bin/mip deidentify --help'}):
 * the usage and the hints name {@code bin/mip}, the command on hand in a checkout, rather than the
 * product's name, which is no command at all.
 *
 * <p>Exit codes: 0 success; 1 a file is invalid or unreadable, or the command failed; 2 wrong usage.
 */
@Command(name = Main.LAUNCHER,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "DICOM de-identification pipeline: run it, de-identify a folder, or inspect and check DICOM files.",
        subcommands = {RunCommand.class, DeidentifyCommand.class, DumpCommand.class, ValidateCommand.class, ReviewCommand.class, RoutesCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid or unreadable input, or the command failed", "2:wrong usage"})
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** The launcher of a checkout, named in usage and hints. */
    public static final String LAUNCHER = "bin/mip";

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On errors, print the full stack trace instead of one line.")
    boolean debug;

    private OutputStream stdout = System.out;
    private PrintWriter out;
    private PrintWriter err;

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("deidentify")) {
            DeidentifyCommand.preload(); // overlaps the engine's start-up with picocli's
        }
        Thread.setDefaultUncaughtExceptionHandler(oneLineHandler(System.err, java.util.Arrays.asList(args).contains("--debug")));
        int code;
        try {
            code = execute(args, System.out, System.err);
        } catch (Throwable t) {
            // An Error no command handles (out of memory, or the jar replaced under a running JVM): without
            // its main thread a server would linger, kept alive by its embedded servers' threads and deaf
            // to SIGTERM. One line, then the JVM ends at once: its state cannot be trusted to stop cleanly.
            System.err.println(internalError(t));
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_FAILED);
            return;
        }
        System.exit(code);
    }

    /**
     * What a thread that no code watches says when an exception or Error ends it (a background preload
     * whose classes vanished with a jar rebuilt under the JVM, 2026-12-07): one line naming the thread
     * and the error, as the main thread's, instead of the JVM's stack trace; the trace with --debug.
     */
    static Thread.UncaughtExceptionHandler oneLineHandler(PrintStream err, boolean debug) {
        return (thread, t) -> {
            err.println("mip: thread " + thread.getName() + " ended: " + describe(t));
            if (debug) {
                t.printStackTrace(err);
            }
            err.flush();
        };
    }

    /** The line for an Error that ended a command: its class and message, no stack trace. */
    static String internalError(Throwable t) {
        return "mip: stopped by an internal error: " + describe(t);
    }

    /** An exception's class and its message on one line. */
    private static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage()));
    }

    /** Runs the command line with the given streams (UTF-8 text) and returns the exit code. */
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        Main main = new Main();
        main.stdout = stdout;
        main.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        main.err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        CommandLine cl = commandLine(main);
        try {
            return cl.execute(args);
        } finally {
            main.out.flush();
            main.err.flush();
        }
    }

    /** The configured command line around {@code main}: streams, error handlers, exit codes. */
    static CommandLine commandLine(Main main) {
        // picocli otherwise probes for Groovy closures with Class.forName("groovy.lang.Closure"): a class on
        // no jar, so the class loader opens every jar of the class path (200+, the pipeline's) to say so,
        // up to a second of start-up on a busy machine, paid by every command. We use no Groovy.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        CommandLine cl = new CommandLine(main);
        cl.setOut(main.out);
        cl.setErr(main.err);
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    /** Without a subcommand: a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Standard output as bytes (JSON is written there in UTF-8). */
    public OutputStream stdout() {
        return stdout;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** Whether {@code --debug} was given, on the root or on any subcommand. */
    public boolean debug() {
        return debug;
    }

    /** One line for people, or the stack trace with --debug. */
    void reportError(String line, Throwable t) {
        err.println(line);
        if (debug && t != null) {
            t.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * A usage error of a subcommand: one line, {@code <command>: <message> (see 'bin/mip <command> --help')},
     * and the exit code 2 to return.
     */
    int usageError(String command, String message) {
        reportError(command + ": " + oneLine(message) + " (see '" + LAUNCHER + " " + command + " --help')", null);
        return EXIT_USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        Main main = root(cl);
        String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        main.reportError(prefix(cl) + ": error: " + oneLine(what), debugRequested(parsed) ? ex : null);
        return EXIT_FAILED;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        Main main = root(cl);
        String hint = " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
        main.reportError(prefix(cl) + ": " + oneLine(ex.getMessage()) + hint,
                java.util.Arrays.asList(args).contains("--debug") ? ex : null);
        return EXIT_USAGE;
    }

    /** The start of every error line: the subcommand's name, or "mip" (as the launcher's own errors) for the root. */
    private static String prefix(CommandLine cl) {
        return cl.getParent() == null ? "mip" : cl.getCommandName();
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static Main root(CommandLine cl) {
        CommandLine c = cl;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return (Main) c.getCommand();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
