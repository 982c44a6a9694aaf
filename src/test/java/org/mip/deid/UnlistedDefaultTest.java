package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.mip.deid.Operation.Action;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.table.ActionTable;
import org.mip.deid.table.ProductRows;
import org.mip.deid.text.TextScrubbers;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * The default for attributes PS3.15 Table E.1-1 does not list (nor the supplement), decision by
 * decision and over the whole dictionary, and what it reports in the summary.
 */
class UnlistedDefaultTest {
    private static final IntPredicate REQUIRED = tag -> true;
    private static final IntPredicate OPTIONAL = tag -> false;
    private static final Set<VR> TEXT = EnumSet.of(VR.LO, VR.SH, VR.ST, VR.LT, VR.UT, VR.UC, VR.PN);
    private static final List<Profile> PROFILES = List.of(ProfileLoader.builtIn("basic"), ProfileLoader.builtIn("research"));

    private static Action decide(Profile profile, IntPredicate required, Element e, boolean cleaning) {
        Dataset ds = new Dataset();
        ds.put(e);
        return new DeidPolicy(profile, ActionTable.standard(), required).decide(ds, e, cleaning).action();
    }

    private static ValueElement value(int tag, VR vr, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        if ((b.length & 1) == 1) {
            b = java.util.Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = ' ';
        }
        return new ValueElement(tag, vr, b);
    }

    /**
     * Every attribute of the dictionary of a text VR that neither Table E.1-1 nor the supplement
     * lists: kept only when the allow list names it; else removed where no IOD requires it, cleaned
     * (a name: dummied) where one does or inside a cleaned sequence (Code Meaning too, there). None is
     * kept by accident.
     */
    @Test
    void everyUnlistedTextAttributeIsAllowListedOrHandled() {
        ElementDictionary dict = ElementDictionary.standard();
        ProductRows rows = ProductRows.standard();
        List<String> wrong = new ArrayList<>();
        int handled = 0;
        for (ElementDictionary.Entry d : dict.entries()) {
            int tag = d.tag();
            int group = Tag.group(tag);
            if (group == 0x0000 || group == 0x0002 || dict.lookup(tag).orElse(null) != d
                    || ActionTable.standard().row(tag).isPresent() || rows.supplement().containsKey(tag)) {
                continue; // meta/command groups are removed whole; a mask whose x=0 tag is another row; listed rows
            }
            for (VR vr : d.vrs()) {
                if (!TEXT.contains(vr)) {
                    continue;
                }
                ValueElement e = value(tag, vr, vr == VR.PN ? "DOE^JANE" : "ANY TEXT");
                boolean structural = rows.isStructural(tag);
                boolean cleanedInContent = structural && !rows.keepsAsStructural(tag, true);
                for (Profile p : PROFILES) {
                    Action whenRequired = decide(p, REQUIRED, e, false);
                    Action whenOptional = decide(p, OPTIONAL, e, false);
                    Action inCleaned = decide(p, OPTIONAL, e, true);
                    Action handledAs = vr == VR.PN ? Action.DUMMY : Action.CLEAN_TEXT;
                    if (structural ? whenRequired != Action.KEEP || whenOptional != Action.KEEP
                            || inCleaned != (cleanedInContent ? handledAs : Action.KEEP)
                            : whenRequired != handledAs || whenOptional != Action.REMOVE || inCleaned != handledAs) {
                        wrong.add(d.keyword() + " " + vr + " (" + p.name() + "): required " + whenRequired + ", optional "
                                + whenOptional + ", in a cleaned sequence " + inCleaned);
                    }
                }
                handled += structural ? 0 : 1;
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(handled > 250, "the default acts on the unlisted free text of the dictionary: " + handled);
    }

    /**
     * Every UR attribute of the dictionary that neither the table nor the supplement lists: removed (a URL
     * or a file name names a place, often after the patient), unless the allow list names it (a coding
     * scheme's URL); and every unlisted attribute of a text VR written with a VR that is not text, or left
     * UN, is removed, whatever the IOD requires: the text rules cannot read it (a structural one, a code,
     * is kept as before).
     */
    @Test
    void unlistedUrlsAndTextWrittenAsAnotherVrAreRemoved() {
        ElementDictionary dict = ElementDictionary.standard();
        ProductRows rows = ProductRows.standard();
        List<String> wrong = new ArrayList<>();
        int urls = 0;
        int disguised = 0;
        for (ElementDictionary.Entry d : dict.entries()) {
            int tag = d.tag();
            int group = Tag.group(tag);
            if (group == 0x0000 || group == 0x0002 || dict.lookup(tag).orElse(null) != d
                    || ActionTable.standard().row(tag).isPresent() || rows.supplement().containsKey(tag)) {
                continue;
            }
            for (Profile p : PROFILES) {
                if (d.vrs().contains(VR.UR)) {
                    Action a = decide(p, REQUIRED, value(tag, VR.UR, "file:///pacs/DOE_JANE/IM1.dcm"), false);
                    if (a != (rows.isStructural(tag) ? Action.KEEP : Action.REMOVE)) {
                        wrong.add(d.keyword() + " UR (" + p.name() + "): " + a);
                    }
                    urls++;
                }
                if (d.vrs().stream().anyMatch(v -> TEXT.contains(v) || v == VR.UR) && !d.vrs().contains(VR.OB)) {
                    for (VR disguise : List.of(VR.OB, VR.OW, VR.US, VR.UN, VR.CS)) {
                        Action a = decide(p, REQUIRED, new ValueElement(tag, disguise, "DOE^JANE".getBytes(StandardCharsets.US_ASCII)), false);
                        if (a != (rows.isStructural(tag) ? Action.KEEP : Action.REMOVE)) {
                            wrong.add(d.keyword() + " as " + disguise + " (" + p.name() + "): " + a);
                        }
                    }
                    disguised++;
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(urls >= 2 * 3 && disguised > 2 * 250, "URLs " + urls + ", text attributes " + disguised);
        // typed text under another text VR is read as text (cleaned or removed as text is, not removed as unreadable)
        assertEquals(Action.CLEAN_TEXT, decide(PROFILES.get(0), REQUIRED, value(tag("UnformattedTextValue"), VR.UT, "Dr House"), false));
        // numbers written with another binary VR are numbers still: as before
        assertEquals(Action.KEEP, decide(PROFILES.get(0), OPTIONAL, new ValueElement(tag("BitsStored"), VR.UL, new byte[4]), false));
    }

    @Test
    void byKind() {
        Profile basic = PROFILES.get(0);
        // empty text carries nothing: left as it is (an empty Type 2 stays Type 2)
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("ContentDescription"), VR.LO, ""), false));
        // sequences are walked, never skipped, and never removed by the default
        SequenceElement s = new SequenceElement(tag("AnatomicRegionSequence"), VR.SQ, false);
        s.items().add(new Dataset());
        assertEquals(Action.WALK, decide(basic, OPTIONAL, s, false));
        // coded strings and numbers are not text a person types: kept
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("ContentLabel"), VR.CS, "ANNOTATION"), false));
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("SliceThickness"), VR.DS, "1.5"), false));
        // structural text from the allow list: kept
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("ConvolutionKernel"), VR.SH, "B30f"), false));
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("CodeValue"), VR.SH, "363698007"), true));
        // Code Meaning: kept as its code's meaning, cleaned where a Clean option cleans the content around it
        assertEquals(Action.KEEP, decide(basic, OPTIONAL, value(tag("CodeMeaning"), VR.LO, "CT chest"), false));
        assertEquals(Action.CLEAN_TEXT, decide(basic, OPTIONAL, value(tag("CodeMeaning"), VR.LO, "CT chest"), true));
        // the VR the element has decides: a text VR for an attribute the dictionary types otherwise is still text
        assertEquals(Action.REMOVE, decide(basic, OPTIONAL, value(tag("ContentLabel"), VR.LO, "DR HOUSE"), false));
        // a profile override wins over the default
        Profile keeps = DeidKit.profile().override("ContentDescription", org.mip.deid.profile.AttributeOverride.Action.KEEP, null).build();
        assertEquals(Action.KEEP, decide(keeps, OPTIONAL, value(tag("ContentDescription"), VR.LO, "Dr House"), false));
    }

    /**
     * Text newer than the PS3.3 data (2008): removed in an IOD the data holds, which did not require it
     * then (fail closed), and where the SOP class is unknown; cleaned in an instance of a newer SOP class
     * (Parametric Map, 2015), whose IOD may require it, so that the output stays conformant.
     */
    @Test
    void newerTextIsRemovedUnlessTheIodIsNewerToo() {
        org.mip.dicom.iod.ModuleTypes types = org.mip.dicom.iod.ModuleTypes.standard();
        String ct = "1.2.840.10008.5.1.4.1.1.2";
        String parametricMap = "1.2.840.10008.5.1.4.1.1.30";
        assertTrue(types.knowsSopClass(ct));
        assertFalse(types.knowsSopClass(parametricMap), "Parametric Map is newer than the data");
        int frameLabel = tag("FrameLabel");
        assertFalse(types.knowsAttribute(frameLabel), "Frame Label is newer than the data");
        Profile basic = PROFILES.get(0);
        DeidPolicy policy = new DeidPolicy(basic, ActionTable.standard());
        ValueElement e = value(frameLabel, VR.LO, "ARTERIAL HOUSEMAN");
        Dataset ds = new Dataset();
        ds.put(e);
        assertEquals(Action.REMOVE, policy.decide(ds, e, Place.top(ct)).action());
        assertEquals(Action.REMOVE, policy.decide(ds, e, Place.top(null)).action());
        assertEquals(Action.CLEAN_TEXT, policy.decide(ds, e, Place.top(parametricMap)).action());
        // text the data knows and no IOD of it requires goes whatever the SOP class
        ValueElement layer = value(tag("GraphicLayerDescription"), VR.LO, "for HOUSEMAN");
        ds.put(layer);
        assertEquals(Action.REMOVE, policy.decide(ds, layer, Place.top(parametricMap)).action());
    }

    /**
     * The cleaner's context costs more than the rest of a header's de-identification: the Basic
     * profile builds it only for an instance with text to clean.
     */
    @Test
    void theCleanerIsBuiltOnlyWhereTextIsCleaned() throws Exception {
        int[] built = {0};
        java.util.function.Function<Dataset, TextScrubber> counting = ds -> {
            built[0]++;
            return TextScrubbers.forProfile(PROFILES.get(0)).apply(ds);
        };
        Deidentifier deid = new Deidentifier(PROFILES.get(0), new Pseudonymizer(DeidKit.KEY, "2.25"), counting, DeidKit.PIXELS, "t");
        Dataset ct = org.mip.bench.CtCorpus.slice(1, 1, 1); // a procedure code with a local meaning, no free text
        DeidKit.run(deid, DeidKit.file(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertEquals(0, built[0], "nothing to clean in a CT header");
        DeidKit.set(ct, "ContentDescription", "Annotated by Dr. House");
        DeidKit.run(deid, DeidKit.file(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertEquals(1, built[0], "Content Description is cleaned");
    }

    /**
     * Newer text in an instance of a newer SOP class is cleaned, so the walk must build the cleaner for
     * it: without one it writes the dummy over the clinical words (fail closed, but not what the default
     * promises). A separate check that foresaw the walk's decisions once missed this case.
     */
    @Test
    void newerTextInANewerIodIsCleanedNotDummied() throws Exception {
        Dataset ds = new Dataset();
        DeidKit.set(ds, "SOPClassUID", "1.2.840.10008.5.1.4.1.1.30"); // Parametric Map, newer than the Types data
        DeidKit.set(ds, "SOPInstanceUID", "1.2.3.4.1");
        DeidKit.set(ds, "StudyInstanceUID", "1.2.3.4.2");
        DeidKit.set(ds, "SeriesInstanceUID", "1.2.3.4.3");
        DeidKit.set(ds, "PatientName", "HOUSEMAN^GREGORIA");
        DeidKit.set(ds, "FrameLabel", "ARTERIAL PHASE HOUSEMAN");
        Deidentifier deid = new Deidentifier(PROFILES.get(0), new Pseudonymizer(DeidKit.KEY, "2.25"),
                TextScrubbers.forProfile(PROFILES.get(0)), DeidKit.PIXELS, "t");
        DeidKit.Run run = DeidKit.run(deid, DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            String label = out.dataset().getString(tag("FrameLabel"));
            assertTrue(label != null && label.contains("ARTERIAL PHASE"), "the clinical words stay: " + label);
            assertFalse(label.contains("HOUSEMAN"), "the patient's name goes: " + label);
        }
    }

    /** The summary counts what the default changed by keyword; never a value, and unchanged text is not counted. */
    @Test
    void summaryCountsByKeywordNeverValues() throws Exception {
        Dataset ds = new Dataset();
        DeidKit.set(ds, "SOPClassUID", "1.2.840.10008.5.1.4.1.1.11.1");
        DeidKit.set(ds, "SOPInstanceUID", "1.2.3.4.1");
        DeidKit.set(ds, "StudyInstanceUID", "1.2.3.4.2");
        DeidKit.set(ds, "SeriesInstanceUID", "1.2.3.4.3");
        DeidKit.set(ds, "Modality", "PR");
        DeidKit.set(ds, "PatientName", "HOUSEMAN^GREGORIA");
        DeidKit.set(ds, "ContentCreatorName", "WILSONIA^JAMES");
        DeidKit.set(ds, "ContentDescription", "Annotated by WILSONIA");
        Dataset layer = DeidKit.item(ds);
        DeidKit.set(layer, "GraphicLayer", "L1");
        DeidKit.set(layer, "GraphicLayerDescription", "for HOUSEMAN");   // Type 3 in every IOD: removed
        Dataset layer2 = DeidKit.item(ds);
        DeidKit.set(layer2, "GraphicLayer", "L2");
        DeidKit.set(layer2, "GraphicLayerDescription", "unchanged words");
        DeidKit.seq(ds, "GraphicLayerSequence", layer, layer2);
        Dataset image = DeidKit.item(ds);
        DeidKit.set(image, "ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2");
        DeidKit.set(image, "ReferencedSOPInstanceUID", "1.2.3.4.5");
        Dataset series = DeidKit.item(ds);
        DeidKit.set(series, "SeriesInstanceUID", "1.2.3.4.6");
        DeidKit.seq(series, "ReferencedImageSequence", image);
        DeidKit.seq(ds, "ReferencedSeriesSequence", series);
        DeidKit.set(ds, "PositionReferenceIndicator", "XIPHOID");          // structural: kept, not counted
        Deidentifier deid = new Deidentifier(PROFILES.get(0), new Pseudonymizer(DeidKit.KEY, "2.25"),
                TextScrubbers.forProfile(PROFILES.get(0)), DeidKit.PIXELS, "test-1");
        DeidKit.Run run = DeidKit.run(deid, DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        DeidResult.Unlisted u = run.result().stats().unlisted();
        assertEquals(Map.of("ContentDescription", 1), u.cleaned(), u.toString());
        assertEquals(Map.of("GraphicLayerDescription", 2), u.removed(), u.toString());
        assertEquals(Map.of(), u.replaced(), u.toString());
        assertFalse(u.toString().contains("WILSONIA") || u.toString().contains("HOUSEMAN"), u.toString());
        assertTrue(run.result().stats().removed() >= 2, "the default's removals are in the totals too");
        try (DicomFile out = run.reread()) {
            assertEquals("Annotated by [REMOVED]", out.dataset().getString(tag("ContentDescription")));
            assertEquals("XIPHOID", out.dataset().getString(tag("PositionReferenceIndicator")));
            SequenceElement layers = (SequenceElement) out.dataset().get(tag("GraphicLayerSequence"));
            assertNull(layers.items().get(0).get(tag("GraphicLayerDescription")));
        }
    }
}
