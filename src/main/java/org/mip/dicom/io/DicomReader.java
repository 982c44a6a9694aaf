package org.mip.dicom.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FileRegion;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * Builds the header tree of a DICOM file from the token stream of {@link DicomStreamReader}.
 * Header values are held in memory; bulk values are references: regions of the source file when
 * reading a file, else regions of a spool file. Memory therefore depends on the header only.
 */
public final class DicomReader {

    private DicomReader() {
    }

    /** Reads a file; bulk values stay in the file, which stays open until the DicomFile is closed. */
    public static DicomFile read(Path path, ReadOptions options) throws DicomException {
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            size = channel.size();
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, "cannot open the file: " + org.mip.config.FileProblems.describe(e));
        }
        List<Closeable> resources = new ArrayList<>();
        resources.add(channel);
        return build(Channels.newInputStream(channel), channel, size, options, resources);
    }

    public static DicomFile read(Path path) throws DicomException {
        return read(path, ReadOptions.DEFAULT);
    }

    /**
     * Reads a stream (e.g. an object body from S3); bulk values are spooled to a temporary file
     * deleted when the DicomFile is closed. The stream is read to the end of the data set, not closed.
     */
    public static DicomFile read(InputStream input, ReadOptions options) throws DicomException {
        return build(input, null, -1, options, new ArrayList<>());
    }

    private static DicomFile build(InputStream input, FileChannel source, long size, ReadOptions options,
                                   List<Closeable> resources) throws DicomException {
        boolean ok = false;
        DicomStreamReader reader = new DicomStreamReader(input, options, size);
        try {
            FileHeader header = reader.readHeader();
            Dataset root = new Dataset(header.transferSyntax().bigEndian());
            new TreeBuilder(reader, source, options, resources).fill(root);
            ok = true;
            return new DicomFile(header.preamble(), header.meta(), root, header.transferSyntax(),
                    header.transferSyntaxSniffed(), size, resources);
        } finally {
            reader.release(); // the tree holds everything it needs (bulk values by position or spooled)
            if (!ok) {
                for (Closeable c : resources) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // already failing; the first error is the one to report
                    }
                }
            }
        }
    }

    /** Estimated heap of a bulk value's reference: BulkElement and its region. */
    private static final int BULK_COST = 64;
    /** Heap of a sequence's shell, measured: SequenceElement (24), its items list (24) and array (56). */
    private static final int SEQUENCE_COST = 104;
    /** Heap of a data set's own element map, made at its first element (an empty item shares one). */
    private static final int MAP_COST = 48;

    /** Consumes tokens into a tree; an explicit stack, so nesting depth never grows the Java stack. */
    private static final class TreeBuilder {
        private final DicomStreamReader reader;
        private final FileChannel source;
        private final ReadOptions options;
        private final List<Closeable> resources;
        private Spool spool;
        /** Estimated heap of the tree so far (see ReadOptions.maxHeaderBytes); checked as it grows. */
        private long cost;
        private long elementCount;
        private long itemCount;

        TreeBuilder(DicomStreamReader reader, FileChannel source, ReadOptions options, List<Closeable> resources) {
            this.reader = reader;
            this.source = source;
            this.options = options;
            this.resources = resources;
        }

        void fill(Dataset root) throws DicomException {
            ArrayDeque<Dataset> datasets = new ArrayDeque<>();
            ArrayDeque<SequenceElement> sequences = new ArrayDeque<>();
            Dataset current = root;
            FragmentsElement fragments = null;
            while (true) {
                DicomStreamReader.Event event = reader.next();
                switch (event) {
                    case ELEMENT: {
                        org.mip.dicom.data.Element e = element(reader.tag(), reader.vr());
                        elementCount++;
                        charge(ReadOptions.HEADER_COST_PER_ELEMENT + (current.isEmpty() ? MAP_COST : 0)
                                + (e instanceof ValueElement v ? (v.length() + 7) & ~7L : BULK_COST), sequences);
                        current.put(e);
                        break;
                    }
                    case SEQUENCE_START: {
                        elementCount++;
                        charge(ReadOptions.HEADER_COST_PER_ELEMENT + (current.isEmpty() ? MAP_COST : 0) + SEQUENCE_COST,
                                sequences);
                        SequenceElement seq = new SequenceElement(reader.tag(), reader.vr(), reader.length() < 0);
                        current.put(seq);
                        sequences.push(seq);
                        break;
                    }
                    case ITEM_START: {
                        SequenceElement seq = sequences.peek();
                        itemCount++;
                        charge(ReadOptions.HEADER_COST_PER_ITEM, sequences);
                        Dataset item = new Dataset(!seq.implicitItems() && current.bigEndian());
                        item.setUndefinedLength(reader.length() < 0);
                        item.setParent(current);
                        seq.items().add(item);
                        datasets.push(current);
                        current = item;
                        break;
                    }
                    case ITEM_END:
                        current = datasets.pop();
                        break;
                    case SEQUENCE_END:
                        sequences.pop();
                        break;
                    case FRAGMENTS_START:
                        fragments = new FragmentsElement(reader.tag(), reader.vr());
                        current.put(fragments);
                        break;
                    case FRAGMENT:
                        charge(BULK_COST, sequences);
                        fragments.fragments().add(bulk(true));
                        break;
                    case FRAGMENTS_END:
                        fragments = null;
                        break;
                    case END:
                        return;
                    default:
                        throw new IllegalStateException(event.name());
                }
            }
        }

        /**
         * Adds {@code bytes} to the tree's estimated heap; past ReadOptions.maxHeaderBytes the file is
         * refused at once, so a deflated stream of millions of items stops long before it is inflated.
         */
        private void charge(long bytes, ArrayDeque<SequenceElement> sequences) throws DicomException {
            cost += bytes;
            if (cost > options.maxHeaderBytes()) {
                SequenceElement in = sequences.peek();
                String where = in == null ? "" : ", in an item of sequence " + org.mip.dicom.Tag.toString(in.tag())
                        + " (" + in.items().size() + " items)";
                throw new DicomException(Reason.TOO_LARGE, "the header would take more than "
                        + (options.maxHeaderBytes() >> 20) + " MiB of memory, the limit for one file: "
                        + elementCount + " elements and " + itemCount + " sequence items read so far" + where,
                        reader.position());
            }
        }

        private org.mip.dicom.data.Element element(int tag, VR vr) throws DicomException {
            if (isBulkVr(vr) && reader.length() > options.bulkThreshold()) {
                return new BulkElement(tag, vr, bulk(false));
            }
            return new ValueElement(tag, vr, reader.readValue());
        }

        /** The current value as a reference: a region of the source file, or of the spool. */
        private BulkData bulk(boolean fragment) throws DicomException {
            long length = reader.length();
            if (source != null && !reader.inflated()) {
                FileRegion region = new FileRegion(source, reader.valueOffset(), length);
                reader.skipValue();
                return region;
            }
            if (fragment && length <= options.bulkThreshold()) {
                return BulkData.of(reader.readValue());
            }
            Spool s = spool();
            long start = s.size();
            reader.copyValue(s.appender());
            return s.region(start);
        }

        private Spool spool() throws DicomException {
            if (spool == null) {
                try {
                    spool = new Spool(options.spoolDir());
                } catch (IOException e) {
                    throw new DicomException(Reason.IO_ERROR, "cannot create spool file: " + e.getMessage());
                }
                resources.add(spool);
            }
            return spool;
        }

        private static boolean isBulkVr(VR vr) {
            return vr.kind() == VR.Kind.BULK;
        }
    }
}
