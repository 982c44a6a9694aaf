package org.mip.deid;

import java.nio.charset.StandardCharsets;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;

/** Replaces the UIDs of a value with their keyed pseudonyms, leaving the DICOM registry's own UIDs ({@link UidPolicy}). */
final class UidMapping {
    private final Pseudonymizer pseudonymizer;

    UidMapping(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    /** Maps every UID of {@code v} (a UI value, or UIDs written with another text VR) in {@code ds}; the UIDs it replaced. */
    Effect map(Dataset ds, ValueElement v) {
        String raw = new String(v.bytes(), StandardCharsets.ISO_8859_1);
        String[] values = raw.split("\\\\", -1);
        int mapped = 0;
        for (int i = 0; i < values.length; i++) {
            String uid = values[i].replace("\0", "").strip();
            if (!uid.isEmpty() && !UidPolicy.isWellKnown(uid)) {
                values[i] = pseudonymizer.uid(uid);
                mapped++;
            } else {
                values[i] = uid;
            }
        }
        if (mapped > 0) {
            ds.setString(v.tag(), VR.UI, String.join("\\", values));
        }
        return Effect.uids(mapped);
    }
}
