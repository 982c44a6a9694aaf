package org.mip.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.api.ObjectKeys;
import org.mip.deid.profile.ProfileException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.value.ValueRules;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.Validator;

/**
 * Every part of the product that judges a DICOM value judges it alike: the validator, the profile
 * loader, the pseudonymiser's UID root and the REST API's object keys against the one rule of
 * {@code org.mip.dicom.value}. Before, each wrote its own, and they disagreed (a UID with a leading
 * zero was a valid object key but an invalid UID; 1.5 was a decimal in one and not in another).
 */
class OneRulePerValueTest {
    static final List<String> UIDS = List.of("1.2.840.10008.5.1.4.1.1.2", "2.25.1", "0", "1.2.03", "1..2", "1.2.", "01.2",
            "1.2a", "1." + "2".repeat(62), "1." + "2".repeat(63));
    static final List<String> DATES = List.of("20240229", "20230229", "2024013", "2024.1.1", "19991231");
    static final List<String> INTEGERS = List.of("42", "+42", "-7", "1A", "4.2", "2147483647", "2147483648");
    static final List<String> DECIMALS = List.of("1.5", "-1.5e3", ".5", "5.", "1,5", "1.5e", "--1");

    @Test
    void everyJudgeOfAUidAgrees() {
        List<String> differ = new ArrayList<>();
        for (String uid : UIDS) {
            boolean rule = ValueRules.problem(VR.UI, uid) == null;
            check(differ, "object key", uid, rule, ObjectKeys.isUid(uid));
            check(differ, "validator", uid, rule, validatorAccepts("SeriesInstanceUID", 0x0020000E, VR.UI, uid));
            check(differ, "profile constant", uid, rule, loaderAccepts("StudyInstanceUID", uid));
            if (uid.length() <= 33) {
                check(differ, "UID root", uid, rule, pseudonymizerAccepts(uid));
            }
        }
        assertEquals(List.of(), differ);
    }

    @Test
    void everyJudgeOfDatesAndNumbersAgrees() {
        List<String> differ = new ArrayList<>();
        for (String v : DATES) {
            check(differ, "DA validator", v, ValueRules.problem(VR.DA, v) == null, validatorAccepts("StudyDate", 0x00080020, VR.DA, v));
            check(differ, "DA profile constant", v, ValueRules.problem(VR.DA, v) == null, loaderAccepts("StudyDate", v));
        }
        for (String v : INTEGERS) {
            check(differ, "IS validator", v, ValueRules.problem(VR.IS, v) == null, validatorAccepts("InstanceNumber", 0x00200013, VR.IS, v));
            check(differ, "IS profile constant", v, ValueRules.problem(VR.IS, v) == null, loaderAccepts("InstanceNumber", v));
        }
        for (String v : DECIMALS) {
            check(differ, "DS validator", v, ValueRules.problem(VR.DS, v) == null, validatorAccepts("SliceThickness", 0x00180050, VR.DS, v));
            check(differ, "DS profile constant", v, ValueRules.problem(VR.DS, v) == null, loaderAccepts("SliceThickness", v));
        }
        assertEquals(List.of(), differ);
    }

    private static void check(List<String> differ, String who, String value, boolean rule, boolean judged) {
        if (rule != judged) {
            differ.add(who + " \"" + value + "\": the rule says " + (rule ? "valid" : "invalid") + ", it says "
                    + (judged ? "valid" : "invalid"));
        }
    }

    private static boolean validatorAccepts(String keyword, int tag, VR vr, String value) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.11");
        ds.setString(0x0020000D, VR.UI, "2.25.12");
        ds.setString(0x0020000E, VR.UI, "2.25.13");
        ds.setString(0x00080060, VR.CS, "OT");
        ds.setString(tag, vr, value);
        DicomFile file = new DicomFile(new byte[128], null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
        return new Validator(new ValidationPolicy(Set.of(), Set.of(), 0)).validate(file).valid();
    }

    private static boolean loaderAccepts(String keyword, String value) {
        try {
            ProfileLoader.loadString("attributes:\n  " + keyword + ": {constant: \"" + value + "\"}\n", "one-rule.yaml");
            return true;
        } catch (ProfileException e) {
            return false;
        }
    }

    private static boolean pseudonymizerAccepts(String root) {
        try {
            new Pseudonymizer(DeidKey.of(new byte[32]), root);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
