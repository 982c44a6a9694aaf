package org.mip.cli;

import java.util.LinkedHashSet;
import java.util.List;
import org.mip.validate.ValidationPolicy;
import picocli.CommandLine.Option;

/** The options that decide which files may enter (docs/VALIDATION.md): shared by validate and deidentify. */
final class AdmissionOptions {
    @Option(names = {"-m", "--modality"}, split = ",", paramLabel = "MODALITY",
            description = "Allowed (0008,0060) Modality values, e.g. CT,MR (repeatable; default: all).")
    List<String> modalities = List.of();

    @Option(names = {"-s", "--sop-class"}, split = ",", paramLabel = "UID",
            description = "Allowed (0008,0016) SOP Class UIDs (repeatable; default: all).")
    List<String> sopClasses = List.of();

    @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "0",
            description = "Largest file accepted, in bytes (K, M, G suffixes; default: no limit).")
    long maxSize;

    ValidationPolicy policy() {
        return new ValidationPolicy(new LinkedHashSet<>(modalities), new LinkedHashSet<>(sopClasses), maxSize);
    }
}
