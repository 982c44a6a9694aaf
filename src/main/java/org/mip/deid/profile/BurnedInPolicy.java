package org.mip.deid.profile;

import java.util.Set;

/**
 * Burned-in text must never be published unseen. Where the {@link Detection} policy says so, the
 * pixels are scanned for text, the text found is blanked and the result scanned again; where no scan
 * runs, the header decides: an instance is refused (quarantined) when its Burned In Annotation is YES,
 * or when its modality or SOP class is one where burned-in text is common and Burned In Annotation is
 * not NO, unless a redaction rule cleaned its pixels.
 *
 * @param refuseWhenYes   refuse instances with Burned In Annotation (0028,0301) = YES
 * @param riskyModalities modalities that often carry burned-in text (US, SC, OT, XC, ES, DOC ...)
 * @param riskySopClasses SOP Class UIDs that often carry burned-in text (secondary and screen captures ...)
 * @param trustNo         accept Burned In Annotation = NO as proof that an instance is clean, except
 *                        where {@link Detection#despiteNo()} scans it anyway
 * @param detection       when pixels are scanned for text, and what is done with what is found
 */
public record BurnedInPolicy(boolean refuseWhenYes, Set<String> riskyModalities, Set<String> riskySopClasses,
                             boolean trustNo, Detection detection) {

    /**
     * Modalities where text is routinely part of the pixels: US and IVUS (scanner overlays), OT and
     * SC (the Modality of many screen captures; SC is not a defined term but is common), XC, ES, GM,
     * SM, OP (photographs, endoscopy, microscopy incl. slide labels, ophthalmic photographs with their
     * printed headers), DOC (scanned documents). Cross-sectional modalities (CT, MR, PT, NM) and
     * projection X-ray are left out: text there is an overlay or presentation state far more often
     * than pixels, and a site that knows otherwise adds them in its profile.
     */
    public static final Set<String> DEFAULT_RISKY_MODALITIES =
            Set.of("US", "IVUS", "OT", "SC", "XC", "ES", "GM", "SM", "OP", "DOC");

    /** SOP classes (PS3.6 / PS3.4 B.5) whose pixels are screen grabs, photographs, video or documents. */
    public static final Set<String> DEFAULT_RISKY_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.7",          // Secondary Capture Image
            "1.2.840.10008.5.1.4.1.1.7.1",        // Multi-frame Single Bit Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.2",        // Multi-frame Grayscale Byte Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.3",        // Multi-frame Grayscale Word Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.4",        // Multi-frame True Color Secondary Capture
            "1.2.840.10008.5.1.4.1.1.6",          // Ultrasound Image (retired)
            "1.2.840.10008.5.1.4.1.1.6.1",        // Ultrasound Image
            "1.2.840.10008.5.1.4.1.1.3",          // Ultrasound Multi-frame Image (retired)
            "1.2.840.10008.5.1.4.1.1.3.1",        // Ultrasound Multi-frame Image
            "1.2.840.10008.5.1.4.1.1.77.1.1",     // VL Endoscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.1.1",   // Video Endoscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.2",     // VL Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.2.1",   // Video Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.3",     // VL Slide-Coordinates Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.4",     // VL Photographic Image
            "1.2.840.10008.5.1.4.1.1.77.1.4.1",   // Video Photographic Image
            "1.2.840.10008.5.1.4.1.1.77.1.5.1",   // Ophthalmic Photography 8 Bit Image
            "1.2.840.10008.5.1.4.1.1.77.1.5.2",   // Ophthalmic Photography 16 Bit Image
            "1.2.840.10008.5.1.4.1.1.77.1.6",     // VL Whole Slide Microscopy Image
            "1.2.840.10008.5.1.4.1.1.77.1.7",     // Dermoscopic Photography Image
            "1.2.840.10008.5.1.4.1.1.104.1",      // Encapsulated PDF
            "1.2.840.10008.5.1.4.1.1.104.2");     // Encapsulated CDA

    /**
     * The policy of a profile that says nothing, as the product's specification sets it: refuse YES,
     * and refuse the risky modalities and SOP classes above unless Burned In Annotation is NO. Some
     * devices write NO over burned-in text; a site that distrusts its devices sets
     * {@code trust-no: false}, and risky instances then need a matching redaction rule.
     */
    public static final BurnedInPolicy DEFAULT =
            new BurnedInPolicy(true, DEFAULT_RISKY_MODALITIES, DEFAULT_RISKY_SOP_CLASSES, true, Detection.DEFAULT);

    public BurnedInPolicy {
        riskyModalities = Set.copyOf(riskyModalities);
        riskySopClasses = Set.copyOf(riskySopClasses);
        if (detection == null) {
            throw new IllegalArgumentException("detection must not be null (Detection.DEFAULT)");
        }
    }

    /** The header-only policy of earlier versions: no pixel scan. */
    public BurnedInPolicy(boolean refuseWhenYes, Set<String> riskyModalities, Set<String> riskySopClasses, boolean trustNo) {
        this(refuseWhenYes, riskyModalities, riskySopClasses, trustNo, Detection.NEVER);
    }

    public BurnedInPolicy withDetection(Detection d) {
        return new BurnedInPolicy(refuseWhenYes, riskyModalities, riskySopClasses, trustNo, d);
    }

    /** Which instances get their pixels scanned for text. */
    public enum Scan {
        /** Risky modalities and SOP classes, Burned In Annotation YES or absent, NO where not trusted. */
        AT_RISK,
        /** Every image. */
        ALL,
        /** None: the header alone decides (the policy of earlier versions). */
        NEVER
    }

    /** Which regions are blanked. */
    public enum Redact {
        /** Text found by the detectors and the rectangles of matching redaction rules. */
        DETECTED_AND_RULES,
        /** Text found by the detectors only. */
        DETECTED,
        /** The rules' rectangles only; text found outside them refuses the instance. */
        RULES
    }

    /** Whether the OCR engine must be there. */
    public enum Ocr {
        /** Used where it loads; without it the text-likeness detector alone scans (stated at start-up). */
        AUTO,
        /** Start-up stops when it cannot load. */
        REQUIRED,
        /** Not used: the text-likeness detector alone scans. */
        OFF
    }

    /**
     * Re-encoding of redacted frames of lossy (JPEG 8-bit) input as JPEG Baseline instead of a
     * lossless syntax, for the listed modalities (typically US, whose files would otherwise grow
     * several times over).
     *
     * @param modalities Modality values it applies to
     * @param quality    JPEG quality, 50 to 100
     */
    public record LossyReencode(Set<String> modalities, int quality) {
        public LossyReencode {
            modalities = Set.copyOf(modalities);
            if (quality < 50 || quality > 100) {
                throw new IllegalArgumentException("quality must be 50 to 100, not " + quality);
            }
        }
    }

    /**
     * The pixel scan.
     *
     * @param scan            which instances are scanned
     * @param despiteNo       modalities scanned even when Burned In Annotation is NO and NO is trusted
     *                        (projection X-ray: vendors get the flag wrong, and a name label is common)
     * @param redact          which regions are blanked
     * @param ocr             whether OCR must be available
     * @param scanFrames      frames scanned one by one; a longer cine is scanned on a sample (docs/PIXEL_REDACTION.md)
     * @param scanSeconds     seconds of CPU the scan and check of one instance may take before it is refused
     *                        ({@code BURNED_IN_SCAN_TOO_LONG}): bounds the work an input can cause
     * @param refuseYesWithoutText refuse an instance that declares burned-in text (YES) when the scan finds none
     * @param lossyReencode   re-encode redacted lossy input as JPEG Baseline (null: lossless)
     */
    public record Detection(Scan scan, Set<String> despiteNo, Redact redact, Ocr ocr, int scanFrames, int scanSeconds,
                            boolean refuseYesWithoutText, LossyReencode lossyReencode) {
        /** Most frames a profile may ask to scan one by one. */
        public static final int MAX_SCAN_FRAMES = 10_000;
        /**
         * The default {@code scanSeconds}: 18 times what a 1,000-frame 640x480 ultrasound cine with a name
         * took to scan, blank and check (34 s of CPU with the JVM's start, docs/PIXEL_REDACTION.md), so
         * that in practice only input that is no picture (pixel noise, "text" everywhere) meets it.
         */
        public static final int DEFAULT_SCAN_SECONDS = 600;
        /** Most seconds a profile may allow: a day. */
        public static final int MAX_SCAN_SECONDS = 86_400;
        public static final Set<String> DEFAULT_DESPITE_NO = Set.of("DX", "CR", "XA", "RF", "MG", "PX", "IO");

        /**
         * The product's default: scan what is at risk, projection X-ray even with NO, blank detected
         * text and rule rectangles, OCR where it loads, 64 frames one by one, refuse a YES without
         * text found, lossless output, {@value #DEFAULT_SCAN_SECONDS} s of CPU per instance.
         */
        public static final Detection DEFAULT = new Detection(Scan.AT_RISK, DEFAULT_DESPITE_NO, Redact.DETECTED_AND_RULES,
                Ocr.AUTO, 64, DEFAULT_SCAN_SECONDS, true, null);
        public static final Detection NEVER = new Detection(Scan.NEVER, Set.of(), Redact.RULES, Ocr.OFF, 64,
                DEFAULT_SCAN_SECONDS, true, null);

        public Detection {
            despiteNo = Set.copyOf(despiteNo);
            if (scan == null || redact == null || ocr == null) {
                throw new IllegalArgumentException("scan, redact and ocr must be set");
            }
            if (scanFrames < 1 || scanFrames > MAX_SCAN_FRAMES) {
                throw new IllegalArgumentException("scanFrames must be 1 to " + MAX_SCAN_FRAMES + ", not " + scanFrames);
            }
            if (scanSeconds < 1 || scanSeconds > MAX_SCAN_SECONDS) {
                throw new IllegalArgumentException("scanSeconds must be 1 to " + MAX_SCAN_SECONDS + ", not " + scanSeconds);
            }
        }

        /** The same policy with another OCR mode. */
        public Detection withOcr(Ocr mode) {
            return new Detection(scan, despiteNo, redact, mode, scanFrames, scanSeconds, refuseYesWithoutText, lossyReencode);
        }

        public boolean scans() {
            return scan != Scan.NEVER;
        }
    }
}
