package org.mip.deid;

import java.util.Arrays;
import org.mip.dicom.VR;

/**
 * What {@link DeidPolicy} decided for one element, and what {@link DeidWalk} does: each action is a
 * code of PS3.15 Table E.1-1 made concrete for the element at hand (its VR, whether it has a value).
 *
 * @param action   what to do
 * @param constant the value of {@link Action#SET_CONSTANT}, else null
 * @param retype   the VR a safe private element read as UN is given before the action, else null
 * @param unlisted whether the product's default for attributes Table E.1-1 does not list decided it
 *                 (counted by keyword in {@link DeidResult.Unlisted})
 */
record Operation(Action action, String constant, VR retype, boolean unlisted) {

    enum Action {
        /** Leave it as it is (K, or an attribute the table does not list). */
        KEEP,
        /** A sequence kept: walk its items, cleaning where the walk already cleans. */
        WALK,
        /** A sequence under a Clean option (C): walk its items, cleaning the text nothing else decides on. */
        WALK_CLEANING,
        /** Remove it (X; and whatever cannot be de-identified: fail closed). */
        REMOVE,
        /** A group length: removed as retired, not counted. */
        DROP_GROUP_LENGTH,
        /** Keep it empty (Z). */
        EMPTY,
        /** Replace with a dummy value of its VR (D). */
        DUMMY,
        /** Replace a sequence with one dummy item shaped like its first (D on a sequence). */
        DUMMY_SEQUENCE,
        /** Replace every UID with its keyed pseudonym (U). */
        MAP_UIDS,
        /** Clean free text (C on text). */
        CLEAN_TEXT,
        /** Replace with a keyed pseudonym: Patient ID, names, IDs (D or Z on an identifier, or an override). */
        PSEUDONYMISE,
        /** Shift dates by the patient's keyed day offset (Retain Longitudinal Modified Dates, C on a date). */
        SHIFT_DATES,
        /** A profile's constant. */
        SET_CONSTANT,
        /** Keep an age, but 90 years and over as "090Y". */
        CAP_AGE
    }

    private static final Operation[] PLAIN = Arrays.stream(Action.values())
            .map(a -> new Operation(a, null, null, false)).toArray(Operation[]::new);
    private static final Operation[] UNLISTED = Arrays.stream(Action.values())
            .map(a -> new Operation(a, null, null, true)).toArray(Operation[]::new);

    /** The operation that needs nothing but its action. */
    static Operation of(Action action) {
        return PLAIN[action.ordinal()];
    }

    /** The operation the default for unlisted attributes chose. */
    static Operation unlisted(Action action) {
        return UNLISTED[action.ordinal()];
    }

    static Operation constant(String value) {
        return new Operation(Action.SET_CONSTANT, value, null, false);
    }

    /** This operation on the element once it has been given {@code vr}. */
    Operation retypedTo(VR vr) {
        return new Operation(action, constant, vr, unlisted);
    }

    /** Whether the walk goes on into the items of the sequence. */
    boolean walksItems() {
        return action == Action.WALK || action == Action.WALK_CLEANING;
    }
}
