package org.mip.deid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.mip.deid.profile.AttributeOverride;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.DateShiftRange;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.PseudonymPatterns;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;

/**
 * Shared test helpers for the de-identification engine: keys, profiles, the stand-in text cleaner
 * and pixel stage (swap {@link #scrubbers} / {@link #PIXELS} for the real ones in one line each),
 * building data sets by keyword, writing and reading files in memory.
 */
final class DeidKit {
    static final ElementDictionary DICT = ElementDictionary.standard();

    /** The test key: 32 bytes 0x00..0x1F. */
    static final DeidKey KEY = DeidKey.of(seq(0));
    /** A different key, to show pseudonyms depend on it. */
    static final DeidKey OTHER_KEY = DeidKey.of(seq(100));

    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    static final String RT_STRUCT = "1.2.840.10008.5.1.4.1.1.481.3";

    private DeidKit() {
    }

    private static byte[] seq(int start) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    // ------------------------------------------------------------------ engine

    /** The pixel stage of the tests: never refuses, never redacts. */
    static final PixelStage PIXELS = new PixelStage() {
        @Override
        public Plan plan(DicomFile file, Profile profile) {
            return Plan.nothing(org.mip.deid.PixelSummary.headerOnly("BURNED_IN_NOT_INDICATED", false, 0, file.transferSyntax().uid()));
        }

        @Override
        public org.mip.deid.PixelSummary apply(Plan plan, DicomFile file) {
            throw new AssertionError("nothing to apply");
        }
    };

    /**
     * The free-text cleaner of the tests: removes every planted string (longest first, so a marker
     * inside another goes with it). The real cleaner plugs in here.
     */
    static Function<Dataset, TextScrubber> scrubbers(Collection<String> planted) {
        List<String> byLength = planted.stream().sorted((a, b) -> b.length() - a.length()).toList();
        return ds -> (text, vr) -> {
            String out = text;
            for (String p : byLength) {
                out = out.replace(p, "");
            }
            return out;
        };
    }

    static Deidentifier deidentifier(Profile profile, DeidKey key, Collection<String> planted) {
        return new Deidentifier(profile, new Pseudonymizer(key, profile.uidRoot()), scrubbers(planted), PIXELS, "test-1");
    }

    static Deidentifier deidentifier(Profile profile) {
        return deidentifier(profile, KEY, List.of());
    }

    /** A profile builder with the defaults of the product. */
    static final class ProfileBuilder {
        private final Set<DeidOption> options = EnumSet.noneOf(DeidOption.class);
        private final Map<Integer, AttributeOverride> overrides = new HashMap<>();
        private final List<SafePrivateElement> safe = new java.util.ArrayList<>();
        private PseudonymPatterns patterns = PseudonymPatterns.DEFAULT;
        private DateShiftRange range = DateShiftRange.DEFAULT;
        private String name = "test";
        private String uidRoot = "2.25";

        ProfileBuilder options(DeidOption... o) {
            options.addAll(Arrays.asList(o));
            return this;
        }

        ProfileBuilder override(String keyword, AttributeOverride.Action action, String value) {
            overrides.put(tag(keyword), new AttributeOverride(action, value));
            return this;
        }

        ProfileBuilder override(int tag, AttributeOverride.Action action, String value) {
            overrides.put(tag, new AttributeOverride(action, value));
            return this;
        }

        ProfileBuilder safe(SafePrivateElement e) {
            safe.add(e);
            return this;
        }

        ProfileBuilder patterns(PseudonymPatterns p) {
            patterns = p;
            return this;
        }

        ProfileBuilder range(DateShiftRange r) {
            range = r;
            return this;
        }

        ProfileBuilder name(String n) {
            name = n;
            return this;
        }

        ProfileBuilder uidRoot(String r) {
            uidRoot = r;
            return this;
        }

        Profile build() {
            return new Profile(name, "test profile", options, overrides, safe, patterns, range, uidRoot,
                    new BurnedInPolicy(false, Set.of(), Set.of(), true), List.of());
        }
    }

    static ProfileBuilder profile(DeidOption... options) {
        return new ProfileBuilder().options(options);
    }

    // ------------------------------------------------------------------ data sets

    static int tag(String keyword) {
        return DICT.tagOf(keyword);
    }

    static VR vr(String keyword) {
        return DICT.byKeyword(keyword).orElseThrow().vrs().get(0);
    }

    /** Sets a text element by keyword with the dictionary's VR (first of several). */
    static void set(Dataset ds, String keyword, String value) {
        ds.setString(tag(keyword), vr(keyword), value);
    }

    static void setUs(Dataset ds, String keyword, int... values) {
        ds.setInts(tag(keyword), VR.US, values);
    }

    /** A sequence by keyword with the given items; items get {@code ds} as parent. */
    static SequenceElement seq(Dataset ds, String keyword, Dataset... items) {
        return seq(ds, tag(keyword), VR.SQ, false, items);
    }

    static SequenceElement seq(Dataset ds, int tag, VR vr, boolean undefined, Dataset... items) {
        SequenceElement s = new SequenceElement(tag, vr, undefined);
        for (Dataset item : items) {
            s.items().add(item);
        }
        ds.put(s);
        return s;
    }

    static Dataset item(Dataset parent) {
        Dataset d = new Dataset(parent.bigEndian());
        d.setParent(parent);
        return d;
    }

    static void bytes(Dataset ds, int tag, VR vr, byte[] value) {
        ds.put(new ValueElement(tag, vr, value));
    }

    /** A fresh File Meta Information group for {@code ds}. */
    static Dataset meta(Dataset ds, TransferSyntax ts) {
        Dataset meta = new Dataset(false);
        bytes(meta, tag("FileMetaInformationVersion"), VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(Tag.SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(Tag.SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.setString(tag("ImplementationClassUID"), VR.UI, "1.2.3.4.5.6.7");
        meta.setString(tag("ImplementationVersionName"), VR.SH, "TESTKIT");
        return meta;
    }

    static DicomFile file(Dataset ds, TransferSyntax ts) {
        return new DicomFile(new byte[128], meta(ds, ts), ds, ts, false, -1, List.of());
    }

    // ------------------------------------------------------------------ bytes

    static byte[] write(DicomFile file) throws DicomException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(file, out, org.mip.dicom.io.WriteOptions.DEFAULT);
        return out.toByteArray();
    }

    static DicomFile read(byte[] bytes) throws DicomException {
        return DicomReader.read(new ByteArrayInputStream(bytes), ReadOptions.DEFAULT);
    }

    static DicomFile read(Path path) throws DicomException {
        return DicomReader.read(path);
    }

    /** What one de-identification run produced. */
    record Run(DeidResult result, byte[] output) {
        DicomFile reread() throws DicomException {
            return read(output);
        }
    }

    /** Reads {@code input}, de-identifies it and writes it back. */
    static Run run(Deidentifier deid, byte[] input) throws Exception {
        try (DicomFile f = read(input)) {
            DeidResult r = deid.deidentify(f);
            return new Run(r, write(f));
        }
    }

    static Run run(Deidentifier deid, DicomFile file) throws Exception {
        return run(deid, write(file));
    }

    /**
     * De-identifies {@code file} as built in memory (no write and read first) and writes it: for
     * structures the reader refuses from disk but a caller could still hand over.
     */
    static Run runInMemory(Deidentifier deid, DicomFile file) throws Exception {
        DeidResult r = deid.deidentify(file);
        return new Run(r, write(file));
    }

    /**
     * The bytes of a Part 10 file as they would be read: a deflated data set is inflated, so a
     * search sees its text. Other files are returned as they are.
     */
    static byte[] plain(byte[] file) throws IOException {
        if (file.length < 144 || file[128] != 'D' || file[131] != 'M') {
            return file;
        }
        int groupLength = (file[140] & 0xFF) | (file[141] & 0xFF) << 8 | (file[142] & 0xFF) << 16 | (file[143] & 0xFF) << 24;
        int bodyStart = 144 + groupLength;
        String head = new String(file, 0, bodyStart, StandardCharsets.ISO_8859_1);
        if (!head.contains(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid())) {
            return file;
        }
        Inflater inflater = new Inflater(true);
        inflater.setInput(file, bodyStart, file.length - bodyStart);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, bodyStart);
        byte[] buf = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("bad deflate stream", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static Path writeTemp(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
