package org.mip.pipeline;

/**
 * Names of the exchange headers the pipeline routes and processors share. {@code MipRawKey} is the
 * only one that may carry patient data (raw keys often hold names): it is used to address the raw
 * object and is never logged, audited or written anywhere else; {@code MipRawKeySha256} stands in for it.
 */
public final class Headers {
    /** Where the object came from: s3 (polling), sqs (S3 event), sftp. */
    public static final String SOURCE = "MipSource";
    public static final String RAW_BUCKET = "MipRawBucket";
    public static final String RAW_KEY = "MipRawKey";
    public static final String RAW_KEY_SHA256 = "MipRawKeySha256";
    public static final String RAW_SIZE = "MipRawSize";
    public static final String RAW_SHA256 = "MipRawSha256";
    /** When the raw object was stored ({@code Instant}, from S3's Last-Modified). */
    public static final String RAW_LAST_MODIFIED = "MipRawLastModified";
    /** One id per object, from ingest to outcome: in logs (MDC) and every audit event. */
    public static final String CORRELATION_ID = "MipCorrelationId";
    public static final String STAGED_FILE = "MipStagedFile";
    public static final String OUTPUT_FILE = "MipOutputFile";
    public static final String OUTPUT_KEY = "MipOutputKey";
    public static final String OUTPUT_SIZE = "MipOutputSize";
    public static final String OUTPUT_SHA256 = "MipOutputSha256";
    public static final String SIDECAR_KEY = "MipSidecarKey";
    public static final String SIDECAR_JSON = "MipSidecarJson";
    public static final String QUARANTINE_KEY = "MipQuarantineKey";
    /** The outcome an audit event reports: received, published, quarantined, failed, link-signed, links-signed. */
    public static final String OUTCOME = "MipOutcome";
    public static final String STAGE = "MipStage";
    public static final String REASON_CODE = "MipReasonCode";
    public static final String REASON_MESSAGE = "MipReasonMessage";
    public static final String STARTED_NANOS = "MipStartedNanos";
    /** The download links a REST API request handed out ({@code AuditEvents.SignedLinks}; outcome link-signed or links-signed). */
    public static final String SIGNED_LINKS = "MipSignedLinks";
    /** Exchange property holding the parsed {@code DicomFile} (closed when the exchange completes). */
    public static final String DICOM_FILE = "MipDicomFile";
    /** Exchange property set while an audit event is being sent: a failure then is an audit failure. */
    public static final String AUDIT_SENDING = "MipAuditSending";
    /** Counts and codes behind a quarantine reason (a {@code Map}; e.g. frames scanned for burned-in text). */
    public static final String REASON_DETAILS = "MipReasonDetails";
    /** Exchange property holding the {@code DeidResult}. */
    public static final String DEID_RESULT = "MipDeidResult";

    private Headers() {
    }
}
