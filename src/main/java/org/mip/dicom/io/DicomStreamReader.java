package org.mip.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.dict.VrContext;

/**
 * A pull parser over a DICOM stream: {@link #readHeader()} once, then {@link #next()} returns one
 * token at a time (element, sequence start/end, item start/end, fragments start, fragment,
 * fragments end, end). After an ELEMENT or FRAGMENT the caller may read the value
 * ({@link #readValue()}), copy it ({@link #copyValue}) or ignore it: an unread value is skipped.
 * Nothing here holds more than one header value in memory.
 */
public final class DicomStreamReader implements AutoCloseable {

    /** The kinds of token. */
    public enum Event {
        ELEMENT, SEQUENCE_START, ITEM_START, ITEM_END, SEQUENCE_END, FRAGMENTS_START, FRAGMENT, FRAGMENTS_END, END
    }

    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** Longest run of zero bytes after the data set taken as padding: block sizes are up to 32 KiB. */
    private static final int MAX_ZERO_TAIL = 65_535;
    private static final byte[] DICM = {'D', 'I', 'C', 'M'};

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    /** An open container: where it ends (-1 undefined) and how its contents are encoded. */
    private static final class Frame {
        final Kind kind;
        final int tag;
        final long end;
        final boolean explicitVr;
        final boolean bigEndian;
        int pixelRepresentation = -1;
        int bitsAllocated = -1;

        Frame(Kind kind, int tag, long end, boolean explicitVr, boolean bigEndian) {
            this.kind = kind;
            this.tag = tag;
            this.end = end;
            this.explicitVr = explicitVr;
            this.bigEndian = bigEndian;
        }
    }

    private final DicomInput in;
    private final ReadOptions options;
    private final long sourceLength;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private Frame root;
    private boolean rawDataSet;
    private int sequenceDepth;
    /** Appended to a parse error when the first element's encoding disagrees with the transfer syntax; else null. */
    private String encodingHint;

    private int tag;
    private VR vr;
    private long length;
    private long valueOffset;
    private long valueRemaining;
    private byte[] lookahead;
    /** The current value's length field is 4 bytes of text ({@link #shownLength}). */
    private boolean textLength;

    /**
     * @param sourceLength the input's size in bytes when known (a file), else -1; lets impossible
     *                     lengths fail at once instead of after reading to the end
     */
    public DicomStreamReader(InputStream input, ReadOptions options, long sourceLength) {
        this.in = new DicomInput(input);
        this.options = options;
        this.sourceLength = sourceLength;
    }

    // ---------------------------------------------------------------- header

    /** Reads preamble and file meta if present, and decides how the data set is encoded. */
    public FileHeader readHeader() throws DicomException {
        byte[] preamble = null;
        if (in.ensure(132) && in.peek(128) == 'D' && in.peek(129) == 'I' && in.peek(130) == 'C' && in.peek(131) == 'M') {
            preamble = new byte[128];
            in.readFully(preamble, 0, 128);
            in.skip(4);
        } else if (in.ensure(4) && in.peek(0) == 'D' && in.peek(1) == 'I' && in.peek(2) == 'C' && in.peek(3) == 'M') {
            in.skip(4); // "DICM" without the preamble: seen in the wild
        }
        Dataset meta = null;
        if (in.ensure(6) && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            meta = readMeta();
        } else if (preamble != null) {
            throw new DicomException(Reason.INVALID_FILE_META, "no File Meta Information group after \"DICM\"", in.position());
        }

        TransferSyntax ts = null;
        boolean sniffed = false;
        String uid = meta == null ? null : meta.getString(Tag.TRANSFER_SYNTAX_UID);
        if (uid != null) {
            ts = TransferSyntax.of(uid);
        }
        if (ts == null || !ts.known()) {
            TransferSyntax guess = sniff(meta != null);
            sniffed = true;
            ts = ts == null ? guess
                    : new TransferSyntax(ts.uid(), ts.name(), guess.explicitVr(), guess.bigEndian(), false, true, false);
        }
        if (ts.deflated()) {
            in.startInflating(options.maxInflatedBytes());
        }
        if (!sniffed && in.ensure(8)) {
            // A data set in the other VR encoding than its transfer syntax says fails somewhere at its first
            // elements with a length or VR error that does not say why; bytes 4-5 of the first element tell.
            boolean looksExplicit = VR.ofCode((in.peek(4) << 8) | in.peek(5)) != null;
            if (looksExplicit && !ts.explicitVr()) {
                encodingHint = "; the transfer syntax " + ts.uid() + " says Implicit VR, but bytes 4-5 of the data set's"
                        + " first element name a VR: the transfer syntax likely disagrees with the data (Explicit VR)";
            } else if (!looksExplicit && ts.explicitVr()) {
                encodingHint = "; the transfer syntax " + ts.uid() + " says Explicit VR, but bytes 4-5 of the data set's"
                        + " first element name no VR: the transfer syntax likely disagrees with the data (Implicit VR)";
            }
        }
        root = new Frame(Kind.ITEM, 0, -1, ts.explicitVr(), ts.bigEndian());
        rawDataSet = meta == null;
        return new FileHeader(preamble, meta, ts, sniffed);
    }

    /** Group 0002: always Explicit VR Little Endian; read while the group is 0002, group length or not. */
    private Dataset readMeta() throws DicomException {
        Dataset meta = new Dataset(false);
        long start = in.position();
        while (in.ensure(8) && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            long at = in.position();
            int t = in.tag(false);
            int code = (in.peek(0) << 8) | in.peek(1);
            VR v = VR.ofCode(code);
            long len;
            try {
                if (v == null) {
                    // Some writers put the meta group in implicit VR; accept it rather than lose the file.
                    v = dictionary.vrOf(t, VrContext.IMPLICIT);
                    len = in.u32(false);
                } else {
                    in.skip(2);
                    len = v.hasLongLength() ? skipReservedAndReadLength() : in.u16(false);
                }
                if (len == UNDEFINED || len > 1 << 16) {
                    throw new DicomException(Reason.INVALID_FILE_META, "file meta element " + Tag.toString(t)
                            + " has an impossible length, " + shownLength(len) + " (a file meta value holds 64 KiB at most)", at);
                }
                meta.put(new ValueElement(t, v, in.readBytes(len)));
            } catch (DicomException e) {
                throw inside(e, "file meta element " + Tag.toString(t));
            }
            if (in.position() - start > 1 << 20) {
                throw new DicomException(Reason.INVALID_FILE_META, "file meta group larger than 1 MiB", at);
            }
        }
        if (!in.ensure(8) && in.ensure(2) && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            // cut inside the header of a file meta element: was read as the end of the group, then as "no data set"
            throw new DicomException(Reason.TRUNCATED, "input ends " + in.available()
                    + " bytes into the header of a file meta element", in.position());
        }
        return meta;
    }

    private long skipReservedAndReadLength() throws DicomException {
        in.skip(2);
        return in.u32(false);
    }

    /**
     * Decides the encoding of a data set from its first element: the byte order that gives a
     * plausible first group, and explicit VR when the next two bytes name a VR.
     */
    private TransferSyntax sniff(boolean hasMeta) throws DicomException {
        if (!in.ensure(8)) {
            if (hasMeta) { // "DICM" and a meta group: DICOM cut short, not something else
                throw new DicomException(Reason.TRUNCATED, in.ensure(1) ? "input ends " + in.available()
                        + " bytes into the data set's first element" : "input ends after the file meta group, with no data set",
                        in.position());
            }
            throw new DicomException(Reason.NOT_DICOM, "too short to be DICOM (" + in.available() + " bytes)", in.position());
        }
        int le = in.peek(0) | (in.peek(1) << 8);
        int be = (in.peek(0) << 8) | in.peek(1);
        boolean explicit = VR.ofCode((in.peek(4) << 8) | in.peek(5)) != null;
        if (hasMeta && !(plausibleFirstGroup(be) && !plausibleFirstGroup(le))) {
            // After "DICM" and a meta group it is DICOM for sure; only the encoding is in question.
            return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (plausibleFirstGroup(le)) {
            return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (plausibleFirstGroup(be) && explicit) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        // The first bytes in hex tell a binary format (a PNG, a JPEG) at a glance; text is not spelled out, in hex
        // either: a report or a list of patients is text whose first characters may be a name.
        boolean text = Tag.isTextByte(in.peek(0)) && Tag.isTextByte(in.peek(1)) && Tag.isTextByte(in.peek(2))
                && Tag.isTextByte(in.peek(3));
        throw new DicomException(Reason.NOT_DICOM,
                (hasMeta ? "the data set after the file meta" : "no \"DICM\" prefix, and the first bytes")
                + (text ? " (4 of text)" : String.format(" (%02X %02X %02X %02X)", in.peek(0), in.peek(1), in.peek(2), in.peek(3)))
                + " do not start a DICOM data set", in.position());
    }

    /** The groups a data set plausibly starts with: 0002 to 0028, even (identifying, patient, study, image). */
    private static boolean plausibleFirstGroup(int group) {
        return group >= 0x0002 && group <= 0x0028 && (group & 1) == 0;
    }

    // ---------------------------------------------------------------- tokens

    /** The next token; {@link Event#END} once the data set is complete. */
    public Event next() throws DicomException {
        if (encodingHint == null) {
            return nextToken();
        }
        try {
            return nextToken();
        } catch (DicomException e) {
            throw hinted(e);
        }
    }

    /** {@code e} with the encoding hint appended, for the errors a wrong transfer syntax causes. */
    private DicomException hinted(DicomException e) {
        if (encodingHint == null) {
            return e;
        }
        switch (e.reason()) {
            case TRUNCATED, INVALID_LENGTH, INVALID_VR, INVALID_STRUCTURE, TOO_LARGE:
                return e.withMore(encodingHint);
            default:
                return e;
        }
    }

    private Event nextToken() throws DicomException {
        if (root == null) {
            throw new IllegalStateException("readHeader() first");
        }
        if (valueRemaining > 0) {
            try {
                in.skip(valueRemaining);
            } catch (DicomException e) {
                throw withoutTextLength(e);
            }
            valueRemaining = 0;
        }
        lookahead = null;
        Frame top = stack.peek();
        if (top != null && top.end >= 0) {
            long p = in.position();
            if (p == top.end) {
                return close(top);
            }
            if (p > top.end) {
                throw new DicomException(Reason.INVALID_LENGTH, "contents of " + describe(top) + " run past its length", p);
            }
        }
        if (top == null) {
            if (in.atEnd()) {
                return Event.END;
            }
            if (in.peek(0) == 0 && (!in.ensure(2) || in.peek(1) == 0) && in.restIsZeros(MAX_ZERO_TAIL)) {
                // Zero padding after the last element (writers that pad to a block size): the data set
                // has ended, as dcmdump, pydicom and GDCM read it. Only at the top level, only zeros.
                in.skip(in.available());
                return Event.END;
            }
        } else if (in.atEnd()) {
            throw new DicomException(Reason.TRUNCATED, "input ends inside " + describe(top), in.position());
        }
        if (top != null && top.kind == Kind.SEQUENCE) {
            return readItem(top);
        }
        if (top != null && top.kind == Kind.FRAGMENTS) {
            return readFragment(top);
        }
        return readElement(top == null ? root : top);
    }

    private Event close(Frame top) {
        stack.pop();
        if (top.kind == Kind.SEQUENCE) {
            sequenceDepth--;
        }
        tag = top.tag;
        return top.kind == Kind.ITEM ? Event.ITEM_END : top.kind == Kind.SEQUENCE ? Event.SEQUENCE_END : Event.FRAGMENTS_END;
    }

    private Event readItem(Frame seq) throws DicomException {
        long at = in.position();
        int t = in.tag(seq.bigEndian);
        long len = in.u32(seq.bigEndian);
        if (t == Tag.ITEM) {
            long end = -1;
            if (len != UNDEFINED) {
                end = checkFits(in.position(), len, () -> "item of " + named(seq.tag), at);
            }
            stack.push(new Frame(Kind.ITEM, seq.tag, end, seq.explicitVr, seq.bigEndian));
            tag = Tag.ITEM;
            length = len == UNDEFINED ? -1 : len;
            return Event.ITEM_START;
        }
        if (t == Tag.SEQUENCE_DELIMITATION && seq.end < 0) {
            return close(seq);
        }
        throw new DicomException(Reason.INVALID_STRUCTURE, "expected an item of " + sequence(seq.tag)
                + " but found " + found(t), at);
    }

    private Event readFragment(Frame frags) throws DicomException {
        long at = in.position();
        int t = in.tag(false);
        long len = in.u32(false);
        if (t == Tag.SEQUENCE_DELIMITATION) {
            return close(frags);
        }
        if (t != Tag.ITEM || len == UNDEFINED) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "expected a pixel data fragment (item with a length) but found "
                    + found(t), at);
        }
        checkFits(in.position(), len, () -> "pixel data fragment", at);
        tag = Tag.ITEM;
        vr = VR.OB;
        setValue(len);
        return Event.FRAGMENT;
    }

    private Event readElement(Frame container) throws DicomException {
        long at = in.position();
        boolean big = container.bigEndian;
        int t;
        try {
            t = in.tag(big);
        } catch (DicomException e) {
            throw inside(e, "the tag of an element " + where(container));
        }
        if (t == Tag.ITEM_DELIMITATION) {
            in.u32(big);
            if (container != root && container.kind == Kind.ITEM && container.end < 0) {
                return close(container);
            }
            throw new DicomException(Reason.INVALID_STRUCTURE, "item delimiter outside an undefined-length item", at);
        }
        if (Tag.group(t) == 0xFFFE) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "unexpected " + Tag.toString(t)
                    + (container == root ? " in the data set" : " inside " + describe(container)), at);
        }
        if (container == root && Tag.group(t) == 0x0002) {
            // File meta elements come first, all together (read by readHeader). One after a data set element
            // would be written back right after the meta group and read as part of it: refuse it.
            throw new DicomException(Reason.INVALID_STRUCTURE, "file meta element " + Tag.toString(t)
                    + " inside the data set", at);
        }
        if (container == root && rawDataSet && !plausibleFirstGroup(Tag.group(t)) && Tag.group(t) < 0x0008) {
            // Groups 0000-0007 (bar 0004, 0006) are no data set's (PS3.5 §7.1). Without file meta a data set is
            // recognised by its first element, and written back (in tag order) this one would come first.
            throw new DicomException(Reason.INVALID_STRUCTURE, "element " + Tag.toString(t)
                    + " of a command or reserved group in a data set without file meta", at);
        }
        VR v;
        long len;
        if (container.explicitVr) {
            if (!in.ensure(2)) {
                throw new DicomException(Reason.TRUNCATED, "input ends inside the header of " + named(t), at);
            }
            int code = (in.peek(0) << 8) | in.peek(1);
            v = VR.ofCode(code);
            if (v == null && Tag.isText(t)) {
                // The tag is the problem, not the VR: say so, without the bytes (hex of text spells it).
                throw new DicomException(Reason.INVALID_VR, "found " + found(t) + " " + where(container)
                        + ", followed by bytes that are not a VR", at);
            }
            if (v == null) {
                String bytes = Tag.isTextByte(in.peek(0)) && Tag.isTextByte(in.peek(1)) ? "2 bytes of text"
                        : String.format("bytes %02X %02X", in.peek(0), in.peek(1));
                throw new DicomException(Reason.INVALID_VR, "element " + Tag.toString(t)
                        + (container == root ? "" : " " + where(container)) + " has "
                        + bytes + " where its VR should be", at);
            }
            len = lengthField(v, t, container);
        } else {
            v = dictionary.vrOf(t, context(container));
            len = lengthField(null, t, container);
        }
        tag = t;
        vr = v;

        if (len == UNDEFINED) {
            if (isPixelData(t) && (v == VR.OB || v == VR.OW || v == VR.UN)) {
                stack.push(new Frame(Kind.FRAGMENTS, t, -1, true, false));
                length = -1;
                vr = v == VR.OW ? VR.OW : VR.OB;
                return Event.FRAGMENTS_START;
            }
            if (v == VR.SQ || v == VR.UN || !container.explicitVr) {
                // Implicit VR: undefined length means a sequence (PS3.5 §7.5); UN: items in implicit VR LE (§6.2.2).
                boolean implicitItems = v == VR.UN && container.explicitVr;
                vr = v == VR.UN && !container.explicitVr ? VR.SQ : v;
                startSequence(t, -1, implicitItems ? false : container.explicitVr, implicitItems ? false : big, at);
                return Event.SEQUENCE_START;
            }
            throw new DicomException(Reason.INVALID_LENGTH, element(t) + " with VR " + v
                    + " has an undefined length", at);
        }
        long valueStart = in.position();
        long end = checkFits(valueStart, len, () -> "value of " + named(t), at);
        if (v == VR.SQ) {
            startSequence(t, end, container.explicitVr, big, at);
            return Event.SEQUENCE_START;
        }
        if (v == VR.UN && len >= 8 && (!container.explicitVr || dictionarySaysSequence(t)) && looksLikeItem()) {
            // A sequence hidden in UN: a private sequence in implicit VR, or a known SQ written as explicit UN.
            // Either way its items are Implicit VR Little Endian (PS3.5 §6.2.2).
            vr = container.explicitVr ? VR.UN : VR.SQ;
            startSequence(t, end, false, false, at);
            return Event.SEQUENCE_START;
        }
        if (len > 0 && len <= 4 && (t == Tag.BITS_ALLOCATED || t == Tag.PIXEL_REPRESENTATION)) {
            // Read now: later ambiguous VRs (US or SS, OB or OW) depend on these values.
            lookahead = in.readBytes(len);
            int value = len >= 2 ? (big ? ((lookahead[0] & 0xFF) << 8) | (lookahead[1] & 0xFF)
                    : ((lookahead[1] & 0xFF) << 8) | (lookahead[0] & 0xFF)) : -1;
            if (t == Tag.BITS_ALLOCATED) {
                container.bitsAllocated = value;
            } else {
                container.pixelRepresentation = value;
            }
            length = len;
            valueOffset = valueStart;
            valueRemaining = 0;
            return Event.ELEMENT;
        }
        setValue(len);
        return Event.ELEMENT;
    }

    /** Whether the value about to be read starts with an Implicit VR LE item tag (FFFE,E000). */
    private boolean looksLikeItem() throws DicomException {
        return in.ensure(4) && in.peek(0) == 0xFE && in.peek(1) == 0xFF && in.peek(2) == 0x00 && in.peek(3) == 0xE0;
    }

    private boolean dictionarySaysSequence(int t) {
        return dictionary.lookup(t).map(e -> e.vrs().contains(VR.SQ)).orElse(false);
    }

    private static boolean isPixelData(int t) {
        return t == Tag.PIXEL_DATA;
    }

    private void startSequence(int t, long end, boolean explicitVr, boolean bigEndian, long at) throws DicomException {
        if (sequenceDepth + 1 > options.maxDepth()) {
            throw new DicomException(Reason.NESTING_TOO_DEEP, "sequences nest deeper than " + options.maxDepth()
                    + " levels at " + named(t), at);
        }
        sequenceDepth++;
        stack.push(new Frame(Kind.SEQUENCE, t, end, explicitVr, bigEndian));
        length = end < 0 ? -1 : end - in.position();
    }

    private void setValue(long len) {
        textLength = len > 0xFFFF && Tag.isText((int) len);
        length = len;
        valueOffset = in.position();
        valueRemaining = len;
    }

    /**
     * The end position of a value or container of {@code len} bytes starting at {@code start}, if it fits.
     * {@code what} names it for the error message, built only on error (this runs for every element).
     */
    private long checkFits(long start, long len, Supplier<String> what, long at) throws DicomException {
        long end = start + len;
        if (!in.inflated() && sourceLength >= 0 && end > sourceLength) {
            throw new DicomException(Reason.TRUNCATED, what.get() + " claims " + shownLength(len) + " but only "
                    + Math.max(0, sourceLength - start) + " remain", at);
        }
        for (Frame f : stack) {
            if (f.end >= 0) {
                if (end > f.end) {
                    throw new DicomException(Reason.INVALID_LENGTH, what.get() + " (" + shownLength(len) + ") runs past the end of "
                            + describe(f), at);
                }
                break;
            }
        }
        return end;
    }

    private VrContext context(Frame container) {
        int pr = -1;
        int ba = -1;
        for (Frame f : stack) {
            if (f.kind == Kind.ITEM) {
                pr = pr < 0 ? f.pixelRepresentation : pr;
                ba = ba < 0 ? f.bitsAllocated : ba;
            }
        }
        pr = pr < 0 ? root.pixelRepresentation : pr;
        ba = ba < 0 ? root.bitsAllocated : ba;
        return new VrContext(pr, ba, container.explicitVr);
    }

    /**
     * A tag read where one was expected, for a message: "(GGGG,EEEE)", or when its four bytes are all text
     * (no real tag's are: {@link Tag#isText}) what they likely are, never the text itself.
     */
    private static String found(int t) {
        return Tag.isText(t) ? "4 bytes of text where a tag should be (likely a value, after a wrong length)" : Tag.toString(t);
    }

    /**
     * A length read from the input, for a message: "N bytes", unless its four bytes are all text (a length of
     * 538,976,288 bytes or more, so rarely a real one): then it is likely a value read as a length, and its
     * decimal would spell the value.
     */
    private static String shownLength(long len) {
        return len > 0xFFFF && Tag.isText((int) len) ? "a length whose 4 bytes are text (over 538 MB; likely a value, after"
                + " a wrong length)" : len + " bytes";
    }

    /** A truncation inside a value whose length is text: the count of missing bytes would spell it too. */
    private DicomException withoutTextLength(DicomException e) {
        if (e.reason() != Reason.TRUNCATED) {
            return e;
        }
        if (!textLength) {
            return inside(e, "the value of " + named(tag));
        }
        return new DicomException(Reason.TRUNCATED, "input ends inside the value of " + named(tag) + ", "
                + shownLength(length), valueOffset, e);
    }

    /**
     * An element's value length: after its VR ({@code explicit}, its 2 bytes not yet skipped) or, in
     * implicit VR (null), right after the tag. Running out of input is said of the element's header.
     */
    private long lengthField(VR explicit, int t, Frame container) throws DicomException {
        boolean big = container.bigEndian;
        try {
            if (explicit == null) {
                return in.u32(big);
            }
            in.skip(2);
            if (explicit.hasLongLength()) {
                in.skip(2);
                return in.u32(big);
            }
            return in.u16(big);
        } catch (DicomException e) {
            throw inside(e, "the header of " + element(t) + " " + where(container));
        }
    }

    /** A read that ran out of input, said of what was being read (the reader alone names no element). */
    private static DicomException inside(DicomException e, String what) {
        return e.reason() == Reason.TRUNCATED ? e.withMore(" inside " + what) : e;
    }

    /** "in the data set", or "in an item of sequence (GGGG,EEEE)". */
    private String where(Frame container) {
        return container == root ? "in the data set" : "in " + describe(container);
    }

    /** An element's tag for a message: "(GGGG,EEEE)", or what it is when its bytes are text ({@link Tag#isText}). */
    private static String named(int t) {
        return Tag.isText(t) ? "an element whose tag is 4 bytes of text" : Tag.toString(t);
    }

    /** "element (GGGG,EEEE)", or "an element whose tag is 4 bytes of text". */
    private static String element(int t) {
        return Tag.isText(t) ? named(t) : "element " + Tag.toString(t);
    }

    /** "sequence (GGGG,EEEE)", or "a sequence whose tag is 4 bytes of text". */
    private static String sequence(int t) {
        return Tag.isText(t) ? "a sequence whose tag is 4 bytes of text" : "sequence " + Tag.toString(t);
    }

    private static String describe(Frame f) {
        switch (f.kind) {
            case SEQUENCE: return sequence(f.tag);
            case ITEM: return "an item of " + sequence(f.tag);
            default: return "the pixel data fragments";
        }
    }

    // ---------------------------------------------------------------- token accessors

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** Value or container length in bytes; -1 when undefined. */
    public long length() {
        return length;
    }

    /** Offset of the current value in the input (inflated offset for deflated data sets). */
    public long valueOffset() {
        return valueOffset;
    }

    /** Bytes consumed so far (inflated offset for deflated data sets). */
    public long position() {
        return in.position();
    }

    /** True when offsets refer to inflated bytes, not to the file. */
    public boolean inflated() {
        return in.inflated();
    }

    /** Byte order of the element just read. */
    public boolean bigEndian() {
        Frame top = stack.peek();
        return (top == null ? root : top).bigEndian;
    }

    /** Number of open sequences. */
    public int sequenceDepth() {
        return sequenceDepth;
    }

    /** Reads the current ELEMENT or FRAGMENT value into memory (bounded by {@link ReadOptions#maxValueLength()}). */
    public byte[] readValue() throws DicomException {
        try {
            return readValueUnhinted();
        } catch (DicomException e) {
            throw hinted(e);
        }
    }

    private byte[] readValueUnhinted() throws DicomException {
        if (lookahead != null) {
            byte[] v = lookahead;
            lookahead = null;
            return v;
        }
        if (length > options.maxValueLength()) {
            throw new DicomException(Reason.TOO_LARGE, "value of " + named(tag) + " is " + shownLength(length)
                    + ", more than the " + options.maxValueLength() + " held in memory", valueOffset);
        }
        byte[] v;
        try {
            v = in.readBytes(valueRemaining);
        } catch (DicomException e) {
            throw withoutTextLength(e);
        }
        valueRemaining = 0;
        return v;
    }

    /** Copies the current value to {@code out} without holding it in memory. */
    public void copyValue(OutputStream out) throws DicomException {
        try {
            copyValueUnhinted(out);
        } catch (DicomException e) {
            throw hinted(e);
        }
    }

    private void copyValueUnhinted(OutputStream out) throws DicomException {
        if (lookahead != null) {
            try {
                out.write(lookahead);
            } catch (IOException e) {
                throw new DicomException(Reason.IO_ERROR, "write failed: " + e.getMessage(), valueOffset, e);
            }
            lookahead = null;
            return;
        }
        try {
            in.copyTo(out, valueRemaining);
        } catch (DicomException e) {
            throw withoutTextLength(e);
        }
        valueRemaining = 0;
    }

    /** Skips the current value (also done by {@link #next()} when the value was not read). */
    public void skipValue() throws DicomException {
        lookahead = null;
        if (valueRemaining > 0) {
            try {
                in.skip(valueRemaining);
            } catch (DicomException e) {
                throw withoutTextLength(e);
            }
            valueRemaining = 0;
        }
    }

    /** Done reading: frees the read buffer for the thread's next file; the source stays open. */
    public void release() {
        in.release();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
