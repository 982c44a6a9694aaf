package org.mip.deid;

import java.util.ArrayList;
import java.util.List;

/**
 * Where in an instance the walk is: the instance's SOP class, the sequences from the top level down
 * to the data set being walked, and whether text is being cleaned there (inside a sequence under a
 * Clean option). What the IOD requires of an attribute depends on the first two.
 *
 * @param sopClassUid the instance's (0008,0016), or null when it has none
 * @param sequences   tags of the sequences above, outermost first; empty at the top level
 * @param cleaning    whether text without an action of its own is cleaned here
 */
record Place(String sopClassUid, List<Integer> sequences, boolean cleaning) {

    Place {
        sequences = List.copyOf(sequences);
    }

    /** The top level of an instance of {@code sopClassUid}. */
    static Place top(String sopClassUid) {
        return new Place(sopClassUid, List.of(), false);
    }

    /** Somewhere the IOD is not known: the Type of nothing can be looked up. */
    static Place unknown(boolean cleaning) {
        return new Place(null, List.of(), cleaning);
    }

    /** The items of sequence {@code tag} here, cleaned or not. */
    Place inside(int tag, boolean cleaningItems) {
        List<Integer> s = new ArrayList<>(sequences.size() + 1);
        s.addAll(sequences);
        s.add(tag);
        return new Place(sopClassUid, s, cleaningItems);
    }

    /**
     * Where the walk goes after {@code action} on sequence {@code tag} here: its items (cleaned under
     * WALK_CLEANING, else as here), or null when it does not go on. The walk and the check before it
     * ({@link DeidPolicy#cleansTextIn}) follow the same places.
     */
    Place after(Operation.Action action, int tag) {
        return switch (action) {
            case WALK -> inside(tag, cleaning);
            case WALK_CLEANING -> inside(tag, true);
            default -> null;
        };
    }

    /** The path of attribute {@code tag} here: the sequences, then the tag. */
    List<Integer> pathOf(int tag) {
        List<Integer> p = new ArrayList<>(sequences.size() + 1);
        p.addAll(sequences);
        p.add(tag);
        return p;
    }
}
