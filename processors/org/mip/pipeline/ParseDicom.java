package org.mip.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.ReadOptions;

/** Parses the staged raw file into a header tree (bulk values stay in the file); unreadable input is poison. */
public final class ParseDicom implements Processor {
    private final ReadOptions options;

    public ParseDicom(ReadOptions options) {
        this.options = options;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setHeader(Headers.STAGE, "parse");
        Path staged = exchange.getIn().getHeader(Headers.STAGED_FILE, Path.class);
        DicomFile file;
        try {
            file = DicomReader.read(staged, options.withSpoolDir(staged.getParent()));
        } catch (DicomException e) {
            if (e.reason() == DicomException.Reason.IO_ERROR) {
                throw new IOException(e.getMessage(), e); // the disk, not the input: worth a retry
            }
            throw new PoisonInputException("parse", e.reason().name(), e.getMessage());
        }
        exchange.setProperty(Headers.DICOM_FILE, file);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ex) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
        });
    }
}
