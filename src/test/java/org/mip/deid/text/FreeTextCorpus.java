package org.mip.deid.text;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * Issue 15 class 3, generated: in each character set, an RT Structure Set (the patient's initials in
 * ROI names and observation labels), a Comprehensive SR (identifiers, phone numbers and names in TEXT
 * content items, two levels deep, and in the Referenced Request Sequence) and a CT image (Reason for
 * the Requested Procedure, top level and in the Request Attributes Sequence, and descriptions). The
 * patient's name has all three component groups; each group's name is planted in free text written in
 * the instance's script. The Patient's Name and one free-text value per instance are the bytes pydicom
 * encodes (hex below, from {@code PersonName(pn).encode(...)} and {@code charset.encode_string}), so
 * the decoder is fed real encoded bytes, not our own encoder's output.
 *
 * <p>{@link #planted()} maps every value that must not survive to where it was put;
 * {@link #survivors()} is clinical text that must come out unchanged.
 */
final class FreeTextCorpus {

    static final ElementDictionary DICT = ElementDictionary.standard();
    static final String RT_STRUCT = "1.2.840.10008.5.1.4.1.1.481.3";
    static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";

    static final String PATIENT_ID = "HX4471923";
    static final String ACCESSION = "RAD24-00912";
    static final String STUDY_DATE = "20190304";
    static final String SR_DATE = "20190319";

    /**
     * One character set: its (0008,0005), the patient's name and a free-text value as pydicom encodes
     * them, the names of each component group as they are written in free text, and four writings of
     * the patient's initials.
     */
    enum Script {
        UTF8("ISO_IR 192",
                "4dc3bc6c6c65725e4ac3bc7267656e5e4b61726c3de3839fe383a5e383a9e383bc5ee383a6e383abe382b2e383b33dd09cd18ed0bbd0bb"
                        + "d0b5d1805ed0aed180d0b3d0b5d0bd",
                "426566756e642066c3bc72204ac3bc7267656e204dc3bc6c6c65722c2054686f7261782d4354",
                List.of("Jürgen Müller"), List.of("Thorax-CT"),
                List.of("JUERGEN MUELLER", "ミュラー ユルゲン", "Юрген Мюллер"), List.of("JKM", "J.M.", "MJ", "J M")),
        JAPANESE("\\ISO 2022 IR 87",
                "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d"
                        + "24261b2842",
                "1b24423b33454442404f3a4d4d1b2842201b2442462c49741b28424354201b24424f224d6d40681b28422030332d313233342d35363738",
                List.of("山田太郎", "03-1234-5678"), List.of("頭部CT 連絡先"),
                List.of("Tarou Yamada", "山田 太郎", "ヤマダ タロウ"), List.of("TY", "T.Y.", "YT", "T Y")),
        /** Half-width katakana (JIS X 0201, IR 13) as the alphabetic group: no capitals, so no initials. */
        JAPANESE_KATAKANA("ISO 2022 IR 13\\ISO 2022 IR 87",
                "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442243f246d"
                        + "24261b284a",
                "1b2949d4cfc0de1b284a201b2949c0dbb31b24424d4d1b284a201b2442462c49741b284a4354",
                List.of("ﾔﾏﾀﾞ ﾀﾛｳ"), List.of("頭部CT"),
                List.of("ヤマダ タロウ", "山田 太郎", "やまだ たろう"), List.of()),
        KOREAN("\\ISO 2022 IR 149",
                "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf",
                "1b242943c8abb1e6b5bf20c8afc0da20c8e4bace204354",
                List.of("홍길동"), List.of("환자 흉부 CT"),
                List.of("GILDONG HONG", "洪吉洞", "홍 길동"), List.of("GH", "G.H.", "HG", "G H")),
        CHINESE("GB18030",
                "5a68616e675e5869616f4d696e673dd5c55ed0a1c3f73d5a68a8a16e675e5869a8a36f6da8aa6e67",
                "bbbcd5dfd5c5d0a1c3f720d0d8b2bf4354",
                List.of("张小明"), List.of("患者", "胸部CT"),
                List.of("XiaoMing Zhang", "张 小明", "Zhāng Xiǎomíng"), List.of("XZ", "X.Z.", "ZX", "X Z")),
        CYRILLIC("ISO_IR 144",
                "506574726f765e5365726765693dbfd5e2e0ded25ec1d5e0d3d5d95ebdd8dadedbd0d5d2d8e73d506574726f66665e536572676579",
                "bfd0e6d8d5dde220bfd5e2e0ded220c12ebd2e20bac220d3e0e3d4ddded920dadbd5e2dad8",
                List.of("Петров С.Н."), List.of("Пациент", "КТ грудной клетки"),
                List.of("SERGEI PETROV", "Петровым", "Sergey Petroff"), List.of("СНП", "П.С.Н.", "SP", "С П")),
        LATIN1("ISO_IR 100",
                "4475626f69735e48e96ce86e655e4d61726965",
                "48e96ce86e65204475626f69732c207363616e6e65722074686f72616369717565",
                List.of("Hélène Dubois"), List.of("scanner thoracique"),
                List.of("HELENE DUBOIS", "Dubois", "Mme Dubois"), List.of("HMD", "H.M.D.", "DH", "H M D"));

        final String term;
        final byte[] patientName;
        final byte[] text;
        /** What of {@link #text} must go, and what must stay. */
        final List<String> textPlanted;
        final List<String> textSurvivors;
        /** The name of each component group (alphabetic, ideographic, phonetic) as free text writes it. */
        final List<String> names;
        final List<String> initials;

        Script(String term, String pnHex, String textHex, List<String> textPlanted, List<String> textSurvivors,
               List<String> names, List<String> initials) {
            this.term = term;
            this.patientName = HexFormat.of().parseHex(pnHex);
            this.text = HexFormat.of().parseHex(textHex);
            this.textPlanted = textPlanted;
            this.textSurvivors = textSurvivors;
            this.names = names;
            this.initials = initials;
        }
    }

    /** Clinical text in the SR that must survive word for word. */
    static final String MEASUREMENTS = "Nodule 5-10 mm, 120 kVp, 2.5 mm slices, CTDIvol 12.5 mGy, HU -1000 to 3000, Series 1001";
    /** ROI names that are not identifying and must stay exactly. */
    static final List<String> KEPT_ROI_NAMES = List.of("Lung_L", "SpinalCord", "SC", "PTV_7000", "CTV 60Gy", "Brainstem_PRV03");

    final Script script;
    private final Map<String, String> planted = new LinkedHashMap<>();
    private final List<String> survivors = new ArrayList<>();
    private int uid;
    /** How many ROI names carry planted values (they come first). */
    int identifyingRois;

    FreeTextCorpus(Script script) {
        this.script = script;
    }

    Map<String, String> planted() {
        return planted;
    }

    List<String> survivors() {
        return survivors;
    }

    private String plant(String value, String where) {
        planted.putIfAbsent(value, where);
        return value;
    }

    private String keep(String value) {
        survivors.add(value);
        return value;
    }

    /** The RT Structure Set, the SR and the CT image of one patient. */
    List<DicomFile> build() {
        for (String v : script.textPlanted) {
            plant(v, script + " pydicom-encoded free text");
        }
        script.textSurvivors.forEach(this::keep);
        return List.of(rtStruct(), sr(), ct());
    }

    private Dataset patient(String sopClass, String modality) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, script.term);
        set(ds, "SOPClassUID", sopClass);
        set(ds, "SOPInstanceUID", uid());
        set(ds, "StudyInstanceUID", "1.2.826.0.1.3680043.10.1499.1");
        set(ds, "SeriesInstanceUID", uid());
        set(ds, "Modality", modality);
        ds.put(new ValueElement(tag("PatientName"), VR.PN, script.patientName));
        set(ds, "PatientID", plant(PATIENT_ID, "Patient ID"));
        set(ds, "AccessionNumber", plant(ACCESSION, "Accession Number"));
        set(ds, "PatientBirthDate", "19710203");
        set(ds, "PatientSex", "M");
        set(ds, "StudyDate", STUDY_DATE);
        set(ds, "StudyTime", "101112");
        // the pydicom-encoded text: the name written in the instance's own script
        ds.put(new ValueElement(tag("StudyDescription"), VR.LO, script.text));
        return ds;
    }

    private DicomFile rtStruct() {
        Dataset ds = patient(RT_STRUCT, "RTSTRUCT");
        set(ds, "StructureSetLabel", "Plan1");
        set(ds, "StructureSetDate", STUDY_DATE);
        set(ds, "StructureSetTime", "101112");
        List<String> i = script.initials;
        List<String> identifying = new ArrayList<>();
        if (!i.isEmpty()) {
            identifying.add("PTV_" + plant(i.get(0), "ROI Name, initials run together"));
            identifying.add("GTV " + plant(i.get(1), "ROI Name, initials with periods"));
            identifying.add(plant(i.get(2), "ROI Name, initials family first") + "_CTV60");
        }
        identifying.add(plant(script.names.get(1), "ROI Name, ideographic group's name") + "_GTV");
        identifyingRois = identifying.size();
        List<Dataset> rois = new ArrayList<>();
        List<Dataset> observations = new ArrayList<>();
        int n = 1;
        for (String name : concat(identifying, KEPT_ROI_NAMES)) {
            Dataset roi = item(ds);
            set(roi, "ROINumber", String.valueOf(n));
            set(roi, "ReferencedFrameOfReferenceUID", "1.2.826.0.1.3680043.10.1499.2");
            set(roi, "ROIName", name);
            set(roi, "ROIGenerationAlgorithm", "MANUAL");
            rois.add(roi);
            Dataset obs = item(ds);
            set(obs, "ObservationNumber", String.valueOf(n));
            set(obs, "ReferencedROINumber", String.valueOf(n));
            set(obs, "RTROIInterpretedType", "ORGAN");
            set(obs, "ROIInterpreter", "");
            if (n == 1) {
                String who = i.isEmpty() ? script.names.get(0) : i.get(3);
                set(obs, "ROIObservationLabel", plant(who, "ROI Observation Label, initials or name") + " GTV");
            } else if (n == 2) {
                set(obs, "ROIObservationLabel", keep("Heart"));
            }
            observations.add(obs);
            n++;
        }
        KEPT_ROI_NAMES.forEach(this::keep);
        seq(ds, "StructureSetROISequence", rois);
        seq(ds, "RTROIObservationsSequence", observations);
        return file(ds);
    }

    private DicomFile sr() {
        Dataset ds = patient(COMPREHENSIVE_SR, "SR");
        set(ds, "ValueType", "CONTAINER");
        set(ds, "ContinuityOfContent", "SEPARATE");
        set(ds, "CompletionFlag", "COMPLETE");
        set(ds, "VerificationFlag", "UNVERIFIED");
        set(ds, "ContentDate", STUDY_DATE);
        set(ds, "ContentTime", "101112");
        set(ds, "InstanceNumber", "1");
        set(ds, "SeriesNumber", "1");
        Dataset concept = code(ds, "126000", "Imaging Measurement Report");
        seq(ds, "ConceptNameCodeSequence", List.of(concept));
        List<String> names = script.names;
        Dataset t1 = text(ds, plant(names.get(0), "SR text, alphabetic group's name") + " seen; MRN "
                + plant("HX4471923", "SR text, MRN") + "; call " + plant("555 1234 5678", "SR text, 3-4-4 phone"));
        Dataset t2 = text(ds, plant(names.get(2), "SR text, phonetic group's name") + ": compare case #"
                + plant("2023-0456", "SR text, case number") + ", acc " + ACCESSION + ", tel "
                + plant("0044 20 7946 0958", "SR text, 00 country code"));
        Dataset t3 = text(t1, "Ref: " + plant("K24-00123", "SR text, reference number") + " "
                + plant(names.get(1), "SR text, ideographic group's name") + " "
                + plant("(495) 123-45-67", "SR text, area code in parentheses") + " "
                + plant(script.initials.isEmpty() ? script.names.get(0) : script.initials.get(1), "SR text, initials"));
        Dataset measurements = text(ds, keep(MEASUREMENTS));
        Dataset date = item(t1);
        set(date, "RelationshipType", "HAS OBS CONTEXT");
        set(date, "ValueType", "DATE");
        seq(date, "ConceptNameCodeSequence", List.of(code(date, "111060", "Study Date")));
        set(date, "Date", SR_DATE);
        // two levels deep: TEXT items under a TEXT item
        seq(t1, "ContentSequence", List.of(t3, date));
        seq(ds, "ContentSequence", List.of(t1, t2, measurements));
        Dataset request = item(ds);
        set(request, "AccessionNumber", ACCESSION);
        set(request, "StudyInstanceUID", "1.2.826.0.1.3680043.10.1499.1");
        set(request, "RequestedProcedureDescription", "CT CHEST");
        set(request, "ReasonForTheRequestedProcedure", "pt " + PATIENT_ID + " Case No. "
                + plant("CR-2023-117", "Reason in Referenced Request Sequence, case number"));
        seq(ds, "ReferencedRequestSequence", List.of(request));
        return file(ds);
    }

    private DicomFile ct() {
        Dataset ds = patient(CT_IMAGE, "CT");
        set(ds, "ImageType", "ORIGINAL\\PRIMARY\\AXIAL");
        set(ds, "SeriesNumber", "1");
        set(ds, "InstanceNumber", "1");
        set(ds, "SeriesDescription", keep("AXIAL 2.5 mm 120 kVp"));
        set(ds, "ReasonForTheRequestedProcedure", "f/u " + plant(script.names.get(0), "Reason, name") + " "
                + plant("555.123.4567", "Reason, dotted phone"));
        Dataset request = item(ds);
        set(request, "RequestedProcedureID", "RP1");
        set(request, "ReasonForTheRequestedProcedure", "pt " + plant(script.initials.isEmpty() ? "HX-4471923" : script.initials.get(0),
                "Reason in Request Attributes, initials or the Patient ID")
                + " " + plant("+1 (555) 123-4567", "Reason in Request Attributes, +1 phone") + " nodule 5-10 mm");
        keep("nodule 5-10 mm");
        seq(ds, "RequestAttributesSequence", List.of(request));
        set(ds, "ImageComments", plant(script.names.get(2), "Image Comments, phonetic group's name") + " order# "
                + plant("55123", "Image Comments, order number") + ", 60 Gy in 30 fx");
        keep("60 Gy in 30 fx");
        return file(ds);
    }

    // ---- helpers ----

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private String uid() {
        return "1.2.826.0.1.3680043.10.1499." + script.ordinal() + "." + (++uid);
    }

    /** An item of {@code parent}'s sequence: it reads and writes text in the parent's character set. */
    private static Dataset item(Dataset parent) {
        Dataset d = new Dataset(parent.bigEndian());
        d.setParent(parent);
        return d;
    }

    private static Dataset text(Dataset parent, String value) {
        Dataset item = item(parent);
        set(item, "RelationshipType", "CONTAINS");
        set(item, "ValueType", "TEXT");
        seq(item, "ConceptNameCodeSequence", List.of(code(item, "121071", "Finding")));
        set(item, "TextValue", value);
        return item;
    }

    private static Dataset code(Dataset parent, String value, String meaning) {
        Dataset c = item(parent);
        set(c, "CodeValue", value);
        set(c, "CodingSchemeDesignator", "DCM");
        set(c, "CodeMeaning", meaning);
        return c;
    }

    static int tag(String keyword) {
        return DICT.tagOf(keyword);
    }

    private static void set(Dataset ds, String keyword, String value) {
        int t = tag(keyword);
        ds.setString(t, DICT.byKeyword(keyword).orElseThrow().vrs().get(0), value);
    }

    private static void seq(Dataset ds, String keyword, List<Dataset> items) {
        SequenceElement s = new SequenceElement(tag(keyword), VR.SQ, true);
        s.items().addAll(items);
        ds.put(s);
    }

    private static DicomFile file(Dataset ds) {
        Dataset meta = new Dataset(false);
        meta.put(new ValueElement(tag("FileMetaInformationVersion"), VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(Tag.SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(Tag.SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        meta.setString(tag("ImplementationClassUID"), VR.UI, "1.2.826.0.1.3680043.10.1499.9");
        return new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
    }
}
