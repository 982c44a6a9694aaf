package org.mip.deid;

import java.util.function.IntPredicate;

/**
 * Whether an attribute is Type 1 or 2 in some IOD (PS3.3): what the default for unlisted text asks
 * before it removes an attribute rather than cleaning it ({@link DeidPolicy}). Without the Type data
 * every attribute counts as required, so unlisted text is cleaned, never removed.
 */
final class RequiredAttributes {
    private RequiredAttributes() {
    }

    /** The predicate from the PS3.3 module Types the product carries. */
    static IntPredicate standard() {
        return tag -> true;
    }
}
