package org.mip.dicom.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * Writes a {@link DicomFile} in its own transfer syntax (deflated stays deflated): preamble and
 * meta when the file has a meta group (meta group length recomputed), then the data set. Odd
 * values are padded per VR; sequences and items keep their delimitation style (defined lengths
 * are recomputed); group lengths are recomputed or dropped. Bulk values are copied from their source.
 */
public final class DicomWriter {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final byte[] DICM = {'D', 'I', 'C', 'M'};

    private final WriteOptions options;
    private final Map<Dataset, Long> lengths = new IdentityHashMap<>();

    private DicomWriter(WriteOptions options) {
        this.options = options;
    }

    public static void write(DicomFile file, Path path, WriteOptions options) throws DicomException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DicomWriter w = new DicomWriter(options);
            DicomOutput head = new DicomOutput(channel);
            w.writeHeader(file, head);
            if (file.transferSyntax().deflated()) {
                head.flush();
                w.writeDeflated(file, Channels.newOutputStream(channel));
            } else {
                w.writeDataset(file.dataset(), new Encoding(file.transferSyntax()), head);
                head.flush();
            }
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, "cannot write " + path.getFileName() + ": " + e.getMessage());
        }
    }

    public static void write(DicomFile file, Path path) throws DicomException {
        write(file, path, WriteOptions.DEFAULT);
    }

    /** Writes to a stream, which is flushed but not closed. */
    public static void write(DicomFile file, OutputStream out, WriteOptions options) throws DicomException {
        try {
            DicomWriter w = new DicomWriter(options);
            DicomOutput head = new DicomOutput(out);
            w.writeHeader(file, head);
            head.flush();
            if (file.transferSyntax().deflated()) {
                w.writeDeflated(file, out);
            } else {
                w.writeDataset(file.dataset(), new Encoding(file.transferSyntax()), head);
                head.flush();
            }
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, "write failed: " + e.getMessage());
        }
    }

    private void writeDeflated(DicomFile file, OutputStream raw) throws IOException, DicomException {
        Deflater deflater = new Deflater(options.deflateLevel(), true);
        try {
            DeflaterOutputStream z = new DeflaterOutputStream(nonClosing(raw), deflater, 64 * 1024);
            DicomOutput body = new DicomOutput(z);
            writeDataset(file.dataset(), new Encoding(file.transferSyntax()), body);
            body.flush();
            z.finish();
            z.flush();
        } finally {
            deflater.end();
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    // ------------------------------------------------------------------ header

    private void writeHeader(DicomFile file, DicomOutput out) throws IOException, DicomException {
        Dataset meta = file.meta();
        if (meta == null) {
            return;
        }
        byte[] preamble = file.preamble() != null ? file.preamble() : new byte[128];
        out.bytes(preamble, 0, 128);
        out.bytes(DICM);
        Encoding le = Encoding.EXPLICIT_LE;
        long groupLength = 0;
        for (Element e : meta) {
            if (e.tag() != Tag.FILE_META_INFORMATION_GROUP_LENGTH) {
                groupLength += elementLength(e, le);
            }
        }
        out.tag(Tag.FILE_META_INFORMATION_GROUP_LENGTH, false);
        out.u16(VR.UL.code(), true);
        out.u16(4, false);
        out.u32(groupLength, false);
        for (Element e : meta) {
            if (e.tag() != Tag.FILE_META_INFORMATION_GROUP_LENGTH) {
                writeElement(e, le, meta, out);
            }
        }
    }

    // ------------------------------------------------------------------ data set

    private void writeDataset(Dataset ds, Encoding enc, DicomOutput out) throws IOException, DicomException {
        writeNested(Level.dataset(ds, enc, false), out);
    }

    /**
     * One open container while writing: a data set (or item) whose elements are being written, or a
     * sequence whose items are. An explicit stack of these, not recursion, so that nesting depth is
     * limited by the data (the reader's maxDepth), never by the Java stack.
     */
    private static final class Level {
        final Dataset dataset;
        final Iterator<Element> elements;
        final Iterator<Dataset> items;
        final Encoding enc;       // of the data set's elements, or of the sequence's items and delimiter
        final boolean delimit;    // write an item / sequence delimiter at the end

        private Level(Dataset dataset, Iterator<Element> elements, Iterator<Dataset> items, Encoding enc, boolean delimit) {
            this.dataset = dataset;
            this.elements = elements;
            this.items = items;
            this.enc = enc;
            this.delimit = delimit;
        }

        static Level dataset(Dataset ds, Encoding enc, boolean delimit) {
            return new Level(ds, ds.iterator(), null, enc, delimit);
        }

        static Level sequence(SequenceElement s, Encoding itemEnc, boolean delimit) {
            return new Level(null, null, s.items().iterator(), itemEnc, delimit);
        }
    }

    private void writeNested(Level start, DicomOutput out) throws IOException, DicomException {
        ArrayDeque<Level> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Level top = stack.peek();
            if (top.items != null) {
                if (top.items.hasNext()) {
                    Dataset item = top.items.next();
                    out.tag(Tag.ITEM, top.enc.bigEndian);
                    long itemLength = item.undefinedLength() ? UNDEFINED : datasetLength(item, top.enc);
                    boolean delimitItem = itemLength >= UNDEFINED;
                    out.u32(delimitItem ? UNDEFINED : itemLength, top.enc.bigEndian);
                    stack.push(Level.dataset(item, top.enc, delimitItem));
                } else {
                    stack.pop();
                    if (top.delimit) {
                        // In the items' encoding: for UN with undefined length the whole value, delimiter
                        // included, is Implicit VR Little Endian (PS3.5 §6.2.2), as the reader expects.
                        out.tag(Tag.SEQUENCE_DELIMITATION, top.enc.bigEndian);
                        out.u32(0, top.enc.bigEndian);
                    }
                }
                continue;
            }
            if (!top.elements.hasNext()) {
                stack.pop();
                if (top.delimit) {
                    out.tag(Tag.ITEM_DELIMITATION, top.enc.bigEndian);
                    out.u32(0, top.enc.bigEndian);
                }
                continue;
            }
            Element e = top.elements.next();
            if (Tag.isGroupLength(e.tag())) {
                if (options.keepGroupLengths()) {
                    writeGroupLength(top.dataset, e, top.enc, out);
                }
            } else if (e instanceof SequenceElement s) {
                stack.push(startSequence(s, top.enc, out));
            } else {
                writeElement(e, top.enc, top.dataset, out);
            }
        }
    }

    private void writeGroupLength(Dataset ds, Element groupLength, Encoding enc, DicomOutput out) throws IOException {
        int group = Tag.group(groupLength.tag());
        long length = 0;
        for (Element e : ds.range(Tag.of(group, 1), Tag.of(group, 0xFFFF))) {
            length += elementLength(e, enc);
        }
        header(groupLength.tag(), VR.UL, 4, enc, out);
        out.u32(length, enc.bigEndian);
    }

    private void writeElement(Element e, Encoding enc, Dataset ds, DicomOutput out) throws IOException, DicomException {
        if (e instanceof ValueElement v) {
            byte[] b = v.bytes();
            int padded = b.length + (b.length & 1);
            checkLength(v.tag(), v.vr(), padded, enc);
            header(v.tag(), v.vr(), padded, enc, out);
            out.bytes(b);
            if ((b.length & 1) == 1) {
                out.u8(v.vr().padding());
            }
        } else if (e instanceof BulkElement b) {
            long len = b.data().length();
            long padded = len + (len & 1);
            checkLength(b.tag(), b.vr(), padded, enc);
            header(b.tag(), b.vr(), padded, enc, out);
            out.bulk(b.data());
            if ((len & 1) == 1) {
                out.u8(b.vr().padding());
            }
        } else if (e instanceof SequenceElement s) {
            writeSequence(s, enc, out);
        } else if (e instanceof FragmentsElement f) {
            header(f.tag(), f.vr(), UNDEFINED, enc, out);
            for (org.mip.dicom.data.BulkData frag : f.fragments()) {
                long len = frag.length();
                out.tag(Tag.ITEM, false);
                out.u32(len + (len & 1), false);
                out.bulk(frag);
                if ((len & 1) == 1) {
                    out.u8(0);
                }
            }
            out.tag(Tag.SEQUENCE_DELIMITATION, false);
            out.u32(0, false);
        }
    }

    private void writeSequence(SequenceElement s, Encoding enc, DicomOutput out) throws IOException, DicomException {
        writeNested(startSequence(s, enc, out), out);
    }

    /** Writes the sequence's header; the returned level writes its items and delimiter. */
    private Level startSequence(SequenceElement s, Encoding enc, DicomOutput out) throws IOException {
        Encoding itemEnc = s.implicitItems() ? Encoding.IMPLICIT_LE : enc;
        long contentLength = s.undefinedLength() ? UNDEFINED : sequenceContentLength(s, itemEnc);
        if (contentLength >= UNDEFINED) {
            contentLength = UNDEFINED; // too long for a defined length: delimit instead
        }
        header(s.tag(), s.vr(), contentLength, enc, out);
        return Level.sequence(s, itemEnc, contentLength == UNDEFINED);
    }

    private void header(int tag, VR vr, long length, Encoding enc, DicomOutput out) throws IOException {
        out.tag(tag, enc.bigEndian);
        if (enc.explicitVr) {
            out.u16(vr.code(), true);
            if (vr.hasLongLength()) {
                out.u16(0, false);
                out.u32(length, enc.bigEndian);
            } else {
                out.u16((int) length, enc.bigEndian);
            }
        } else {
            out.u32(length, enc.bigEndian);
        }
    }

    private static void checkLength(int tag, VR vr, long padded, Encoding enc) throws DicomException {
        long max = enc.explicitVr && !vr.hasLongLength() ? 0xFFFF : 0xFFFFFFFEL;
        if (padded > max) {
            throw new DicomException(Reason.INVALID_LENGTH, "value of " + Tag.shown(tag) + " (" + padded
                    + " bytes) is too long for VR " + vr + " in this transfer syntax");
        }
    }

    // ------------------------------------------------------------------ lengths

    /** Encoded size of a whole element: header and (padded) value, or sequence with its items. */
    private long elementLength(Element e, Encoding enc) {
        long header = enc.explicitVr && !e.vr().hasLongLength() ? 8 : (enc.explicitVr ? 12 : 8);
        if (e instanceof ValueElement v) {
            return header + v.length() + (v.length() & 1);
        }
        if (e instanceof BulkElement b) {
            long len = b.data().length();
            return header + len + (len & 1);
        }
        if (e instanceof SequenceElement s) {
            Encoding itemEnc = s.implicitItems() ? Encoding.IMPLICIT_LE : enc;
            long content = sequenceContentLength(s, itemEnc);
            boolean delimited = s.undefinedLength() || content >= UNDEFINED;
            return header + content + (delimited ? 8 : 0);
        }
        FragmentsElement f = (FragmentsElement) e;
        long total = header + 8;
        for (org.mip.dicom.data.BulkData frag : f.fragments()) {
            total += 8 + frag.length() + (frag.length() & 1);
        }
        return total;
    }

    private long sequenceContentLength(SequenceElement s, Encoding itemEnc) {
        long total = 0;
        for (Dataset item : s.items()) {
            long len = datasetLength(item, itemEnc);
            total += 8 + len + (item.undefinedLength() || len >= UNDEFINED ? 8 : 0);
        }
        return total;
    }

    /**
     * Encoded length of a data set's elements (no item header). Computed children first with an explicit
     * stack, so that a sequence's length only ever asks for items already known: no deep recursion.
     */
    private long datasetLength(Dataset ds, Encoding enc) {
        Long cached = lengths.get(ds);
        if (cached != null) {
            return cached;
        }
        ArrayDeque<Dataset> todo = new ArrayDeque<>();
        ArrayDeque<Encoding> todoEnc = new ArrayDeque<>();
        Map<Dataset, Boolean> expanded = new IdentityHashMap<>();
        todo.push(ds);
        todoEnc.push(enc);
        while (!todo.isEmpty()) {
            Dataset d = todo.peek();
            Encoding e = todoEnc.peek();
            if (lengths.containsKey(d)) {
                todo.pop();
                todoEnc.pop();
            } else if (expanded.put(d, Boolean.TRUE) == null) {
                for (Element el : d) {
                    if (el instanceof SequenceElement s) {
                        Encoding itemEnc = s.implicitItems() ? Encoding.IMPLICIT_LE : e;
                        for (Dataset item : s.items()) {
                            if (!lengths.containsKey(item)) {
                                todo.push(item);
                                todoEnc.push(itemEnc);
                            }
                        }
                    }
                }
            } else {
                todo.pop();
                todoEnc.pop();
                long total = 0;
                for (Element el : d) {
                    if (Tag.isGroupLength(el.tag())) {
                        total += options.keepGroupLengths() ? 12 : 0;
                    } else {
                        total += elementLength(el, e); // its items' lengths are known by now
                    }
                }
                lengths.put(d, total);
            }
        }
        return lengths.get(ds);
    }

    /** How the elements of one data set level are encoded. */
    private record Encoding(boolean explicitVr, boolean bigEndian) {
        static final Encoding EXPLICIT_LE = new Encoding(true, false);
        static final Encoding IMPLICIT_LE = new Encoding(false, false);

        Encoding(TransferSyntax ts) {
            this(ts.explicitVr(), ts.bigEndian());
        }
    }
}
