package org.mip.dicom.dict;

import java.nio.file.*;
import java.util.*;
import org.mip.dicom.VR;

/** PLACEHOLDER until the dict branch lands: reads the shared TSV directly (dev only). */
public final class ElementDictionary {
    public record Entry(int tag, String vrSpec, List<VR> vrs, String keyword) {}
    private static ElementDictionary INSTANCE;
    private final Map<Integer, Entry> byTag = new HashMap<>();
    private final Map<String, Entry> byKw = new HashMap<>();

    public static synchronized ElementDictionary standard() {
        if (INSTANCE == null) INSTANCE = new ElementDictionary();
        return INSTANCE;
    }

    private ElementDictionary() {
        try {
            for (String line : Files.readAllLines(Path.of("/work/shared/dicom-standard/data-dictionary.tsv"))) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("tag") || f[0].contains("x")) continue;
                List<VR> vrs = new ArrayList<>();
                for (String p : f[1].split(" or ")) { VR v = VR.ofName(p.trim()); if (v != null) vrs.add(v); }
                Entry e = new Entry((int) Long.parseLong(f[0], 16), f[1], vrs, f[3]);
                byTag.put(e.tag(), e);
                byKw.put(e.keyword(), e);
            }
        } catch (Exception e) { throw new RuntimeException(e); }
    }

    public Optional<Entry> lookup(int tag) { return Optional.ofNullable(byTag.get(tag)); }

    public int tagOf(String kw) { return byKw.get(kw).tag(); }

    public VR vrOf(int tag, VrContext ctx) {
        if ((tag & 0xFFFF) == 0) return VR.UL;
        int g = tag >>> 16;
        if ((g & 1) == 1 && (tag & 0xFFFF) >= 0x10 && (tag & 0xFFFF) <= 0xFF) return VR.LO;
        if ((g & 0xFF00) == 0x6000 && (tag & 0xFFFF) == 0x3000) return VR.OW;
        Entry e = byTag.get(tag);
        if (e == null || e.vrs().isEmpty()) return VR.UN;
        if (e.vrs().size() == 1) return e.vrs().get(0);
        if (e.vrs().contains(VR.SS)) return ctx.pixelRepresentation() == 1 ? VR.SS : VR.US;
        return VR.OW;
    }
}
