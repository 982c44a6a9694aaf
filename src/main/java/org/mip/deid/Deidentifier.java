package org.mip.deid;

import static org.mip.deid.DeidTags.MODALITY;
import static org.mip.deid.DeidTags.PATIENT_ID;
import static org.mip.deid.DeidTags.SERIES_INSTANCE_UID;
import static org.mip.deid.DeidTags.SOP_CLASS_UID;
import static org.mip.deid.DeidTags.SOP_INSTANCE_UID;
import static org.mip.deid.DeidTags.STUDY_INSTANCE_UID;

import java.util.Set;
import java.util.function.Function;
import org.mip.deid.profile.Profile;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.dict.ElementDictionary;

/**
 * PS3.15 Annex E de-identification of one instance, in place, as named steps: the pixel stage
 * decides first (burned-in text refused or planned for redaction), public elements hidden in UN get
 * their VR ({@link UnResolution}), the patient is read ({@link Patient}), then one walk applies the
 * policy to every element at every depth ({@link DeidPolicy}: what happens; {@link DeidWalk}: doing
 * it and counting it), Patient ID and Name become the keyed pseudonyms ({@link Pseudonyms}), the
 * pixels are redacted as planned, compressed frames lose their metadata segments (comments, Exif),
 * and the output gets its markers, a fresh file meta and an empty preamble ({@link Markers}).
 * Thread-safe: all per-instance state lives in the walk of that instance.
 */
public final class Deidentifier {
    public static final String PRODUCT = "medical-imaging-pipeline";

    private final Profile profile;
    private final Pseudonymizer pseudonymizer;
    private final DeidPolicy policy;
    private final UidMapping uids;
    private final Pseudonyms pseudonyms;
    private final Markers markers;
    private final Function<Dataset, TextScrubber> scrubbers;
    private final PixelStage pixels;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    /**
     * @param scrubbers builds the free-text cleaner of an instance from its original data set
     * @param pixels    the burned-in text policy and redaction
     * @param version   product version recorded in De-identification Method and Contributing Equipment
     */
    public Deidentifier(Profile profile, Pseudonymizer pseudonymizer, Function<Dataset, TextScrubber> scrubbers,
                        PixelStage pixels, String version) {
        this.profile = profile;
        this.pseudonymizer = pseudonymizer;
        this.policy = new DeidPolicy(profile, ActionTable.standard());
        this.uids = new UidMapping(pseudonymizer);
        this.pseudonyms = new Pseudonyms(profile, pseudonymizer);
        this.markers = new Markers(profile, version);
        this.scrubbers = scrubbers;
        this.pixels = pixels;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * De-identifies {@code file} in place (data set, meta, preamble). On a refusal the file is left
     * as it was read (nothing has been changed yet), so it can be quarantined as received.
     */
    public DeidResult deidentify(DicomFile file) throws DeidRefusal {
        Dataset ds = file.dataset();
        String sopClass = checkRequired(ds);
        String modality = ds.getString(MODALITY);

        PixelStage.Plan plan = pixels.plan(file, profile);

        UnResolution.apply(ds, dictionary);
        Patient patient = Patient.of(ds, pseudonymizer, profile.dateShift());
        // any profile may clean text (unlisted text an IOD requires is cleaned, not kept); the walk builds
        // the cleaner, from the data set as it was read, only when it has some to clean
        DeidResult.Stats stats = new DeidWalk(policy, uids, pseudonyms, patient, () -> scrubbers.apply(ds)).run(ds);
        String keyedId = pseudonyms.identify(ds, patient);
        PixelSummary pixelSummary = plan.redacts() ? pixels.apply(plan, file) : plan.summary();
        pixels.finish(plan, file);
        boolean redacted = pixelSummary.redacted();

        Set<DeidOption> applied = markers.applied(redacted);
        markers.add(ds, applied, redacted);
        file.setMeta(markers.meta(ds, file.transferSyntax()));
        file.setPreamble(new byte[128]); // a preamble may hold anything (TIFF headers, names): never carry it

        // The result is logged, audited and names the output's folder: never the real Patient ID,
        // even when a profile keeps it in the file.
        String written = ds.getString(PATIENT_ID);
        String pseudonym = written != null && !written.equals(patient.id) ? written : keyedId;
        return new DeidResult(pseudonym, ds.getString(STUDY_INSTANCE_UID),
                ds.getString(SERIES_INSTANCE_UID), ds.getString(SOP_INSTANCE_UID), sopClass, modality, applied,
                pixelSummary, stats);
    }

    /** The attributes every output needs (its object key is made of them); returns the SOP Class UID. */
    static String checkRequired(Dataset ds) throws DeidRefusal {
        String sopClass = required(ds, SOP_CLASS_UID, "SOPClassUID");
        required(ds, SOP_INSTANCE_UID, "SOPInstanceUID");
        required(ds, STUDY_INSTANCE_UID, "StudyInstanceUID");
        required(ds, SERIES_INSTANCE_UID, "SeriesInstanceUID");
        return sopClass;
    }

    private static String required(Dataset ds, int tag, String keyword) throws DeidRefusal {
        String v = ds.getString(tag);
        if (v == null) {
            throw new DeidRefusal("MISSING_ATTRIBUTE", Tag.toString(tag) + " " + keyword + " is missing or empty");
        }
        return v;
    }
}
