package org.mip.deid.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mip.deid.pixel.PixelRedactor;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

class RedactionRuleTest {
    private static final Rectangle TOP = new Rectangle(0, 0, 640, 40);
    private static final Rectangle CORNER = new Rectangle(500, 400, 140, 80);

    private static Dataset us(boolean bigEndian) {
        Dataset ds = new Dataset(bigEndian);
        ds.setString(0x00080060, VR.CS, "US");
        ds.setString(0x00080070, VR.LO, "ACME Medical ");
        ds.setString(0x00081090, VR.LO, "Sono 5000\\ignored second value");
        ds.setInts(0x00280010, VR.US, 480);
        ds.setInts(0x00280011, VR.US, 640);
        ds.put(new org.mip.dicom.data.ValueElement(0x00186011, VR.FD, java.nio.ByteBuffer.allocate(8)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(0, 2.5).array()));
        return ds;
    }

    private static RedactionRule rule(String name, List<Rectangle> rects, String... keyValue) {
        Map<String, Pattern> c = new LinkedHashMap<>();
        for (int i = 0; i < keyValue.length; i += 2) {
            c.put(keyValue[i], Pattern.compile(keyValue[i + 1]));
        }
        return new RedactionRule(name, c, rects);
    }

    @Test
    void allConditionsMustMatchTheWholeFirstValueIgnoringCase() {
        for (boolean be : new boolean[] {false, true}) {
            Dataset ds = us(be);
            assertTrue(rule("r", List.of(TOP), "Manufacturer", "acme.*", "Rows", "480", "Columns", "6\\d0").matches(ds));
            assertTrue(rule("r", List.of(TOP), "ManufacturerModelName", "SONO 5000").matches(ds), "first value only");
            assertFalse(rule("r", List.of(TOP), "Manufacturer", "ACME").matches(ds), "whole value, not a find");
            assertFalse(rule("r", List.of(TOP), "Manufacturer", "acme.*", "Rows", "512").matches(ds), "one fails: no match");
            assertTrue(rule("r", List.of(TOP), "(0028,0010)", "480").matches(ds), "tag form");
            assertTrue(rule("r", List.of(TOP), "00280011", "640").matches(ds));
            assertTrue(rule("r", List.of(TOP), "(0018,6011)", "2.5").matches(ds), "FD in decimal");
        }
    }

    @Test
    void absentAttributesAreTheEmptyString() {
        Dataset ds = us(false);
        assertFalse(rule("r", List.of(TOP), "StationName", ".+").matches(ds));
        assertTrue(rule("r", List.of(TOP), "StationName", "^$").matches(ds));
        assertTrue(rule("any", List.of(TOP)).matches(ds), "no condition matches every instance");
    }

    @Test
    void unknownKeywordsAreRejectedWhenTheRuleIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> rule("r", List.of(TOP), "Manufactuer", "x"));
    }

    @Test
    void everyMatchingRuleContributesItsRectangles() {
        Dataset ds = us(false);
        List<RedactionRule> rules = List.of(
                rule("banner", List.of(TOP), "Modality", "us"),
                rule("other vendor", List.of(new Rectangle(1, 1, 1, 1)), "Manufacturer", "OTHER"),
                rule("acme 640", List.of(CORNER, TOP), "Manufacturer", "ACME.*", "Columns", "640"));
        assertEquals(List.of("banner", "acme 640"), RedactionRule.matching(rules, ds).stream().map(RedactionRule::name).toList());
        assertEquals(List.of(TOP, CORNER), PixelRedactor.rectanglesFor(rules, ds), "union, duplicates once");
        assertEquals(List.of(), PixelRedactor.rectanglesFor(rules, new Dataset()));
    }
}
