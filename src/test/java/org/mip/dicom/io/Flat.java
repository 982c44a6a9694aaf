package org.mip.dicom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * Our reader's view of a file, flattened to one entry per element at every depth (meta group first),
 * in the path notation the oracle adapters use: "GGGGEEEE" steps joined by "/", "[i]" after a
 * sequence step for its item i, "{i}" for pixel data fragment i (0 = Basic Offset Table).
 */
final class Flat {

    /**
     * @param raw       the value bytes as stored (null for a sequence or encapsulated pixel data)
     * @param items     item (or fragment) count for a sequence (or encapsulated pixel data), else -1
     * @param undefined for a sequence or an item (path ends in "[i]"): whether it was delimited
     * @param owner     the data set the element is in
     */
    record Entry(String path, VR vr, byte[] raw, int items, boolean undefined, Element element, Dataset owner) {
        boolean bigEndian() {
            return owner.bigEndian();
        }
    }

    private Flat() {
    }

    static List<Entry> of(DicomFile file) {
        List<Entry> out = new ArrayList<>();
        if (file.meta() != null) {
            walk(file.meta(), "", out);
        }
        walk(file.dataset(), "", out);
        return out;
    }

    static String step(int tag) {
        return Tag.toHex(tag);
    }

    private static void walk(Dataset ds, String prefix, List<Entry> out) {
        for (Element e : ds) {
            String path = prefix + step(e.tag());
            if (e instanceof SequenceElement s) {
                out.add(new Entry(path, s.vr(), null, s.items().size(), s.undefinedLength(), e, ds));
                for (int i = 0; i < s.items().size(); i++) {
                    Dataset item = s.items().get(i);
                    out.add(new Entry(path + "[" + i + "]", null, null, item.size(), item.undefinedLength(), e, item));
                    walk(item, path + "[" + i + "]/", out);
                }
            } else if (e instanceof FragmentsElement f) {
                out.add(new Entry(path, f.vr(), null, f.fragments().size(), true, e, ds));
                for (int i = 0; i < f.fragments().size(); i++) {
                    out.add(new Entry(path + "{" + i + "}", VR.OB, bytes(f.fragments().get(i)), -1, false, e, ds));
                }
            } else if (e instanceof BulkElement b) {
                out.add(new Entry(path, b.vr(), bytes(b.data()), -1, false, e, ds));
            } else {
                ValueElement v = (ValueElement) e;
                out.add(new Entry(path, v.vr(), v.bytes(), -1, false, e, ds));
            }
        }
    }

    static byte[] bytes(BulkData data) {
        try {
            return data.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex of short values, "sha256:<hex>:<length>" above 256 bytes (as pydicom_dump.py prints). */
    static String digest(byte[] b) {
        if (b.length <= 256) {
            return HexFormat.of().formatHex(b);
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)) + ":" + b.length;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
