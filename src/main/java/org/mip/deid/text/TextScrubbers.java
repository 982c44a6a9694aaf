package org.mip.deid.text;

import java.util.function.Function;
import org.mip.deid.DeidOption;
import org.mip.deid.TextScrubber;
import org.mip.deid.profile.Profile;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/**
 * The bridge from a {@link Profile} to the de-identifier's {@link TextScrubber}s: one scrubber per
 * instance, knowing that instance's identifying values ({@link PhiContext#of}), cleaning each value
 * with {@link TextCleaner#cleanValue} (fitted to the VR's length). Under Retain Patient
 * Characteristics, ages up to 89 and the ethnic group stay in the text as they stay in the header.
 */
public final class TextScrubbers {

    private TextScrubbers() {
    }

    /** For {@code new Deidentifier(profile, pseudonymizer, TextScrubbers.forProfile(profile), ...)}. */
    public static Function<Dataset, TextScrubber> forProfile(Profile profile) {
        return forCleaner(TextCleaner.builder()
                .retainPatientCharacteristics(profile.has(DeidOption.RETAIN_PATIENT_CHARACTERISTICS))
                .build());
    }

    /** Scrubbers that clean with {@code cleaner}. */
    public static Function<Dataset, TextScrubber> forCleaner(TextCleaner cleaner) {
        return dataset -> {
            PhiContext ctx = PhiContext.of(dataset);
            return new TextScrubber() {
                @Override
                public String clean(String text, VR vr) {
                    String cleaned = cleaner.cleanValue(text, vr, ctx);
                    return cleaned == null ? "" : cleaned;
                }

                @Override
                public String cleanIdentity(String text, VR vr) {
                    String cleaned = cleaner.cleanKnownIdentity(text, vr, ctx);
                    return cleaned == null ? "" : cleaned;
                }
            };
        };
    }
}
