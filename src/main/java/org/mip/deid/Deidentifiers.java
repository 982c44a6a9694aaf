package org.mip.deid;

import java.nio.file.Path;
import org.mip.deid.pixel.BurnedInTextStage;
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
                BurnedInTextStage.create(spoolDir),
                version);
    }
}
