package org.mip.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.mip.deid.DeidRefusal;
import org.mip.deid.DeidResult;
import org.mip.deid.Deidentifier;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.WriteOptions;
import org.mip.dicom.json.DicomJsonWriter;

/**
 * De-identifies the parsed file and writes the result to a work file, ready for the processed
 * bucket: its key ({@code <patient pseudonym>/<study>/<series>/<SOP>.dcm}), checksum, object
 * metadata without PHI, and the de-identified header as DICOM JSON for the sidecar. A refusal
 * (burned-in text, missing identifiers) is poison.
 */
public final class DeidentifyDicom implements Processor {
    private final Deidentifier deidentifier;
    private final WorkFiles work;
    private final String version;
    private final DicomJsonWriter json = new DicomJsonWriter(DicomJsonWriter.Options.DEFAULT);

    public DeidentifyDicom(Deidentifier deidentifier, WorkFiles work, String version) {
        this.deidentifier = deidentifier;
        this.work = work;
        this.version = version;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        in.setHeader(Headers.STAGE, "deidentify");
        DicomFile file = exchange.getProperty(Headers.DICOM_FILE, DicomFile.class);
        DeidResult result;
        try {
            result = deidentifier.deidentify(file);
        } catch (DeidRefusal e) {
            throw new PoisonInputException("deidentify", e.code(), e.getMessage(), e.details());
        }
        Path out = work.create(exchange, "deid-", ".dcm");
        DicomWriter.write(file, out, WriteOptions.DEFAULT.withKeepGroupLengths(false));

        ByteArrayOutputStream sidecar = new ByteArrayOutputStream();
        json.write(file, sidecar);

        String key = result.objectKey();
        exchange.setProperty(Headers.DEID_RESULT, result);
        in.setHeader(Headers.OUTPUT_FILE, out.toFile()); // a File: the S3 producer streams it, multipart when large
        in.setHeader(Headers.OUTPUT_KEY, key);
        in.setHeader(Headers.OUTPUT_SIZE, Files.size(out));
        in.setHeader(Headers.OUTPUT_SHA256, sha256(out));
        in.setHeader(Headers.SIDECAR_KEY, key + ".json");
        in.setHeader(Headers.SIDECAR_JSON, sidecar.toByteArray());
        in.setHeader("CamelAwsS3Metadata", metadata(result, in.getHeader(Headers.OUTPUT_SHA256, String.class)));
    }

    /**
     * Object metadata: identifiers that are already pseudonymous, and the output's checksum. Nothing
     * from the raw header, and no hash of the raw file (that would link the output back to its source).
     */
    private Map<String, String> metadata(DeidResult r, String sha256) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mip-sop-class-uid", r.sopClassUid());
        m.put("mip-study-uid", r.studyUid());
        m.put("mip-series-uid", r.seriesUid());
        m.put("mip-sop-instance-uid", r.sopInstanceUid());
        m.put("mip-modality", r.modality() == null ? "" : r.modality());
        m.put("mip-profile", deidentifier.profile().name());
        m.put("mip-sha256", sha256);
        m.put("mip-version", version);
        return m;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = Hashing.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return Hashing.hex(sha.digest());
    }
}
