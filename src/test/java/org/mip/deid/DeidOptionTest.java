package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mip.testing.Pydicom;

class DeidOptionTest {

    @Test
    void codesAreDistinctAndFindable() {
        assertEquals(12, Arrays.stream(DeidOption.values()).map(DeidOption::code).distinct().count());
        assertEquals(Optional.of(DeidOption.RETAIN_UIDS), DeidOption.ofCode("113110"));
        assertEquals(Optional.empty(), DeidOption.ofCode(DeidOption.BASIC_PROFILE_CODE), "the profile is no option");
        assertEquals("DCM", DeidOption.CODING_SCHEME);
    }

    /** CID 7050 as pydicom carries it: same 13 codes and meanings (profile + 12 options). */
    @Test
    void matchesCid7050InPydicom() throws IOException, InterruptedException {
        String script = String.join("\n",
                "from pydicom.sr._cid_dict import cid_concepts",
                "from pydicom.sr._concepts_dict import concepts",
                "for k in cid_concepts[7050]['DCM']:",
                "    for code, (meaning, cids) in concepts['DCM'][k].items(): print(code + '\\t' + meaning)");
        Map<String, String> theirs = new HashMap<>();
        for (String line : Pydicom.run(script)) {
            String[] f = line.split("\t");
            theirs.put(f[0], f[1]);
        }
        Map<String, String> ours = Arrays.stream(DeidOption.values())
                .collect(Collectors.toMap(DeidOption::code, DeidOption::meaning));
        ours.put(DeidOption.BASIC_PROFILE_CODE, DeidOption.BASIC_PROFILE_MEANING);
        assertTrue(theirs.size() >= 13, "pydicom CID 7050: " + theirs);
        assertEquals(theirs, ours);
    }
}
