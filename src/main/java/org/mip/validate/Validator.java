package org.mip.validate;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DatasetVisitor;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.CommonTags;
import org.mip.dicom.dict.DefinedTerms;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.value.Dates;
import org.mip.dicom.value.DecimalStrings;
import org.mip.dicom.value.FrameGeometry;
import org.mip.dicom.value.IntegerStrings;
import org.mip.dicom.value.Uids;

/**
 * Decides whether a file may enter the pipeline (see {@code docs/VALIDATION.md} for every check).
 * Problems with the file are findings, never exceptions: {@link #validate(Path)} turns a parse
 * failure into an {@link FindingCode#UNREADABLE} or {@link FindingCode#TRUNCATED} result.
 * Stateless apart from its policy: one instance may serve many threads.
 */
public final class Validator {

    /** Findings kept per file; past it, one last finding says how many more there were. */
    public static final int MAX_FINDINGS = 100;

    /** Tags by keyword, from the dictionary. */
    private static final class Tags {
        static final int[] REQUIRED = {Tag.SOP_CLASS_UID, Tag.SOP_INSTANCE_UID, CommonTags.STUDY_INSTANCE_UID,
            CommonTags.SERIES_INSTANCE_UID, CommonTags.MODALITY};
        static final int[] REQUIRED_WITH_PIXELS = {CommonTags.ROWS, CommonTags.COLUMNS, CommonTags.SAMPLES_PER_PIXEL,
            Tag.BITS_ALLOCATED, CommonTags.PHOTOMETRIC_INTERPRETATION};
    }

    private final ValidationPolicy policy;
    private final ReadOptions readOptions;

    public Validator(ValidationPolicy policy) {
        this(policy, ReadOptions.DEFAULT);
    }

    public Validator(ValidationPolicy policy, ReadOptions readOptions) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.readOptions = Objects.requireNonNull(readOptions, "readOptions");
    }

    public ValidationPolicy policy() {
        return policy;
    }

    /** Reads and validates a file; a file that cannot be read is a result, not an exception. */
    public ValidationResult validate(Path path) {
        Findings findings = new Findings();
        try {
            checkSize(Files.size(path), findings);
        } catch (IOException e) {
            // DicomReader reports the same problem with the codec's reason below.
        }
        try (DicomFile file = DicomReader.read(path, readOptions)) {
            check(file, findings, false);
        } catch (DicomException e) {
            findings.add(unreadable(e));
        } catch (IOException e) {
            // closing a file we only read: nothing to report
        }
        return findings.result();
    }

    /** Reads a stream to the end of its data set and validates it; the size limit counts the bytes read. */
    public ValidationResult validate(InputStream input) {
        Findings findings = new Findings();
        CountingStream counting = new CountingStream(input);
        try (DicomFile file = DicomReader.read(counting, readOptions)) {
            checkSize(counting.count, findings);
            check(file, findings, false);
        } catch (DicomException e) {
            checkSize(counting.count, findings);
            findings.add(unreadable(e));
        } catch (IOException e) {
            // closing: nothing to report
        }
        return findings.result();
    }

    /** Validates a file already read (its size from {@link DicomFile#sourceLength()} when known). */
    public ValidationResult validate(DicomFile file) {
        Findings findings = new Findings();
        check(file, findings, true);
        return findings.result();
    }

    /** The finding for a parse failure: TRUNCATED for truncated input, UNREADABLE otherwise; both carry the reason. */
    public static Finding unreadable(DicomException e) {
        FindingCode code = e.reason() == DicomException.Reason.TRUNCATED ? FindingCode.TRUNCATED : FindingCode.UNREADABLE;
        return new Finding(code, null, e.getMessage(), e.reason());
    }

    // ------------------------------------------------------------------ checks

    private void checkSize(long size, Findings findings) {
        if (policy.hasSizeLimit() && size > policy.maxFileSize()) {
            findings.add(new Finding(FindingCode.TOO_LARGE, null,
                    "file is " + size + " bytes, more than the limit of " + policy.maxFileSize()));
        }
    }

    private void check(DicomFile file, Findings findings, boolean checkSize) {
        if (checkSize && file.sourceLength() >= 0) {
            checkSize(file.sourceLength(), findings);
        }
        Dataset ds = file.dataset();
        checkTransferSyntax(file, findings);
        for (int tag : Tags.REQUIRED) {
            if (isEmpty(ds, tag)) {
                findings.add(Finding.of(FindingCode.MISSING_ATTRIBUTE, tag, "required, but " + absentOrEmpty(ds, tag)));
            }
        }
        checkPolicy(ds, findings);
        if (file.meta() != null) {
            checkValues(file.meta(), Where.TOP, findings);
        }
        checkValues(ds, Where.TOP, findings);
        checkPixelData(file, findings);
    }

    private static void checkTransferSyntax(DicomFile file, Findings findings) {
        String guessed = "; the data set was read as " + file.transferSyntax().name();
        if (file.meta() == null) {
            // A bare data set (no preamble, no meta) is accepted: the reader only takes one whose first element
            // has a plausible group and, for explicit VR, a real VR, so its encoding is known, not guessed.
            // The de-identified output is always a Part 10 file with a meta group.
            return;
        }
        String uid = file.declaredTransferSyntaxUid();
        if (uid == null) {
            findings.add(Finding.of(FindingCode.MISSING_TRANSFER_SYNTAX, Tag.TRANSFER_SYNTAX_UID,
                    (file.meta().contains(Tag.TRANSFER_SYNTAX_UID) ? "is empty" : "is missing from the File Meta Information")
                            + guessed));
        } else if (!TransferSyntax.isKnown(uid)) {
            String shown = DefinedTerms.shownUid(uid);
            findings.add(Finding.of(FindingCode.UNKNOWN_TRANSFER_SYNTAX, Tag.TRANSFER_SYNTAX_UID,
                    shown + " is not a transfer syntax this pipeline knows" + guessed));
        }
    }

    private void checkPolicy(Dataset ds, Findings findings) {
        String modality = ds.getString(CommonTags.MODALITY);
        if (!policy.allowedModalities().isEmpty() && modality != null && !policy.allowedModalities().contains(modality)) {
            // A defined term of the standard is never PHI and is what the operator needs to see; any other
            // value may be anything (a name typed in the wrong field) and is described by its length.
            findings.add(Finding.of(FindingCode.MODALITY_NOT_ALLOWED, CommonTags.MODALITY,
                    DefinedTerms.shown(CommonTags.MODALITY, modality) + " is not in the allowed modalities "
                            + String.join(", ", new java.util.TreeSet<>(policy.allowedModalities()))));
        }
        String sopClass = ds.getString(Tag.SOP_CLASS_UID);
        if (!policy.allowedSopClasses().isEmpty() && sopClass != null && !policy.allowedSopClasses().contains(sopClass)) {
            findings.add(Finding.of(FindingCode.SOP_CLASS_NOT_ALLOWED, Tag.SOP_CLASS_UID,
                    DefinedTerms.shownUid(sopClass) + " is not one of the "
                            + policy.allowedSopClasses().size() + " allowed SOP classes"));
        }
    }

    // ------------------------------------------------------------------ values, at every depth

    /** Checks the public values of {@code ds} and of every item below it; {@code where} says where {@code ds} is. */
    private static void checkValues(Dataset ds, Where where, Findings findings) {
        ds.walk(new DatasetVisitor<Where>() {
            @Override
            public Where visit(Dataset d, Element e, Where w) {
                if (e instanceof SequenceElement) {
                    return w;
                }
                if (e instanceof ValueElement v && !Tag.isPrivate(e.tag()) && !Tag.isGroupLength(e.tag())) {
                    checkValue(d, v, w, findings);
                }
                return null;
            }

            @Override
            public Where item(SequenceElement s, int index, Where w) {
                return new Where(w, index, s.tag());
            }
        }, where);
    }

    /**
     * Where a data set is: the top level, or item {@code item} of sequence {@code tag} in its parent.
     * Its text is made only for a finding: labels are built with String.format, too slow to make for
     * every item of every valid file.
     */
    private record Where(Where parent, int item, int tag) {
        static final Where TOP = new Where(null, 0, 0);

        /** "" at the top level, else e.g. "in item 2 of (0040,0275) RequestAttributesSequence in item 1 of ...: ". */
        String prefix() {
            return parent == null ? "" : chain() + ": ";
        }

        private String chain() {
            String own = "in item " + item + " of " + Finding.label(tag);
            return parent.parent == null ? own : own + " " + parent.chain();
        }
    }

    private static void checkValue(Dataset ds, ValueElement v, Where where, Findings findings) {
        VR vr = effectiveVr(ds, v);
        int tag = v.tag();
        byte[] bytes = v.bytes();
        if (bytes.length == 0 || vr == null) {
            return;
        }
        int size = vr.valueSize();
        if (size > 0) {
            if (bytes.length % size != 0) {
                findings.add(Finding.of(FindingCode.INVALID_VALUE, tag, where.prefix() + "length " + bytes.length
                        + " is not a multiple of " + size + ", the size of one " + vr + " value"));
            }
            return;
        }
        if (vr != VR.UI && vr != VR.IS && vr != VR.DS && vr != VR.DA) {
            return;
        }
        List<String> values = split(new String(bytes, StandardCharsets.ISO_8859_1));
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String which = values.size() == 1 ? "" : " " + (i + 1) + " of " + values.size();
            if (value.isEmpty() && (vr != VR.UI || values.size() == 1)) {
                continue; // empty values are allowed; an empty UID among several is not
            }
            String problem = switch (vr) {
                case UI -> Uids.problem(value);
                case IS -> IntegerStrings.problem(value);
                case DS -> DecimalStrings.problem(value);
                default -> Dates.problem(value);
            };
            if (problem != null) {
                findings.add(Finding.of(vr == VR.UI ? FindingCode.INVALID_UID : FindingCode.INVALID_VALUE, tag,
                        where.prefix() + (vr == VR.UI ? "UID" : "value") + which + " " + problem
                        + (vr != v.vr() ? " (checked as " + vr + ", the dictionary's VR for this UN element)" : "")));
            }
        }
    }

    /**
     * The VR to check a value as: its own, or for a public element written as UN the dictionary's VR
     * (when the dictionary gives exactly one, and the bytes are little endian as UN content is).
     * Null when the value cannot be checked.
     */
    private static VR effectiveVr(Dataset ds, ValueElement v) {
        if (v.vr() != VR.UN) {
            return v.vr();
        }
        List<VR> vrs = ElementDictionary.standard().lookup(v.tag()).map(ElementDictionary.Entry::vrs).orElse(List.of());
        if (vrs.size() != 1 || vrs.get(0) == VR.UN || vrs.get(0) == VR.SQ) {
            return null;
        }
        VR vr = vrs.get(0);
        return vr.kind() == VR.Kind.BINARY && ds.bigEndian() ? null : vr;
    }

    /** Values of a default-repertoire text element, split at backslashes, padding (spaces, NULs) removed. */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\\') {
                int from = start;
                int to = i;
                while (from < to && isPadding(text.charAt(from))) {
                    from++;
                }
                while (to > from && isPadding(text.charAt(to - 1))) {
                    to--;
                }
                out.add(text.substring(from, to));
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean isPadding(char c) {
        return c == ' ' || c == 0;
    }

    // ------------------------------------------------------------------ pixel data

    private static void checkPixelData(DicomFile file, Findings findings) {
        Dataset ds = file.dataset();
        int pixelTag = 0;
        for (int t : new int[] {Tag.PIXEL_DATA, Tag.FLOAT_PIXEL_DATA, Tag.DOUBLE_FLOAT_PIXEL_DATA}) {
            if (ds.contains(t)) {
                pixelTag = t;
                break;
            }
        }
        if (pixelTag == 0) {
            return;
        }
        Element pixels = ds.get(pixelTag);
        boolean missing = false;
        for (int tag : Tags.REQUIRED_WITH_PIXELS) {
            if (isEmpty(ds, tag)) {
                findings.add(Finding.of(FindingCode.MISSING_ATTRIBUTE, tag,
                        "required with " + Finding.label(pixelTag) + ", but " + absentOrEmpty(ds, tag)));
                missing = true;
            }
        }
        TransferSyntax ts = file.transferSyntax();
        if (pixels instanceof FragmentsElement) {
            if (ts.known() && !ts.encapsulated()) {
                findings.add(Finding.of(FindingCode.INVALID_VALUE, pixelTag,
                        "encapsulated (fragments) in the native transfer syntax " + ts.name()));
            }
            return;
        }
        if (ts.known() && ts.encapsulated() && pixelTag == Tag.PIXEL_DATA) {
            findings.add(Finding.of(FindingCode.INVALID_VALUE, pixelTag,
                    "native (not in fragments) in the encapsulated transfer syntax " + ts.name()));
            return;
        }
        if (missing) {
            return;
        }
        long rows = unsigned(ds, CommonTags.ROWS);
        long columns = unsigned(ds, CommonTags.COLUMNS);
        long samples = unsigned(ds, CommonTags.SAMPLES_PER_PIXEL);
        long bits = unsigned(ds, Tag.BITS_ALLOCATED);
        long frames = 1;
        if (ds.contains(CommonTags.NUMBER_OF_FRAMES) && !isEmpty(ds, CommonTags.NUMBER_OF_FRAMES)) {
            frames = ds.getInt(CommonTags.NUMBER_OF_FRAMES, -1);
            if (frames < 1) {
                if (frames == 0) {
                    findings.add(Finding.of(FindingCode.INVALID_VALUE, CommonTags.NUMBER_OF_FRAMES, "is 0 but there is pixel data"));
                }
                return; // a value that is not a number is reported by the value checks
            }
        }
        if (pixelTag == Tag.FLOAT_PIXEL_DATA) {
            bits = 32;
        } else if (pixelTag == Tag.DOUBLE_FLOAT_PIXEL_DATA) {
            bits = 64;
        } else if (bits != 1 && (bits == 0 || bits % 8 != 0)) {
            findings.add(Finding.of(FindingCode.INVALID_VALUE, Tag.BITS_ALLOCATED,
                    "is " + bits + "; it must be 1 or a multiple of 8"));
            return;
        }
        for (int tag : new int[] {CommonTags.ROWS, CommonTags.COLUMNS, CommonTags.SAMPLES_PER_PIXEL}) {
            if (unsigned(ds, tag) < 1) {
                findings.add(Finding.of(FindingCode.INVALID_VALUE, tag, "is 0 but there is pixel data"));
                return;
            }
        }
        long valuesPerPixel = FrameGeometry.valuesPerPixel(samples, ds.getString(CommonTags.PHOTOMETRIC_INTERPRETATION));
        long expected;
        try {
            expected = FrameGeometry.length(rows, columns, frames, valuesPerPixel, bits);
        } catch (ArithmeticException e) {
            findings.add(Finding.of(FindingCode.PIXEL_DATA_LENGTH, pixelTag, "the image size overflows 64 bits"));
            return;
        }
        long actual = pixels instanceof BulkElement b ? b.data().length()
                : pixels instanceof ValueElement v ? v.length() : -1;
        if (actual < 0) {
            return;
        }
        boolean padded = expected % 2 == 1 && actual == expected + 1;
        if (actual != expected && !padded) {
            findings.add(Finding.of(FindingCode.PIXEL_DATA_LENGTH, pixelTag, "is " + actual + " bytes, but Rows " + rows
                    + " x Columns " + columns + " x frames " + frames + " x samples " + valuesPerPixel
                    + (bits == 1 ? " at 1 bit (rounded up to whole bytes)" : " x " + bits / 8 + " bytes (Bits Allocated " + bits + ")")
                    + " = " + expected + (expected % 2 == 1 ? " (or " + (expected + 1) + " with its pad byte)" : "")));
        }
    }

    private static long unsigned(Dataset ds, int tag) {
        return ds.getInt(tag, 0) & 0xFFFFFFFFL;
    }

    private static boolean isEmpty(Dataset ds, int tag) {
        Element e = ds.get(tag);
        if (e == null) {
            return true;
        }
        if (e instanceof ValueElement v) {
            if (v.vr().isText()) {
                return ds.getText(tag) == null || ds.getText(tag).isEmpty();
            }
            return v.length() == 0;
        }
        if (e instanceof SequenceElement s) {
            return s.items().isEmpty();
        }
        return false;
    }

    private static String absentOrEmpty(Dataset ds, int tag) {
        return ds.contains(tag) ? "empty" : "absent";
    }

    // ------------------------------------------------------------------ plumbing

    /** Findings of one file, bounded by {@link #MAX_FINDINGS}. */
    private static final class Findings {
        private final List<Finding> list = new ArrayList<>();
        private int dropped;
        private FindingCode droppedCode;

        void add(Finding f) {
            if (list.size() < MAX_FINDINGS) {
                list.add(f);
            } else {
                dropped++;
                droppedCode = f.code();
            }
        }

        ValidationResult result() {
            List<Finding> out = new ArrayList<>(list);
            if (dropped > 0) {
                out.add(new Finding(droppedCode, null, "and " + dropped + " more findings not listed"));
            }
            return ValidationResult.of(out);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += Math.max(0, s);
            return s;
        }
    }
}
