package org.mip.deid.text;

import java.time.LocalDate;
import java.util.List;

/**
 * The textual forms of one known date, as rules over folded (lower-case, accent-free) text.
 * Numeric: 19800102, 1980-01-02, 1980/1/2, 02/01/1980, 01/02/1980, 2.1.1980, 2-1-80, 020180...
 * (day-first and month-first both, any of . / - or space between parts, leading zeros optional,
 * 4- or 2-digit years). With month names in English, French, German, Spanish, Italian and Dutch:
 * "2 Jan 1980", "2nd of January, 1980", "January 2, 1980", "Jan-02-80", "2. Januar 1980",
 * "2 janvier", "January 1980".
 */
final class DateForms {

    /** Month names and abbreviations per month (folded: lower case, no accents), January first. */
    static final String[] MONTHS = {
        "january|jan|janvier|janv|januar|jaenner|janner|enero|ene|gennaio|gen|januari",
        "february|feb|fevrier|fevr|fev|februar|febrero|febbraio|febr|februari",
        "march|mar|mars|marz|maerz|marzo|maart|mrt",
        "april|apr|avril|avr|abril|abr|aprile",
        "may|mai|mayo|maggio|mag|mei",
        "june|jun|juin|juni|junio|giugno|giu",
        "july|jul|juillet|juil|juli|julio|luglio|lug",
        "august|aug|aout|agosto|ago|augustus",
        "september|sept|sep|septembre|septiembre|settembre|set",
        "october|oct|octobre|oktober|okt|octubre|ottobre|ott",
        "november|nov|novembre|noviembre|noviembre",
        "december|dec|decembre|dezember|dez|diciembre|dic|dicembre"
    };

    static final String NB = "(?<!\\d)";
    private static final String NA = "(?!\\d)";
    private static final String SEP = "[./\\-\\s]";
    private static final String WORD_SEP = "(?:[\\s,./\\-]{0,3}(?:of|de|del|du)?[\\s,./\\-]{0,3})";
    private static final String ORDINAL = "(?:st|nd|rd|th|er|e|o|\\.)?";

    private DateForms() {
    }

    static List<String> rules(LocalDate date) {
        String y4 = String.format("%04d", date.getYear());
        String y2 = y4.substring(2);
        String mm = String.format("%02d", date.getMonthValue());
        String dd = String.format("%02d", date.getDayOfMonth());
        String m = optionalZero(date.getMonthValue());
        String d = optionalZero(date.getDayOfMonth());
        String year = "(?:" + y4 + "|'?" + y2 + ")";
        String month = "(?:" + MONTHS[date.getMonthValue() - 1] + ")\\.?";
        String day = d + ORDINAL;
        return List.of(
                // year first: 19800102, 1980-01-02, 1980/1/2
                NB + y4 + "(?:" + SEP + "?" + mm + SEP + "?" + dd + "|" + SEP + m + SEP + d + ")" + NA,
                // day first and month first, 4- or 2-digit year
                NB + d + SEP + m + SEP + year + NA,
                NB + m + SEP + d + SEP + year + NA,
                // run together: 02011980, 01021980, 020180, 010280
                NB + "(?:" + dd + mm + "|" + mm + dd + ")(?:" + y4 + "|" + y2 + ")" + NA,
                // month names: 2 Jan 1980, 2nd of January 1980, 02-JAN-80, 02JAN1980, 2 January
                NB + day + WORD_SEP + month + "(?:" + WORD_SEP + year + NA + ")?" + PhiContext.AFTER,
                // January 2, 1980, Jan 2nd 80, January 2
                PhiContext.BEFORE + month + WORD_SEP + day + "(?:" + WORD_SEP + year + ")?" + NA + PhiContext.AFTER,
                // January 1980, Jan-80
                PhiContext.BEFORE + month + WORD_SEP + year + NA);
    }

    private static String optionalZero(int n) {
        return n < 10 ? "0?" + n : String.valueOf(n);
    }
}
