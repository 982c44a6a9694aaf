package org.mip.deid;

import java.util.function.IntPredicate;
import org.mip.dicom.iod.ModuleTypes;

/**
 * Whether an attribute is Type 1 or 2 (or 1C, 2C) in some IOD (PS3.3): what the default for unlisted
 * text asks before it removes an attribute rather than cleaning it ({@link DeidPolicy}). The Types come
 * from {@link ModuleTypes} (2008 edition): an attribute newer than that data is required nowhere it
 * knows, so it is removed (fail closed), unless the profile overrides it or the instance's SOP class is
 * newer than the data too (its IOD may require it: {@link DeidPolicy} cleans it then).
 */
final class RequiredAttributes {
    private RequiredAttributes() {
    }

    /** The predicate from the PS3.3 module Types the product carries, loaded on its first question. */
    static IntPredicate standard() {
        return tag -> ModuleTypes.standard().requiredInAnyIod(tag);
    }
}
