package org.mip.deid;

import org.mip.dicom.iod.ModuleTypes;

/**
 * Where in an instance the walk is: the instance's SOP class, what its IOD says of the data set being
 * walked (the top level, or the items of a sequence at a place: {@link ModuleTypes.Scope}), and whether
 * text is being cleaned there (inside a sequence under a Clean option). What the IOD requires of an
 * attribute depends on the first two.
 *
 * @param sopClassUid the instance's (0008,0016), or null when it has none
 * @param scope       the PS3.3 Types of this data set, or null when the data does not hold the SOP class
 * @param cleaning    whether text without an action of its own is cleaned here
 * @param nested      inside a sequence's item, not the instance's top level
 */
record Place(String sopClassUid, ModuleTypes.Scope scope, boolean cleaning, boolean nested) {

    /** The top level of an instance of {@code sopClassUid}. */
    static Place top(String sopClassUid) {
        return new Place(sopClassUid, sopClassUid == null ? null : ModuleTypes.standard().scope(sopClassUid), false, false);
    }

    /** Somewhere the IOD is not known: the Type of nothing can be looked up. */
    static Place unknown(boolean cleaning) {
        return new Place(null, null, cleaning, false);
    }

    /** The items of sequence {@code tag} here, cleaned or not. */
    Place inside(int tag, boolean cleaningItems) {
        return new Place(sopClassUid, scope == null ? null : scope.inside(tag), cleaningItems, true);
    }

    /**
     * Where the walk goes after {@code action} on sequence {@code tag} here: its items (cleaned under
     * WALK_CLEANING, else as here), or null when it does not go on.
     */
    Place after(Operation.Action action, int tag) {
        return switch (action) {
            case WALK -> inside(tag, cleaning);
            case WALK_CLEANING -> inside(tag, true);
            default -> null;
        };
    }
}
