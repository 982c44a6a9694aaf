package org.mip.deid;

import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.iod.AttributeType;
import org.mip.dicom.iod.ModuleTypes;

/**
 * The choice between removing, emptying and replacing an attribute by what the instance's IOD
 * requires of it at its place (PS3.3 Types as data, {@link ModuleTypes}), for the codes of Table
 * E.1-1 that leave it open or that would break the IOD. Table E.1-1 defines X/Z as "X unless Z is
 * required to maintain IOD conformance (Type 3 versus Type 2)", X/D and X/Z/D alike with D for Type
 * 1, and the profile must leave the IOD conformant (PS3.15 E.1.1); so:
 *
 * <ul>
 *   <li>Type 1 or 1C: a dummy (D), whatever the code, even X or Z (Presentation Creation Date is
 *       X in the table and Type 1 in every presentation state);</li>
 *   <li>Type 2 or 2C: empty (Z) where the code allows it, else a dummy; plain X becomes Z;</li>
 *   <li>Type 3: removed (X) where the code allows it, else as coded; a sequence is never left
 *       present without items, which only Type 2 allows.</li>
 * </ul>
 *
 * A dummy or an empty value carries nothing of the original, so conformance costs no privacy.
 * Where the data cannot speak this answers nothing and the caller keeps its input-driven rule: a
 * SOP class, module or attribute newer than its 2008 edition, content below a macro it could not
 * expand ({@link ModuleTypes.Scope#describes}), and an attribute it does not place in the IOD at all,
 * since a later edition may have added it there (Operators' Name joined the RT Series module as
 * Type 2 after 2008: removing it broke the RT Structure Set sample). Thread-safe.
 */
final class IodTypes {
    /** No choice: the data does not know this place. */
    static final char UNKNOWN = 0;

    private IodTypes() {
    }

    /**
     * 'X', 'Z' or 'D' for an element whose table code is {@code code} (X, Z, or a combined code
     * X/Z, X/D, Z/D, X/Z/D), or {@link #UNKNOWN}.
     */
    static char choose(String code, Element e, Place place) {
        ModuleTypes.Scope scope = place.scope();
        if (scope == null || !scope.describes(e.tag())) {
            return UNKNOWN;
        }
        AttributeType type = scope.typeOf(e.tag());
        if (type == AttributeType.NOT_IN_IOD) {
            return UNKNOWN;
        }
        boolean x = code.contains("X");
        boolean z = code.contains("Z");
        boolean d = code.contains("D");
        if (type.needsValue()) {
            return 'D';
        }
        if (type.required()) {
            return z || !d ? 'Z' : 'D';
        }
        if (x) {
            return 'X';
        }
        if (z && e instanceof SequenceElement) {
            return 'X'; // an optional sequence present without items is not conformant
        }
        return z ? 'Z' : 'D';
    }
}
