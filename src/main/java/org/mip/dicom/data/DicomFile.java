package org.mip.dicom.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;

/**
 * A DICOM file held as a header tree with bulk values by reference. Closing it releases the
 * source file and deletes spool files, so bulk values must be copied out before.
 */
public final class DicomFile implements AutoCloseable {
    private byte[] preamble;
    private Dataset meta;
    private final Dataset dataset;
    private TransferSyntax transferSyntax;
    private final boolean transferSyntaxSniffed;
    private final long sourceLength;
    private final List<Closeable> resources;

    public DicomFile(byte[] preamble, Dataset meta, Dataset dataset, TransferSyntax transferSyntax,
                     boolean transferSyntaxSniffed, long sourceLength, List<Closeable> resources) {
        this.preamble = preamble;
        this.meta = meta;
        this.dataset = dataset;
        this.transferSyntax = transferSyntax;
        this.transferSyntaxSniffed = transferSyntaxSniffed;
        this.sourceLength = sourceLength;
        this.resources = new ArrayList<>(resources);
    }

    /** The 128-byte preamble, or null when the input had none. */
    public byte[] preamble() {
        return preamble;
    }

    /** Replaces the preamble (128 bytes) written before "DICM"; null writes zeros. */
    public void setPreamble(byte[] preamble) {
        if (preamble != null && preamble.length != 128) {
            throw new IllegalArgumentException("a preamble has 128 bytes, not " + preamble.length);
        }
        this.preamble = preamble;
    }

    /** The File Meta Information (group 0002), or null for a raw data set. */
    public Dataset meta() {
        return meta;
    }

    public void setMeta(Dataset meta) {
        this.meta = meta;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The transfer syntax the data set was read in and is written back in (unless {@link #setTransferSyntax} changed it). */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * Changes the transfer syntax the data set is written in, for a transform that re-encoded the
     * pixel data (a redacted JPEG frame written losslessly). Only between syntaxes that encode the
     * data set itself the same way (explicit VR little endian, not deflated): the header tree was
     * read in that encoding and stays valid; the caller has re-encoded Pixel Data to match.
     */
    public void setTransferSyntax(TransferSyntax ts) {
        if (!sameDatasetEncoding(transferSyntax, ts)) {
            throw new IllegalArgumentException("cannot change the data set encoding from " + transferSyntax + " to " + ts);
        }
        this.transferSyntax = ts;
    }

    private static boolean sameDatasetEncoding(TransferSyntax a, TransferSyntax b) {
        return a.explicitVr() && b.explicitVr() && !a.bigEndian() && !b.bigEndian() && !a.deflated() && !b.deflated();
    }

    /** True when (0002,0010) was missing or unknown and the encoding was detected from the bytes. */
    public boolean transferSyntaxSniffed() {
        return transferSyntaxSniffed;
    }

    /** Size of the input in bytes, or -1 when it was a stream of unknown length. */
    public long sourceLength() {
        return sourceLength;
    }

    /** The transfer syntax UID as written in the meta group, or null when there is none. */
    public String declaredTransferSyntaxUid() {
        return meta == null ? null : meta.getString(Tag.TRANSFER_SYNTAX_UID);
    }

    /**
     * Ties a resource (e.g. the spool file a transform wrote a new bulk value to) to this file's
     * lifetime: it is closed with the file, after the resources the reader opened.
     */
    public void addResource(Closeable resource) {
        resources.add(resource);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Closeable c : resources) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
