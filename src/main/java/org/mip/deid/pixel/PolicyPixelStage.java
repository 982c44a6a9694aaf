package org.mip.deid.pixel;

import java.util.List;
import org.mip.deid.DeidRefusal;
import org.mip.deid.PixelStage;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.data.DicomFile;

/**
 * The pixel stage of the de-identifier: the profile's redaction rules that match an instance give
 * the rectangles to blank; the burned-in policy then decides, knowing whether they will be blanked,
 * whether the instance may be published at all. Both decisions are taken before anything changes.
 */
public final class PolicyPixelStage implements PixelStage {
    private final PixelRedactor redactor;

    public PolicyPixelStage(PixelRedactor redactor) {
        this.redactor = redactor;
    }

    private record RedactionPlan(List<Rectangle> rectangles, org.mip.deid.profile.BurnedInPolicy policy,
                                 BurnedInAssessment.Decision decision) implements Plan {
        @Override
        public boolean redacts() {
            return !rectangles.isEmpty();
        }

        @Override
        public String describe() {
            return redacts() ? rectangles.size() + " region(s) of the profile's redaction rules will be blanked"
                    : decision.code() + ": " + decision.message();
        }
    }

    @Override
    public Plan plan(DicomFile file, Profile profile) throws DeidRefusal {
        List<Rectangle> rectangles = PixelRedactor.rectanglesFor(profile.redaction(), file.dataset());
        BurnedInAssessment.Decision decision =
                BurnedInAssessment.assess(file.dataset(), profile.burnedIn(), !rectangles.isEmpty());
        if (!decision.publish()) {
            throw new DeidRefusal(decision.code(), decision.message());
        }
        return new RedactionPlan(rectangles, profile.burnedIn(), decision);
    }

    @Override
    public boolean apply(Plan plan, DicomFile file) throws DeidRefusal {
        RedactionPlan p = (RedactionPlan) plan;
        boolean redacted;
        try {
            redacted = redactor.redact(file, p.rectangles()).redacted();
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.getMessage(), e);
        }
        if (!redacted) {
            // The rule matched but its rectangles missed the image: judge the instance as not cleaned.
            BurnedInAssessment.Decision decision = BurnedInAssessment.assess(file.dataset(), p.policy(), false);
            if (!decision.publish()) {
                throw new DeidRefusal(decision.code(), decision.message());
            }
        }
        return redacted;
    }
}
