package org.mip.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.ValidationResult;
import org.mip.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code validate FILE...}: whether each file may enter the pipeline. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check whether each FILE may enter the pipeline.",
                "Prints one line per file:",
                "  OK path",
                "  INVALID path: CODE (gggg,eeee) Keyword: message; ...",
                "The codes are listed in docs/VALIDATION.md. Messages never show values that could be PHI."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid", "1:at least one file is invalid or unreadable", "2:wrong usage"})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM files to check.")
    List<Path> files;

    @Mixin
    AdmissionOptions admission = new AdmissionOptions();

    @Override
    public Integer call() {
        ValidationPolicy policy = admission.policy();
        Validator validator = new Validator(policy);
        PrintWriter out = main.out();
        boolean allValid = true;
        for (Path file : files) {
            ValidationResult result = validator.validate(file);
            if (result.valid()) {
                out.println("OK " + file);
            } else {
                allValid = false;
                out.println("INVALID " + file + ": " + Main.oneLine(result.summary()));
            }
        }
        out.flush();
        return allValid ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
