package org.mip.pipeline;

import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mip.dicom.data.DicomFile;
import org.mip.validate.ValidationResult;
import org.mip.validate.Validator;

/** Decides whether the parsed file may enter the pipeline; a failing file is poison, with the first finding's code. */
public final class ValidateDicom implements Processor {
    private final Validator validator;

    public ValidateDicom(Validator validator) {
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setHeader(Headers.STAGE, "validate");
        DicomFile file = exchange.getProperty(Headers.DICOM_FILE, DicomFile.class);
        ValidationResult result = validator.validate(file);
        if (!result.valid()) {
            String message = result.findings().stream().limit(10).map(Object::toString)
                    .collect(Collectors.joining("; "));
            throw new PoisonInputException("validate", result.findings().get(0).code().name(), message);
        }
    }
}
