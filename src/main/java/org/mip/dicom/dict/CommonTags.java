package org.mip.dicom.dict;

/**
 * Tags that several parts of the product read (summary, validation, de-identification), looked up by
 * keyword in the generated dictionary once, so no tag number is typed by hand outside the codec's own
 * {@link org.mip.dicom.Tag} constants.
 */
public final class CommonTags {
    public static final int PATIENT_ID = tag("PatientID");
    public static final int PATIENT_NAME = tag("PatientName");
    public static final int STUDY_INSTANCE_UID = tag("StudyInstanceUID");
    public static final int SERIES_INSTANCE_UID = tag("SeriesInstanceUID");
    public static final int MODALITY = tag("Modality");
    public static final int ROWS = tag("Rows");
    public static final int COLUMNS = tag("Columns");
    public static final int NUMBER_OF_FRAMES = tag("NumberOfFrames");
    public static final int SAMPLES_PER_PIXEL = tag("SamplesPerPixel");
    public static final int PHOTOMETRIC_INTERPRETATION = tag("PhotometricInterpretation");

    private CommonTags() {
    }

    private static int tag(String keyword) {
        return ElementDictionary.standard().tagOf(keyword);
    }
}
