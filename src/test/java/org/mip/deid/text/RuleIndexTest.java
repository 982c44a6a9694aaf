package org.mip.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mip.dicom.VR;

/**
 * A context of many rules searches a text with the rules that text may hold ({@link RuleIndex}): it must
 * find exactly what the whole alternation finds, in every category, whatever the text; and it must
 * narrow (a text that names 3 of 5,000 people is searched for about 3).
 */
class RuleIndexTest {
    private static final String[] GIVEN = {"Anna", "José", "Zoë", "Jürgen", "Łukasz", "Ólafur", "Иван", "Мария", "Ngọc", "O'Neil",
        "Jean-Luc", "Mary Ann", "Li", "Søren", "Çelik", "山田", "김", "Ah"};
    private static final String[] GAPS = {" ", ", ", "^", "  ", "-", "", ". ", "/", "\n", " (", ")"};

    private static String word(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 2 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return r.nextBoolean() ? Character.toUpperCase(b.charAt(0)) + b.substring(1) : b.toString();
    }

    private static String name(Random r) {
        String given = r.nextInt(3) == 0 ? GIVEN[r.nextInt(GIVEN.length)] : word(r);
        String family = r.nextInt(5) == 0 ? "van der " + word(r) : word(r);
        return family + "^" + given + (r.nextInt(4) == 0 ? "^" + word(r) : "");
    }

    private static String identifier(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 3 + r.nextInt(9);
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? (char) ('A' + r.nextInt(26)) : (char) ('0' + r.nextInt(10)));
            if (r.nextInt(6) == 0) {
                b.append("-./_:# ".charAt(r.nextInt(7)));
            }
        }
        return b.toString();
    }

    private static String phone(Random r) {
        StringBuilder b = new StringBuilder(r.nextBoolean() ? "+44 " : "0");
        for (int i = 0; i < 9 + r.nextInt(3); i++) {
            b.append((char) ('0' + r.nextInt(10)));
            if (r.nextInt(4) == 0) {
                b.append(" -.()".charAt(r.nextInt(5)));
            }
        }
        return b.toString();
    }

    /** A value as a text would write it: another order, other separators, other case, pieces of it. */
    private static String written(Random r, String value) {
        String[] parts = value.split("[\\^ ]");
        StringBuilder b = new StringBuilder();
        int start = r.nextInt(4) == 0 ? parts.length - 1 : 0;
        for (int k = 0; k < parts.length; k++) {
            String p = parts[(start + k) % parts.length];
            if (k > 0) {
                b.append(GAPS[r.nextInt(GAPS.length)]);
            }
            b.append(r.nextInt(4) == 0 ? p.toUpperCase(java.util.Locale.ROOT) : p);
        }
        String s = b.toString();
        if (r.nextInt(5) == 0) {
            s = s.replaceAll("[\\-./ ]", ""); // an identifier written without its separators
        }
        if (r.nextInt(6) == 0 && s.length() > 3) {
            s = s.substring(0, s.length() - 1 - r.nextInt(2)); // cut short
        }
        return s;
    }

    private record Fixture(PhiContext ctx, List<String> values) {
    }

    private static Fixture fixture(Random r, int each) {
        PhiContext.Builder b = PhiContext.builder();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            String n = name(r);
            String id = identifier(r);
            String tel = phone(r);
            String inst = word(r) + " " + word(r) + " Hospital";
            b.addPersonName(n).addIdentifier(id).addTelecom(tel).addPhrase(PhiContext.Category.INSTITUTION, inst)
                    .addAddress(r.nextInt(90) + " " + word(r) + " Street, " + word(r));
            b.addDate(LocalDate.of(1930 + r.nextInt(90), 1 + r.nextInt(12), 1 + r.nextInt(28)));
            values.add(n);
            values.add(id);
            values.add(tel);
            values.add(inst);
        }
        return new Fixture(b.build(), values);
    }

    private static List<String> found(Pattern p, String folded) {
        List<String> out = new ArrayList<>();
        if (p != null) {
            Matcher m = p.matcher(folded);
            while (m.find()) {
                out.add(m.start() + "-" + m.end());
            }
        }
        return out;
    }

    @Test
    void narrowedSearchesFindWhatTheWholeAlternationFinds() {
        Random r = new Random(20261208);
        int texts = 0;
        for (int round = 0; round < 6; round++) {
            Fixture f = fixture(r, 70 + r.nextInt(200));
            for (int t = 0; t < 60; t++) {
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    text.append(r.nextBoolean() ? word(r) + " " : "");
                    text.append(r.nextInt(3) == 0 ? word(r) : written(r, f.values().get(r.nextInt(f.values().size()))));
                    text.append(List.of(" ", ", ", "; ", ".\n", "", "_", "-").get(r.nextInt(7)));
                }
                String folded = Folded.of(text.toString()).text;
                for (PhiContext.Category c : PhiContext.Category.values()) {
                    assertEquals(found(f.ctx().pattern(c), folded), found(f.ctx().pattern(c, folded), folded),
                            c + " in \"" + text + "\"");
                }
                texts++;
            }
        }
        assertEquals(360, texts);
    }

    @Test
    void aTextIsSearchedForTheFewValuesItMayHold() {
        Random r = new Random(7);
        PhiContext.Builder b = PhiContext.builder();
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String n = word(r) + "x^" + word(r) + "q";
            names.add(n);
            b.addPersonName(n);
            ids.add("K" + (1_000_000 + i) + "Z");
            b.addIdentifier(ids.get(i));
            b.addTelecom("+1 617 " + (5_550_000 + i));
        }
        PhiContext ctx = b.build();
        String text = "Seen by " + names.get(17).replace('^', ' ') + " and " + names.get(2500).replace('^', ' ')
                + "; reported by " + names.get(4_999).replace("^", ", ") + ", order " + ids.get(4321).replace("Z", "-z")
                + ", call (617) 555-0042. " + "No change since the last exam. ".repeat(200);
        String folded = Folded.of(text).text;
        Pattern narrowed = ctx.pattern(PhiContext.Category.PERSON_NAME, folded);
        assertNotNull(narrowed);
        int branches = narrowed.pattern().split("\\|").length;
        assertTrue(branches < 100, "searched with " + branches + " branches of " + ctx.size());
        assertEquals(found(ctx.pattern(PhiContext.Category.PERSON_NAME), folded), found(narrowed, folded));
        for (PhiContext.Category c : List.of(PhiContext.Category.IDENTIFIER, PhiContext.Category.TELECOM)) {
            Pattern p = ctx.pattern(c, folded);
            assertNotNull(p, c.toString());
            assertTrue(p.pattern().split("\\|").length < 100, c + " searched with " + p.pattern().split("\\|").length + " branches");
            assertEquals(found(ctx.pattern(c), folded), found(p, folded), c.toString());
            assertTrue(!found(p, folded).isEmpty(), c + " found nothing");
        }
        assertNull(ctx.pattern(PhiContext.Category.PERSON_NAME, Folded.of("No change since the last exam.").text),
                "a text that names none of them is not searched for names at all");
        String cleaned = TextCleaner.standard().cleanValue(text, VR.UT, ctx);
        for (int i : new int[] {17, 2500, 4_999}) {
            for (String part : names.get(i).split("\\^")) {
                assertTrue(!cleaned.contains(part), part + " left in: " + cleaned.substring(0, 200));
            }
        }
        assertTrue(!cleaned.contains("1004321") && !cleaned.contains("555-0042"), cleaned.substring(0, 200));
    }

    @Test
    void anchorsAreWhatARuleCannotMatchWithout() {
        String ab12 = PhiContext.BEFORE + String.join(PhiContext.ID_GAP, "\\QA\\E", "\\QB\\E", "\\Q1\\E", "\\Q2\\E") + PhiContext.AFTER;
        assertEquals("AB12", PhiContext.identifierOfRule(ab12));
        assertEquals("4420791234", PhiContext.digitsOfRule(PhiContext.Builder.digitsRule("4420791234")));
        assertNull(PhiContext.digitsOfRule(PhiContext.BEFORE + "\\Q12\\E" + PhiContext.AFTER));
        assertNull(PhiContext.identifierOfRule(PhiContext.BEFORE + "\\Qsmith\\E" + PhiContext.AFTER));
        assertEquals(List.of("a\\b", "c"), RuleIndex.quoted("x\\Qa\\b\\Ey\\Qc\\E"));
    }

    @Test
    void theGapCharactersAreTheGapsClasses() {
        Pattern id = Pattern.compile(PhiContext.ID_GAP.replace("?", ""));
        Pattern digit = Pattern.compile(PhiContext.DIGIT_GAP.replace("{0,3}", ""));
        for (char c = 0; c < 0x3000; c++) {
            String s = String.valueOf(c);
            assertEquals(id.matcher(s).matches(), PhiContext.ID_GAP_CHARACTERS.indexOf(c) >= 0, "identifier gap " + (int) c);
            assertEquals(digit.matcher(s).matches(), PhiContext.DIGIT_GAP_CHARACTERS.indexOf(c) >= 0, "digit gap " + (int) c);
        }
    }
}
