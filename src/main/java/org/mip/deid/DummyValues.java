package org.mip.deid;

import org.mip.dicom.VR;

/**
 * The "D" action: a non-empty value valid for the VR that carries no information (PS3.15 E.1.1).
 * Dates are the first day the DA repertoire allows that viewers accept; names and text say what happened.
 */
final class DummyValues {
    private DummyValues() {
    }

    /** The dummy text for a text VR, or null for VRs that get no dummy (binary, sequences). */
    static String of(VR vr) {
        switch (vr) {
            case AE: return "ANONYMIZED";
            case AS: return "000D";
            case CS: return "ANONYMIZED";
            case DA: return "19000101";
            case DT: return "19000101000000";
            case TM: return "000000";
            case DS: case IS: return "0";
            case PN: return "ANONYMIZED";
            case SH: case LO: case LT: case ST: case UT: case UC: return "ANONYMIZED";
            case UR: return "urn:anonymized";
            default: return null;
        }
    }
}
