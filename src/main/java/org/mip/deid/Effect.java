package org.mip.deid;

/**
 * What applying one operation did, counted the way {@link DeidResult.Stats} reports it: the counts
 * are the sum of the effects of the operations applied, never bumped on the side.
 */
record Effect(int removed, int emptied, int replaced, int uidsMapped, int datesShifted, int textsCleaned) {
    static final Effect NONE = new Effect(0, 0, 0, 0, 0, 0);
    static final Effect REMOVED = new Effect(1, 0, 0, 0, 0, 0);
    static final Effect EMPTIED = new Effect(0, 1, 0, 0, 0, 0);
    static final Effect REPLACED = new Effect(0, 0, 1, 0, 0, 0);
    static final Effect CLEANED = new Effect(0, 0, 0, 0, 0, 1);

    static Effect uids(int n) {
        return n == 0 ? NONE : new Effect(0, 0, 0, n, 0, 0);
    }

    static Effect dates(int n) {
        return n == 0 ? NONE : new Effect(0, 0, 0, 0, n, 0);
    }

    Effect plus(Effect o) {
        return o == NONE ? this : new Effect(removed + o.removed, emptied + o.emptied, replaced + o.replaced,
                uidsMapped + o.uidsMapped, datesShifted + o.datesShifted, textsCleaned + o.textsCleaned);
    }

    DeidResult.Stats stats(DeidResult.Unlisted unlisted) {
        return new DeidResult.Stats(removed, emptied, replaced, uidsMapped, datesShifted, textsCleaned, unlisted);
    }
}
