package org.mip.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.json.DicomJsonWriter;
import org.mip.dicom.summary.DicomSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dump FILE}: the DICOM JSON Model of a file's header on stdout. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print the DICOM JSON Model (PS3.18 F.2) of FILE on standard output.",
                "Binary values up to --inline-max bytes are inline (base64); larger ones get a BulkDataURI "
                        + "under --bulk-uri, or are left out."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:FILE cannot be read as DICOM (one line on stderr: reason code and message)",
                "2:wrong usage"})
public final class DumpCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "FILE", description = "The DICOM file (Part 10, or a bare data set).")
    Path file;

    @Option(names = "--no-meta", description = "Leave out the File Meta Information (group 0002).")
    boolean noMeta;

    @Option(names = "--inline-max", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "1024",
            description = "Largest binary value written inline, in bytes (K, M, G suffixes allowed; default ${DEFAULT-VALUE}).")
    long inlineMax;

    @Option(names = "--bulk-uri", paramLabel = "URI",
            description = "Base of the BulkDataURI given to larger binary values (the tag path is appended, "
                    + "e.g. URI/7FE00010); without it they are left out.")
    String bulkUri;

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Option(names = "--summary", description = "Print the compact summary (patient, study, series, instance, image size...) instead.")
    boolean summary;

    @Override
    public Integer call() throws IOException {
        try (DicomFile dicom = DicomReader.read(file, ReadOptions.DEFAULT)) {
            OutputStream out = new BufferedOutputStream(main.stdout(), 64 * 1024);
            if (summary) {
                DicomSummary.from(dicom).writeJson(out, pretty);
            } else {
                DicomJsonWriter.Options options = new DicomJsonWriter.Options(!noMeta, inlineMax, bulkUri, pretty);
                new DicomJsonWriter(options).write(dicom, out);
            }
            if (!pretty) {
                out.write('\n');
            }
            out.flush();
            return Main.EXIT_OK;
        } catch (DicomException e) {
            main.reportError("dump: " + file + ": " + e.reason() + ": " + Main.oneLine(e.getMessage()), e);
            return Main.EXIT_FAILED;
        }
    }
}
