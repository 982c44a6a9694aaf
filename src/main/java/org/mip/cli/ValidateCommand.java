package org.mip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mip.deid.DeidForecast;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.ProfileException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.validate.ValidationResult;
import org.mip.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code validate FILE...}: whether each file may enter the pipeline, and whether de-identification
 * will then refuse it before changing anything. A well-formed file that the profile will certainly send
 * to quarantine (a missing UID, a burned-in risk the policy refuses from the header alone, pixels that
 * cannot be scanned) is not "OK": it is REFUSED with the code its quarantine will carry. A file whose
 * pixels will be scanned is OK with what the scan is for; only the scan can tell whether text remains.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check whether each FILE may enter the pipeline and be published.",
                "Prints one line per file:",
                "  OK path                     valid, and de-identification will go on",
                "  OK path (pixels: ...)       the same, and the pixels will be scanned for burned-in text or blanked",
                "  INVALID path: CODE ...; CODE ...   the validator's findings, one code each",
                "  REFUSED path: CODE: ...     valid, but de-identification with the profile will quarantine it",
                "The codes are listed in docs/VALIDATION.md. Messages never show values that could be PHI."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid and will be de-identified",
                "1:at least one file is invalid, unreadable or will be refused", "2:wrong usage"})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM files to check.")
    List<Path> files;

    @Mixin
    AdmissionOptions admission = new AdmissionOptions();

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "basic",
            description = "The de-identification profile whose refusals to report: basic, research, or a YAML file "
                    + "(default: ${DEFAULT-VALUE}; the pipeline's is mip.deid.profile).")
    String profile;

    @Override
    public Integer call() {
        DeidForecast forecast;
        try {
            forecast = Deidentifiers.forecast(ProfileLoader.resolve(profile));
        } catch (ProfileException e) {
            for (ProfileException.Problem problem : e.problems()) {
                main.reportError("validate: " + Main.oneLine(problem.toString()), null);
            }
            return Main.EXIT_USAGE;
        } catch (IOException e) {
            return main.usageError("validate", ProfileLoader.unreadable(profile, e));
        }
        Validator validator = new Validator(admission.policy());
        PrintWriter out = main.out();
        boolean allGood = true;
        for (Path file : files) {
            String line = check(file, validator, forecast);
            allGood &= line.startsWith("OK ");
            out.println(line);
        }
        out.flush();
        return allGood ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private static String check(Path file, Validator validator, DeidForecast forecast) {
        ValidationResult result = validator.validate(file);
        if (!result.valid()) {
            return "INVALID " + file + ": " + Main.oneLine(result.summary());
        }
        DeidForecast.Verdict verdict;
        try {
            verdict = forecast(file, forecast);
        } catch (DicomException e) {
            // read a moment ago: the file changed or vanished since
            return "INVALID " + file + ": " + e.reason() + ": " + Main.oneLine(e.getMessage());
        }
        if (verdict.refused()) {
            return "REFUSED " + file + ": " + verdict.refusal().code() + ": " + Main.oneLine(verdict.refusal().getMessage())
                    + " (de-identification with the profile " + forecast.profile().name() + " will quarantine it)";
        }
        return "OK " + file + (verdict.pixelWork() ? " (pixels: " + Main.oneLine(verdict.pixels()) + ")" : "");
    }

    private static DeidForecast.Verdict forecast(Path file, DeidForecast forecast) throws DicomException {
        DicomFile dicom = DicomReader.read(file);
        try {
            return forecast.of(dicom);
        } finally {
            try {
                dicom.close();
            } catch (IOException ignored) {
                // a file only read: nothing is lost
            }
        }
    }
}
