package org.mip.deid;

import java.nio.file.Path;
import org.mip.deid.pixel.PixelRedactor;
import org.mip.deid.pixel.PolicyPixelStage;
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
     */
    public static Deidentifier create(Profile profile, DeidKey key, String version, Path spoolDir) {
        return new Deidentifier(profile, new Pseudonymizer(key, profile.uidRoot()), TextScrubbers.forProfile(profile),
                pixelStage(spoolDir), version);
    }

    /** The forecast of what {@link #create}'s de-identifier will refuse, for {@code validate}: the same pixel stage, no key. */
    public static DeidForecast forecast(Profile profile) {
        return new DeidForecast(profile, pixelStage(null));
    }

    private static PixelStage pixelStage(Path spoolDir) {
        return new PolicyPixelStage(spoolDir == null ? new PixelRedactor() : new PixelRedactor(spoolDir));
    }
}
