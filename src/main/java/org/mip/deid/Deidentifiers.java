package org.mip.deid;

import java.nio.file.Path;
import org.mip.deid.pixel.BurnedInTextStage;
import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.profile.Profile;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.text.TextScrubbers;

/** Assembles a {@link Deidentifier} from a profile and a key: the one place its parts are chosen. */
public final class Deidentifiers {
    private Deidentifiers() {
    }

    /**
     * @param spoolDir where redacted pixel data is spooled (the work directory), null for the temp directory
     * @param scan     the detectors burned-in text is found with ({@link ScanEngine#start}, once per process)
     */
    public static Deidentifier create(Profile profile, DeidKey key, String version, Path spoolDir, ScanEngine scan) {
        return new Deidentifier(profile, new Pseudonymizer(key, profile.uidRoot()), TextScrubbers.forProfile(profile),
                BurnedInTextStage.create(spoolDir, scan), version);
    }

    /**
     * What {@link #create}'s de-identifier will refuse before changing anything, for {@code validate}:
     * the same pixel stage's plan (no key; nothing is scanned, so no detector is loaded).
     */
    public static DeidForecast forecast(Profile profile) {
        return new DeidForecast(profile, BurnedInTextStage.create(null, ScanEngine.withoutOcr()));
    }
}
