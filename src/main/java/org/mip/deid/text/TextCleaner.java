package org.mip.deid.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.dicom.VR;

/**
 * Cleans free text (descriptions, comments, SR text) under the Clean Descriptors and Clean
 * Structured Content options: every identifying value is replaced by a token, the rest of the text
 * is kept as written.
 *
 * <p>Two sources of findings, both case- and accent-insensitive where it makes sense:
 * <ol>
 *   <li>the values known from the data set ({@link PhiContext}): names in any order and case, with
 *       any spacing or punctuation between components ("Doe^John", "john doe", "DOE, J."), initials
 *       next to a removed name, the patient's initials standing alone ("PTV_JS", "J.S.") unless they
 *       spell a clinical abbreviation, identifiers with or without separators, every date of the data
 *       set in numeric and month-name forms, addresses, phones, institutions, stations;</li>
 *   <li>patterns that identify whatever the header says: e-mail addresses, URLs, UIDs, dates in the
 *       common numeric and English month-name forms, clock times, telephone numbers in national and
 *       international layouts, labelled values ("MRN: ...", "DOB ...", "Case No. ..."), ID-like tokens
 *       (5 or more digits in a row; letters with 4 or more digits; digit groups of 7 or more digits),
 *       US social security and ZIP+4 numbers, street addresses and PO boxes, a capitalised
 *       name after a title ("Dr. Smith", "Mrs Jones"), and ages ("55F", "45 y/o", "6-month-old",
 *       "age 55", "045Y").</li>
 * </ol>
 * Findings that touch or are separated only by spaces and light punctuation are replaced together
 * by one token ("John Doe, 01/02/1980" → "[REMOVED]"). The rules and their limits are described in
 * docs/FREE_TEXT_CLEANING.md. Instances are immutable and thread-safe.
 */
public final class TextCleaner {

    public static final String DEFAULT_REPLACEMENT = "[REMOVED]";

    private static final TextCleaner STANDARD = new Builder().build();

    private final String replacement;
    private final boolean retainPatientCharacteristics;

    private TextCleaner(Builder b) {
        this.replacement = b.replacement;
        this.retainPatientCharacteristics = b.retainPatientCharacteristics;
    }

    /** Replacement {@value #DEFAULT_REPLACEMENT}; ages and patient characteristics removed. */
    public static TextCleaner standard() {
        return STANDARD;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String replacement() {
        return replacement;
    }

    public boolean retainsPatientCharacteristics() {
        return retainPatientCharacteristics;
    }

    // ---- cleaning ----

    /** {@code text} with every finding replaced by the replacement token; null stays null. */
    public String clean(String text, PhiContext ctx) {
        return clean(text, ctx, replacement);
    }

    /**
     * Cleans one attribute value of {@code vr}: each value of a multi-valued VR on its own (the
     * backslash separators kept), with a replacement the VR allows (CS: "REMOVED"), each value then
     * fitted to the VR's maximum length with {@link #fit}.
     */
    public String cleanValue(String value, VR vr, PhiContext ctx) {
        if (value == null) {
            return null;
        }
        String token = replacementFor(vr);
        return eachValue(value, vr, v -> fit(clean(v, ctx, token), vr, token));
    }

    /** {@code one} applied to each value of a multi-valued VR (the backslashes kept), or to the whole of a single-valued one. */
    private static String eachValue(String value, VR vr, java.util.function.UnaryOperator<String> one) {
        if (vr.isSingleValuedText()) {
            return one.apply(value);
        }
        String[] values = value.split("\\\\", -1);
        for (int i = 0; i < values.length; i++) {
            values[i] = one.apply(values[i]);
        }
        return String.join("\\", values);
    }

    /** The token used for {@code vr}: the configured one, or its CS-safe form for CS (A-Z, 0-9, space, _). */
    public String replacementFor(VR vr) {
        if (vr == VR.CS) {
            String cs = replacement.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9 _]", "").strip();
            return cs.isEmpty() ? "REMOVED" : cs;
        }
        return replacement;
    }

    /**
     * Removes from each value only the names and identifiers this instance's header holds
     * ({@link PhiContext.Category#PERSON_NAME}, {@link PhiContext.Category#IDENTIFIER}); nothing that
     * merely looks like a date or an ID, no initials. For values kept as structure and never cleaned
     * as text (codes, product names, local code meanings): a device or a person can still type a
     * patient's name or MRN into Body Part Examined or a model name, and no such value is a patient's name.
     */
    public String cleanKnownIdentity(String value, VR vr, PhiContext ctx) {
        if (value == null || value.isEmpty() || ctx == null || ctx.isEmpty()) {
            return value;
        }
        String token = replacementFor(vr);
        return eachValue(value, vr, v -> {
            List<Span> spans = new ArrayList<>();
            findKnown(v, ctx, spans, IDENTITY);
            return spans.isEmpty() ? v : fit(replace(v, merge(v, spans), token), vr, token);
        });
    }

    private static final java.util.Set<PhiContext.Category> IDENTITY =
            java.util.EnumSet.of(PhiContext.Category.PERSON_NAME, PhiContext.Category.IDENTIFIER);

    private String clean(String text, PhiContext ctx, String token) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<Span> spans = new ArrayList<>();
        findKnown(text, ctx == null ? PhiContext.EMPTY : ctx, spans);
        findPatterns(text, spans);
        if (spans.isEmpty()) {
            return text;
        }
        spans = merge(text, spans);
        extendOverInitials(text, spans, ctx == null ? PhiContext.EMPTY : ctx);
        spans = merge(text, spans);
        return replace(text, spans, token);
    }

    /** {@code text} with each of the (merged, sorted) spans replaced by {@code token}. */
    private static String replace(String text, List<Span> spans, String token) {
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        for (Span s : spans) {
            out.append(text, pos, s.start).append(token);
            pos = s.end;
        }
        out.append(text, pos, text.length());
        return out.toString();
    }

    private void findKnown(String text, PhiContext ctx, List<Span> spans) {
        findKnown(text, ctx, spans, null);
    }

    /** @param only the categories looked for, without the patient's initials; null for all, initials too */
    private void findKnown(String text, PhiContext ctx, List<Span> spans, java.util.Set<PhiContext.Category> only) {
        if (ctx.isEmpty()) {
            return;
        }
        Pattern initials = only == null ? ctx.patientInitials() : null;
        if (initials != null) {
            Matcher m = initials.matcher(text);
            while (m.find()) {
                spans.add(new Span(m.start(), m.end(), false));
            }
        }
        Folded folded = Folded.of(text);
        for (PhiContext.Category c : PhiContext.Category.values()) {
            if (c == PhiContext.Category.PATIENT_CHARACTERISTIC && retainPatientCharacteristics
                    || only != null && !only.contains(c)) {
                continue;
            }
            Pattern p = ctx.pattern(c, folded.text);
            if (p == null) {
                continue;
            }
            Matcher m = p.matcher(folded.text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    spans.add(new Span(folded.originalStart(m.start()), folded.originalEnd(m.end()),
                            c == PhiContext.Category.PERSON_NAME));
                }
            }
        }
    }

    private void findPatterns(String text, List<Span> spans) {
        for (Rule rule : Rules.ALL) {
            Matcher m = rule.pattern.matcher(text);
            while (m.find()) {
                int start = m.start();
                int end = m.end();
                if (rule.group != null && m.start(rule.group) >= 0) {
                    start = m.start(rule.group);
                    end = m.end(rule.group);
                }
                String found = text.substring(start, end);
                if (rule.trimTrailingPunctuation) {
                    while (end > start && ".,;:!?)]}'\"".indexOf(text.charAt(end - 1)) >= 0) {
                        end--;
                    }
                }
                if (end <= start || !rule.accept(found, m, retainPatientCharacteristics)) {
                    continue;
                }
                spans.add(new Span(start, end, rule.name));
            }
        }
    }

    /** Sorts, joins overlapping spans and spans separated only by spacing and light punctuation. */
    private static List<Span> merge(String text, List<Span> spans) {
        spans.sort(Comparator.comparingInt((Span s) -> s.start).thenComparingInt(s -> -s.end));
        List<Span> out = new ArrayList<>();
        Span cur = null;
        for (Span s : spans) {
            if (cur != null && (s.start <= cur.end || onlyGap(text, cur.end, s.start))) {
                cur = new Span(cur.start, Math.max(cur.end, s.end), cur.name || s.name);
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = s;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }

    private static final String GAP_CHARS = " \t^,.-'\u2019\u00A0\u3000\u30FB\u00B7";

    private static boolean onlyGap(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (GAP_CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Initials are removed only next to a removed name: "J. Doe", "J Doe", "Doe, J.", "Doe J.M.",
     * "Doe JM" (the person's own initials run together). A lone capital after a name without a
     * period ("DOE R KNEE") stays: it is more often a laterality or a level than an initial.
     */
    private static void extendOverInitials(String text, List<Span> spans, PhiContext ctx) {
        for (Span s : spans) {
            if (!s.name) {
                continue;
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                int left = initialBefore(text, s.start, ctx);
                if (left >= 0) {
                    s.start = left;
                    changed = true;
                }
                int right = initialAfter(text, s.end, ctx);
                if (right >= 0) {
                    s.end = right;
                    changed = true;
                }
            }
        }
    }

    /** Start of an initial ("J", "J.") ending just before {@code pos} (spaces/commas between), or -1. */
    private static int initialBefore(String text, int pos, PhiContext ctx) {
        int j = pos - 1;
        while (j >= 0 && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '^')) {
            j--;
        }
        if (j >= 0 && text.charAt(j) == '.') {
            j--;
        }
        if (j < 0 || !Character.isLetter(text.charAt(j)) || !ctx.isInitial(text.charAt(j))) {
            return -1;
        }
        if (j > 0 && Character.isLetterOrDigit(text.charAt(j - 1))) {
            return -1;
        }
        if (j == pos - 1) {
            return -1; // touching the name: part of a word, not an initial
        }
        return j;
    }

    /** End of an initial after a name at {@code pos}, or -1: "Doe, J." "Doe J.M." "Doe JM" "Doe J" (at the end). */
    private static int initialAfter(String text, int pos, PhiContext ctx) {
        int i = pos;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',' || text.charAt(i) == '^')) {
            i++;
        }
        boolean afterInitial = pos > 0 && text.charAt(pos - 1) == '.';
        if ((i == pos && !afterInitial) || i >= text.length()) {
            return -1; // touching the name: part of a word; "J.M.": initials run together after a period
        }
        int wordEnd = i;
        while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) {
            wordEnd++;
        }
        String word = text.substring(i, wordEnd);
        if (word.isEmpty()) {
            return -1;
        }
        if (word.length() >= 2) {
            // "JM": the person's own initials run together, written in capitals
            boolean upper = word.equals(word.toUpperCase(java.util.Locale.ROOT));
            if (upper && word.length() <= 4 && ctx.isCompactInitials(word) && !continuesWord(text, wordEnd)) {
                return wordEnd;
            }
            return -1;
        }
        if (!ctx.isInitial(word.charAt(0))) {
            return -1;
        }
        if (wordEnd < text.length() && text.charAt(wordEnd) == '.') {
            return wordEnd + 1; // "Doe J."
        }
        // "Doe, J" at the end of the text or before a separator other than a space
        int k = wordEnd;
        if (k == text.length() || ";:)]/".indexOf(text.charAt(k)) >= 0
                || (text.charAt(k) == ',' && text.substring(pos, i).contains(","))) {
            return wordEnd;
        }
        return -1;
    }

    private static boolean continuesWord(String text, int pos) {
        return pos < text.length() && Character.isLetterOrDigit(text.charAt(pos));
    }

    // ---- fitting to the VR ----

    /**
     * The maximum length of one value of {@code vr} in characters (PS3.5 Table 6.2-1), or -1 when
     * unlimited for practical purposes (UC, UR, UT). PN: 64 per component group.
     */
    public static int maxLength(VR vr) {
        return vr.maxLength();
    }

    /** {@link #fit(String, VR, String)} with this cleaner's token for {@code vr}. */
    public String fit(String value, VR vr) {
        return fit(value, vr, replacementFor(vr));
    }

    /**
     * Shortens one value to the maximum length of {@code vr} without cutting the replacement token
     * or a word in half: the cut moves back to the last space (or before the token it would split),
     * and trailing spaces and separators are dropped. PN values are fitted per component group.
     */
    public static String fit(String value, VR vr, String token) {
        if (value == null) {
            return null;
        }
        if (vr == VR.PN && value.indexOf('=') >= 0) {
            String[] groups = value.split("=", -1);
            for (int i = 0; i < groups.length; i++) {
                groups[i] = fit(groups[i], VR.PN, token);
            }
            return String.join("=", groups);
        }
        int max = maxLength(vr);
        if (max < 0 || value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        int cut = value.offsetByCodePoints(0, max);
        // Never split the token: if it straddles the cut, cut before it.
        if (token != null && !token.isEmpty()) {
            int from = Math.max(0, cut - token.length() + 1);
            int idx = value.indexOf(token, from);
            if (idx >= 0 && idx < cut && idx + token.length() > cut) {
                cut = idx;
            }
        }
        // Never split a word: back off to the last space when the cut falls inside one.
        if (cut < value.length() && cut > 0 && Character.isLetterOrDigit(value.charAt(cut))
                && Character.isLetterOrDigit(value.charAt(cut - 1))) {
            int space = value.lastIndexOf(' ', cut);
            if (space > 0) {
                cut = space;
            }
        }
        String out = value.substring(0, cut);
        int end = out.length();
        while (end > 0 && " ,;:-^".indexOf(out.charAt(end - 1)) >= 0) {
            end--;
        }
        return out.substring(0, end);
    }

    // ---- configuration ----

    public static final class Builder {
        private String replacement = DEFAULT_REPLACEMENT;
        private boolean retainPatientCharacteristics;

        private Builder() {
        }

        /** The token that replaces each finding: non-empty, no backslash, no control characters. */
        public Builder replacement(String replacement) {
            if (replacement == null || replacement.isEmpty()) {
                throw new IllegalArgumentException("the replacement token must not be empty");
            }
            if (replacement.indexOf('\\') >= 0 || replacement.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "the replacement token must not contain a backslash or control characters");
            }
            this.replacement = replacement;
            return this;
        }

        /**
         * Under Retain Patient Characteristics the header keeps age, sex and ethnic group, so the text
         * may too: ages up to 89 years and the ethnic group and occupation values are then kept. Ages
         * of 90 and over are always removed (HIPAA Safe Harbor groups them).
         */
        public Builder retainPatientCharacteristics(boolean retain) {
            this.retainPatientCharacteristics = retain;
            return this;
        }

        public TextCleaner build() {
            return new TextCleaner(this);
        }
    }

    // ---- internals ----

    private static final class Span {
        int start;
        int end;
        final boolean name;

        Span(int start, int end, boolean name) {
            this.start = start;
            this.end = end;
            this.name = name;
        }
    }

    /** One pattern rule; {@link #accept} may reject a match after a closer look. */
    static class Rule {
        final String id;
        final Pattern pattern;
        final String group;
        final boolean name;
        final boolean trimTrailingPunctuation;

        Rule(String id, String regex, int flags, String group, boolean name, boolean trimTrailingPunctuation) {
            this.id = id;
            this.pattern = Pattern.compile(regex, flags);
            this.group = group;
            this.name = name;
            this.trimTrailingPunctuation = trimTrailingPunctuation;
        }

        boolean accept(String found, Matcher m, boolean retainPatientCharacteristics) {
            return true;
        }
    }
}
