package org.mip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mip.batch.Batch;
import org.mip.batch.Quarantine;
import org.mip.batch.Tally;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.iod.ModuleTypes;
import org.mip.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deidentify --in DIR_OR_FILE --out DIR}: the pipeline's parse, validate and de-identify
 * steps over a file or a folder tree, on this machine (see docs/CLI.md).
 *
 * <p>What it prints: the summary (counts, reason codes, rates) on standard output; the progress and
 * one line per refused or failed input on standard error. Nothing found in the input tree is printed:
 * an input is named by its quarantine name (SHA-256 of its relative path) unless {@code --keep-names}
 * is given. The only paths printed are the {@code --in}, {@code --out} and key arguments, as typed,
 * in error lines about them.
 */
@Command(name = "deidentify", mixinStandardHelpOptions = true,
        description = {"De-identify a DICOM file, or every file under a folder (any name; hidden files skipped), "
                + "into --out as <patient pseudonym>/<study UID>/<series UID>/<SOP UID>.dcm, through the pipeline's "
                + "steps: parse, validate, de-identify.",
                "A refused input is copied to --out/quarantine/<SHA-256 of its path relative to --in>, beside a "
                + ".reason.json saying why.",
                "Key: --key-file, else $MIP_DEID_KEY or $MIP_DEID_KEY_FILE, else --dev-key. The summary goes to "
                + "standard output; progress and one line per refused input to standard error (docs/CLI.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input was de-identified (or was a duplicate of one)",
                "1:an input was refused (quarantined) or failed, or the run could not complete",
                "2:wrong usage: options, --in/--out, key or profile"})
public final class DeidentifyCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--in", required = true, paramLabel = "DIR_OR_FILE", description = "A DICOM file, or a folder walked recursively.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder (created when missing); not inside --in, and --in not inside it.")
    Path out;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "basic",
            description = "De-identification profile: basic, research, or a YAML file (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--ocr", paramLabel = "MODE",
            description = "OCR of burned-in text: auto (where Tesseract's data is found), required (stop when it is not), "
                    + "off; default: the profile's burned-in ocr. English ships in the jar; MIP_OCR_TESSDATA or TESSDATA_PREFIX "
                    + "name another folder of trained data.")
    String ocr;

    @Option(names = "--threads", paramLabel = "N", description = "Files processed at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "The de-identification key (base64 or hex, at least 32 bytes); overrides $MIP_DEID_KEY and $MIP_DEID_KEY_FILE.")
    Path keyFile;

    @Option(names = "--dev-key", paramLabel = "FILE",
            description = "When no key is given: create (first time) and use a development key in FILE. Not for real data.")
    Path devKey;

    @Option(names = "--keep-names",
            description = "Name inputs by their path relative to --in in refusal lines and in quarantine reason files "
                    + "(by default only a SHA-256 of that path: names may carry PHI).")
    boolean keepNames;

    @Mixin
    AdmissionOptions admission = new AdmissionOptions();

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, else a line every 10 s), bar, lines or none.")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "Print the summary only: no progress, no line per refused input.")
    boolean quiet;

    /** The environment the key is read from (tests replace it). */
    static Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = main.err();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 1024) {
            return usage("--threads must be between 1 and 1024, not " + n);
        }
        ProgressDisplay.Mode mode;
        switch (progress) {
            case "auto" -> mode = System.console() != null ? ProgressDisplay.Mode.BAR : ProgressDisplay.Mode.LINES;
            case "bar" -> mode = ProgressDisplay.Mode.BAR;
            case "lines" -> mode = ProgressDisplay.Mode.LINES;
            case "none" -> mode = ProgressDisplay.Mode.NONE;
            default -> {
                return usage("--progress must be auto, bar, lines or none, not \"" + progress + "\"");
            }
        }
        if (quiet) {
            mode = ProgressDisplay.Mode.NONE;
        }
        String pathProblem = Batch.problemWith(in, out);
        if (pathProblem != null) {
            return usage(pathProblem);
        }
        Profile loaded;
        try {
            loaded = ProfileLoader.resolve(profile);
        } catch (ProfileException e) {
            // one line per problem, each with its file:line:column (docs/PROFILES.md)
            for (ProfileException.Problem problem : e.problems()) {
                err.println("deidentify: " + Main.oneLine(problem.toString()));
            }
            err.flush();
            return Main.EXIT_USAGE;
        } catch (IOException e) {
            return usage(ProfileLoader.unreadable(profile, e));
        }
        DeidKey key;
        try {
            key = key(err);
        } catch (IllegalArgumentException e) {
            return usage(Main.oneLine(e.getMessage()));
        }
        if (key == null) {
            return usage("no de-identification key: set " + DeidKey.ENV_KEY + " (base64 or hex) or " + DeidKey.ENV_KEY_FILE
                    + ", or give --key-file FILE; to try the command without one, --dev-key FILE creates a development key");
        }

        ScanEngine scan;
        try {
            BurnedInPolicy policy = loaded.burnedIn();
            if (ocr != null) {
                BurnedInPolicy.Ocr ocrMode;
                try {
                    ocrMode = BurnedInPolicy.Ocr.valueOf(ocr.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return usage("--ocr must be auto, required or off, not \"" + ocr + "\"");
                }
                policy = policy.withDetection(policy.detection().withOcr(ocrMode));
            }
            scan = ScanEngine.start(policy, new OcrSettings(null, "eng", System.getenv()),
                    "true".equalsIgnoreCase(System.getenv("MIP_PIXEL_OCR_REQUIRED")));
        } catch (ScanEngine.Unavailable e) {
            main.reportError("deidentify: cannot start: " + e.getMessage(), null);
            return Main.EXIT_FAILED;
        }

        ModuleTypes.loadInBackground(); // the first instances need the PS3.3 Types: loaded while the batch starts
        String version = version();
        Validator validator = new Validator(admission.policy());
        Batch.Config config = new Batch.Config(in, out, n, keepNames, version);
        Tally tally;
        try (ProgressDisplay display = new ProgressDisplay(err, mode, !quiet, keepNames, main.debug())) {
            Batch batch = new Batch(config, work -> Deidentifiers.create(loaded, key, version, work, scan), validator, display);
            display.start(batch.tally());
            try {
                tally = batch.run();
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage()); // in/out changed since the check above
            }
        }
        PrintWriter stdout = main.out();
        tally.printSummary(stdout, n, out.resolve(Quarantine.DIRECTORY).toString());
        stdout.printf("  profile %s, key fingerprint %s, output %s%n", loaded.name(), key.fingerprint(), out);
        stdout.flush();
        // OCR loads in the background: said once it is known, and only when images were scanned without it
        if (scan.ready() && !scan.ocr() && loaded.burnedIn().detection().scans() && !quiet) {
            err.println("deidentify: note: " + scan.describe());
            err.flush();
        }
        return tally.anyProblem() ? Main.EXIT_FAILED : Main.EXIT_OK;
    }

    /**
     * --key-file, else the environment, else --dev-key (with a warning that cannot be missed); null
     * when there is none.
     */
    private DeidKey key(PrintWriter err) {
        DeidKey key = null;
        String from = null;
        if (keyFile != null) {
            key = DeidKey.fromFile(keyFile);
            from = "--key-file";
        } else {
            key = DeidKey.fromEnvironment(environment);
            from = key == null ? null : "the environment";
        }
        if (key != null) {
            if (devKey != null) {
                err.println("deidentify: note: --dev-key ignored: the key from " + from + " is used");
            }
            return key;
        }
        if (devKey == null) {
            return null;
        }
        DeidKey dev = DeidKey.developmentKey(devKey);
        err.println("deidentify: WARNING: USING A DEVELOPMENT KEY (" + devKey + ", fingerprint " + dev.fingerprint()
                + "). Pseudonyms made with it are only as secret as that file. For real data set "
                + DeidKey.ENV_KEY + " or " + DeidKey.ENV_KEY_FILE + ", or use --key-file.");
        err.flush();
        return dev;
    }

    private int usage(String message) {
        return main.usageError("deidentify", message);
    }

    /**
     * Loads, on a background thread, what every run needs before its first file: the data
     * dictionary, the PS3.15 action table, the YAML machinery with the basic profile, the JDK's
     * security providers (their lookup opens every jar of the class path), and the codec, validator
     * and de-identifier classes. Started by {@link Main#main} before the command line is
     * parsed, it runs while picocli builds its model (whose probe for Groovy opens every jar of the
     * class path): about a second less before the first file on a busy 2-core machine. Nothing it
     * does has an effect but on timing; a failure here is met again, and reported, on the real path.
     */
    static void preload() {
        Thread t = new Thread(() -> {
            try {
                org.mip.dicom.dict.ElementDictionary.standard();
                org.mip.deid.table.ActionTable.standard();
                ProfileLoader.builtIn("basic");
                // The pseudonyms' Mac, as the engine makes it: its classes load here.
                org.mip.deid.pseudo.Pseudonymizer.hmacSha256();
                for (Class<?> c : new Class<?>[] {org.mip.dicom.io.DicomReader.class, org.mip.dicom.io.DicomWriter.class,
                        Validator.class, org.mip.deid.Deidentifier.class, Batch.class}) {
                    Class.forName(c.getName(), true, c.getClassLoader());
                }
            } catch (Throwable ignored) {
                // only a head start: the command meets any problem again where it is reported
            }
        }, "deidentify-preload");
        t.setDaemon(true);
        t.start();
    }

    static String version() {
        Package p = DeidentifyCommand.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
