package org.mip.deid.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a category's many rules can match a given text, so that the text is searched with an
 * alternation of those only. {@code java.util.regex} tries an alternation's branches one by one at
 * every position of the text: a header naming 50,000 people (an SR's observers, say) made the
 * cleaning of one 64 KB text take 44 s, and of its every text as long.
 *
 * <p>Each rule is reduced to a key it cannot match without, read from where its match starts (a word
 * start: a letter or number with none before it): the word a name or phrase starts with, an
 * identifier's characters with the separators its rule allows left out, a telephone number's digits.
 * The text is read from each of its word starts for the keys found there, so the work grows with the
 * text, not with the number of rules. The few rules of other shapes are kept when a literal of theirs
 * is in the text, or always. Nothing that could match is left out, and the rules kept keep their order
 * (longest first), so at every position the alternation of the rules kept picks the rule the whole
 * alternation picks.
 */
final class RuleIndex {
    private enum Kind { WORD, IDENTIFIER, LITERAL, DIGITS, ALWAYS }

    private record Anchor(Kind kind, String value) {
    }

    private static final String QUOTE = "\\Q";
    private static final String END_QUOTE = "\\E";

    private final List<String> rules;
    /** Rules by the literal they start with at a word start: names and phrases. */
    private final Keyed words = new Keyed();
    /** Rules by the identifier they match, its separators left out. */
    private final Keyed identifiers = new Keyed();
    /** Rules by the telephone number's digits they match. */
    private final Keyed phones = new Keyed();
    /** The other rules: a literal somewhere in them (null: none, always kept). */
    private final List<Integer> others = new ArrayList<>();
    private final List<String> otherLiterals = new ArrayList<>();

    /** @param rules a category's rules in their order (longest first) */
    RuleIndex(List<String> rules) {
        this.rules = List.copyOf(rules);
        for (int i = 0; i < this.rules.size(); i++) {
            Anchor a = anchor(this.rules.get(i));
            switch (a.kind()) {
                case WORD -> words.add(a.value(), i);
                case IDENTIFIER -> identifiers.add(a.value(), i);
                case DIGITS -> phones.add(a.value(), i);
                default -> {
                    others.add(i);
                    otherLiterals.add(a.value());
                }
            }
        }
    }

    /**
     * The rules that may match {@code text} (folded, as the patterns search it), in their order. Every
     * indexed rule starts where a word starts (its first character a letter or number with none before
     * it), so the text is read from each word start for the keys found there: the work grows with the
     * text, not with the number of rules.
     */
    List<String> candidates(String text) {
        BitSet picked = new BitSet(rules.size());
        int previous = -1;
        for (int p = 0; p < text.length(); ) {
            int cp = text.codePointAt(p);
            if (letterOrNumber(cp) && !(previous >= 0 && letterOrNumber(previous))) {
                words.pickPrefixes(text.substring(p, Math.min(text.length(), p + words.longest)), picked);
                identifiers.pickPrefixes(read(text, p, identifiers.longest, false), picked);
                if (cp >= '0' && cp <= '9') {
                    phones.pickPrefixes(read(text, p, phones.longest, true), picked);
                }
            }
            previous = cp;
            p += Character.charCount(cp);
        }
        for (int k = 0; k < others.size(); k++) {
            String literal = otherLiterals.get(k);
            if (literal == null || text.contains(literal)) {
                picked.set(others.get(k));
            }
        }
        List<String> out = new ArrayList<>(picked.cardinality());
        for (int i = picked.nextSetBit(0); i >= 0; i = picked.nextSetBit(i + 1)) {
            out.add(rules.get(i));
        }
        return out;
    }

    /**
     * The text from {@code p} as an identifier's or a telephone number's rule reads it: up to {@code max}
     * characters with the separators its rule allows left out (any number of them, which admits more
     * than the rule, never less); a telephone number's digits end at the first other character.
     */
    private static String read(String text, int p, int max, boolean digits) {
        StringBuilder b = new StringBuilder();
        for (int i = p; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if ((digits ? PhiContext.DIGIT_GAP_CHARACTERS : PhiContext.ID_GAP_CHARACTERS).indexOf(c) >= 0) {
                continue;
            }
            if (digits && (c < '0' || c > '9')) {
                break;
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Rules by a key that the text must hold, from a word start on, for them to match. */
    private static final class Keyed {
        private final Map<String, List<Integer>> byKey = new HashMap<>();
        private final BitSet lengths = new BitSet();
        int longest;

        void add(String key, int rule) {
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
            lengths.set(key.length());
            longest = Math.max(longest, key.length());
        }

        /** Marks the rules whose key is a prefix of {@code s}. */
        void pickPrefixes(String s, BitSet picked) {
            for (int n = lengths.nextSetBit(1); n >= 0 && n <= s.length(); n = lengths.nextSetBit(n + 1)) {
                List<Integer> hits = byKey.get(s.substring(0, n));
                if (hits != null) {
                    hits.forEach(picked::set);
                }
            }
        }
    }

    /** What {@code rule} cannot match without. */
    static Anchor anchor(String rule) {
        String id = PhiContext.identifierOfRule(rule);
        if (id != null) {
            return new Anchor(Kind.IDENTIFIER, id);
        }
        List<String> literals = quoted(rule);
        if (rule.startsWith(PhiContext.BEFORE + QUOTE) && !literals.isEmpty() && !literals.get(0).isEmpty()
                && letterOrNumber(literals.get(0).codePointAt(0))) {
            return new Anchor(Kind.WORD, literals.get(0));
        }
        String longest = "";
        for (String l : literals) {
            if (l.length() > longest.length()) {
                longest = l;
            }
        }
        if (!longest.isEmpty()) {
            return new Anchor(Kind.LITERAL, longest);
        }
        String digits = PhiContext.digitsOfRule(rule);
        return digits != null ? new Anchor(Kind.DIGITS, digits) : new Anchor(Kind.ALWAYS, null);
    }

    /** The contents of the rule's {@code \Q...\E} literals, in order. */
    static List<String> quoted(String rule) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = rule.indexOf(QUOTE, i)) >= 0) {
            int end = rule.indexOf(END_QUOTE, i + QUOTE.length());
            if (end < 0) {
                out.add(rule.substring(i + QUOTE.length()));
                break;
            }
            out.add(rule.substring(i + QUOTE.length(), end));
            i = end + END_QUOTE.length();
        }
        return out;
    }

    /** What {@code \p{L}} or {@code \p{N}} matches: the characters the rules' word boundaries look at. */
    static boolean letterOrNumber(int cp) {
        int t = Character.getType(cp);
        return Character.isLetter(cp) || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER
                || t == Character.OTHER_NUMBER;
    }
}
