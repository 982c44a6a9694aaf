package org.mip.deid.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The patterns {@link TextCleaner} applies whatever the data set says. Each is written to leave
 * ordinary clinical text alone ("CT CHEST W/O CONTRAST 5MM", "L4-L5", "T2 FLAIR", "120 kVp",
 * "512x512", "8F catheter", "1:10 dilution"); docs/FREE_TEXT_CLEANING.md lists them with their limits.
 */
final class Rules {

    private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** No letter or digit before / after. */
    private static final String B = "(?<![\\p{L}\\p{N}])";
    private static final String E = "(?![\\p{L}\\p{N}])";
    /** Not inside a word, a decimal, a range or a signed number: "-1000", "2.5", "5-10" do not start a number. */
    private static final String NOT_AFTER_NUMBER = "(?<![\\p{L}\\p{N}.,\\-+])";
    /** Not followed by a unit of measure: a number with a unit is a measurement, not an identifier. */
    private static final String NO_UNIT = "(?!\\s?(?:(?i:mm|cm|ml|mgy|gy|cgy|hu|kvp?|mas|ma|ms|sec|min|mbq|gbq|mci|kg|mg|mmol"
            + "|px|slices?|images?|frames?|views?)|s|g|%)(?![\\p{L}\\p{N}]))"; // "s", "g" lower case only: "G." is an initial

    /** English month names; "May" only capitalised, since "may" is a common word. */
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final String MONTH_FULL = "(?:january|february|march|april|(?-i:May|MAY)|june|july|august"
            + "|september|october|november|december)";
    /** Full month names of other languages (folded forms and accented ones), only with a year. */
    private static final String MONTH_OTHER = "(?:janvier|f[eé]vrier|avril|juin|juillet|ao[uû]t|septembre|octobre"
            + "|novembre|d[eé]cembre|januar|februar|m[aä]rz|juni|juli|oktober|dezember|enero|febrero|marzo|abril"
            + "|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio"
            + "|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|augustus)";
    private static final String YEAR4 = "(?:1[89]|20)\\d{2}";
    private static final String DAY = "(?:0?[1-9]|[12]\\d|3[01])";
    private static final String ORD = "(?:st|nd|rd|th|er|\\.)?";

    static final List<TextCleaner.Rule> ALL = List.of(
            rule("email", "(?<![\\p{L}\\p{N}._%+\\-])[\\p{L}\\p{N}._%+\\-]{1,64}@[\\p{L}\\p{N}\\-]{1,63}"
                    + "(?:\\.[\\p{L}\\p{N}\\-]{1,63}){1,8}", CI, null, false, true),
            rule("url", "(?:\\b(?:https?|s?ftp|file)://|\\bwww\\.)[^\\s<>\"\\\\]{1,2048}", CI, null, false, true),
            rule("uid", "(?<![\\d.])[0-2](?:\\.(?:0|[1-9]\\d{0,38})){3,40}(?![\\d.])", 0, null, false, false)
                    .minLength(10),

            // ---- dates ----
            rule("date-ymd", "(?<![\\p{N}.])" + YEAR4 + "([-/.])(?:0?[1-9]|1[0-2])\\1" + DAY + "(?![\\p{N}])",
                    0, null, false, false),
            rule("date-dmy", "(?<![\\p{N}.])" + DAY + "([-/.])" + DAY + "\\1" + YEAR4 + "(?![\\p{N}])", 0, null,
                    false, false),
            rule("date-dmy2", "(?<![\\p{N}./\\-])" + DAY + "([/-])" + DAY + "\\1\\d{2}(?![\\p{N}/\\-])", 0, null,
                    false, false),
            rule("date-dmy2-dots", "(?<![\\p{N}.])(?:0[1-9]|[12]\\d|3[01])\\.(?:0[1-9]|1[0-2])\\.\\d{2}(?![\\p{N}.])",
                    0, null, false, false),
            rule("date-day-month-year", B + "\\d{1,2}" + ORD + "[\\s\\-/.,]{0,3}(?:of\\s+)?(?:" + MONTH + "|"
                    + MONTH_OTHER + ")[\\s\\-/.,]{0,3}(?:" + YEAR4 + "|'?\\d{2})" + E, CI, null, false, false),
            rule("date-month-day-year", B + "(?=[a-zA-Z])(?:" + MONTH + "|" + MONTH_OTHER + ")[\\s\\-/.,]{0,3}\\d{1,2}"
                    + "(?:st|nd|rd|th)?[\\s,.\\-/]{0,3}(?:" + YEAR4 + "|'\\d{2})" + E, CI, null, false, false),
            rule("date-day-month", B + "\\d{1,2}(?:st|nd|rd|th)?\\s{0,2}(?:of\\s+)?" + MONTH_FULL + E, CI, null,
                    false, false),
            rule("date-month-day", B + MONTH_FULL + "\\s{0,2}\\d{1,2}(?:st|nd|rd|th)?" + E, CI, null, false, false),
            rule("date-month-year", B + "(?=[a-zA-Z])(?:" + MONTH + "|" + MONTH_OTHER + ")[\\s\\-/.,']{0,3}" + YEAR4 + E, CI,
                    null, false, false),
            rule("date-month-slash-year", "(?<![\\p{N}./\\-])(?:0?[1-9]|1[0-2])/" + YEAR4 + "(?![\\p{N}/\\-])", 0,
                    null, false, false),

            // ---- times: two-digit hours, or with seconds, or with am/pm ("1:10" stays: a ratio) ----
            rule("time", "(?<![\\p{N}:.])(?:(?:[01]\\d|2[0-3])[:h][0-5]\\d(?::[0-5]\\d(?:[.,]\\d+)?)?"
                    + "|\\d[:h][0-5]\\d(?::[0-5]\\d(?:[.,]\\d+)?|(?=\\s?[ap]\\.?m\\b)))"
                    + "(?:\\s?[ap]\\.?m\\.?)?(?![\\p{N}:])", CI, null, false, false),
            rule("time-ampm", B + "(?:1[0-2]|0?[1-9])\\s?[ap]\\.?m\\.?(?![\\p{L}])", CI, null, false, false),
            rule("time-hours", "(?<![\\p{N}])(?:[01]\\d|2[0-3])[0-5]\\d\\s?(?:hrs?|hours)\\b", CI, null, false,
                    false),

            // ---- telephone numbers ----
            rule("phone-labelled", "\\b(?:tel|telephone|t[eé]l[eé]phone|telefon|phone|ph|fax|mobile|mob|cell|pager"
                    + "|bleep|ext|extension|tlf|tfn)\\b\\.?\\s*(?:no\\.?|number|nr\\.?|#)?\\s*[:#.]?\\s*"
                    + "(?<x>\\+?\\(?\\d[\\d\\s().\\-/]{2,}\\d)", CI, "x", false, false).minDigits(4),
            rule("phone-international", "(?<![\\p{L}\\p{N}+])\\+\\d{1,3}(?:[\\s.\\-]?\\(?\\d{1,5}\\)?){2,6}"
                    + "(?![\\p{N}])", 0, null, false, false).minDigits(8),
            rule("phone-nanp", B + "(?:1[\\s.\\-])?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.\\-])\\d{3}[\\s.\\-]\\d{4}"
                    + "(?![\\p{N}])", 0, null, false, false),
            // 555-1234, but not a range of round numbers ("100-1000", "500-1500")
            rule("phone-local", "(?<![\\p{L}\\p{N}.\\-])\\d{3}[.\\-]\\d{2}(?!00)\\d{2}(?![\\p{N}.\\-])", 0, null, false,
                    false),
            rule("phone-trunk", B + "0\\d{1,4}[\\s\\-/.]\\d{3,4}[\\s\\-.]?\\d{3,4}(?![\\p{N}])" + NO_UNIT, 0, null,
                    false, false).minDigits(9),
            // 00 instead of + before the country code: 0044 20 7946 0958, 0049-30-1234567, 0044 (0)20 ...
            rule("phone-international-00", B + "00[1-9]\\d{0,2}(?:[\\s.\\-]?\\(0\\)\\s?|[\\s.\\-]\\(?)\\d{1,8}\\)?"
                    + "(?:[\\s.\\-]\\(?\\d{1,8}\\)?){1,5}"
                    + "(?![\\p{N}])" + NO_UNIT, 0, null, false, false).minDigits(10).notRound(),
            // 3-4-4 groups (mobile numbers in China, Korea, Japan; 555 1234 5678), any of space, dot, dash
            rule("phone-3-4-4", NOT_AFTER_NUMBER + "(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.\\-])\\d{4}[\\s.\\-]\\d{4}(?![\\p{N}])"
                    + NO_UNIT, 0, null, false, false).notRound(),
            // an area code in parentheses, with or without a trunk digit: (495) 123-45-67, 8 (495) 123-45-67
            rule("phone-area-parens", NOT_AFTER_NUMBER + "(?:\\d{1,2}[\\s\\-]?)?\\(\\d{2,5}\\)[\\s\\-]?\\d{2,4}"
                    + "(?:[\\s.\\-]\\d{2,4}){1,3}(?![\\p{N}])" + NO_UNIT, 0, null, false, false).minDigits(9).notRound(),
            // five pairs after a trunk zero (France, Belgium): 01 42 68 53 07, 06.12.34.56.78; not a counted list
            // ("01 02 03 04 05", "05 10 15 20 25": series, time points)
            rule("phone-pairs", NOT_AFTER_NUMBER + "0[1-9](?:[\\s.\\-]\\d{2}){4}(?![\\p{N}])" + NO_UNIT, 0, null, false,
                    false).notCounting(),

            // ---- labelled values: MRN: 12345, ID 42, DOB 1980, born 1980 ----
            rule("labelled-id", "\\b(?:mrn|mr\\s?#|mr\\s?no|id|pid|patient\\s?id|acc(?:ession)?(?:\\s?(?:no|number|#))?"
                    + "|ssn|nhs(?:\\s?(?:no|number))?|dob|d\\.o\\.b|born)\\.?\\s*[:#=]?\\s*"
                    // the value has a digit in its first word or starts with a word followed by digit groups ("ZQX 778 899")
                    + "(?<x>(?=[\\p{L}\\p{N}\\-/.]{0,64}(?:\\s(?=\\d))?\\d)[\\p{L}\\p{N}]{1,32}(?:(?:[\\-/.]|\\s(?=\\d))[\\p{L}\\p{N}]{1,32}){0,8})", CI, "x",
                    false, false)
                    .labelledValue(),

            // ---- case, order and file numbers after their label: Case No. CR-2023-117, case #2023-0456, Fall-Nr. 12345
            rule("labelled-case", "\\b(?:case|file|ref|reference|order|req|requisition|request|encounter|episode|visit"
                    + "|specimen|report|exam|study|accession|path|pathology|lab|fall|dossier|expediente|caso|cas|auftrag)"
                    + "(?<mk>[\\s\\-]?(?:no\\.?|number|num\\.?|nr\\.?|n[o°º]\\.?|#|id)|\\s*[:#=])?\\s*[:#=]?\\s*"
                    + "(?<x>(?=[\\p{L}\\p{N}]{0,32}\\d)[\\p{L}\\p{N}]{1,32}(?:[\\-/.][\\p{L}\\p{N}]{1,32}){0,6})" + E + NO_UNIT,
                    CI, "x", false, false).caseNumber(),

            // ---- identifiers ----
            rule("ssn", "(?<![\\p{N}\\-])\\d{3}-\\d{2}-\\d{4}(?![\\p{N}\\-])", 0, null, false, false),
            rule("zip4", "(?<![\\p{N}\\-])\\d{5}-\\d{4}(?![\\p{N}\\-])", 0, null, false, false),
            rule("digits", "(?<!\\d[.,])(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}]*\\d{5,}[\\p{L}\\p{N}]*(?:[.,]\\d+)?" + E,
                    0, null, false, false),
            rule("alnum-id", B + "[\\p{L}\\p{N}]{1,32}(?:[\\-/#][\\p{L}\\p{N}]{1,32}){0,8}" + E, 0, null, false, false)
                    .idLike(),
            // digit groups joined by a dash or slash, 7 digits or more: 2023-0456, 12-34567 (not years, round ranges, units)
            rule("digit-groups", NOT_AFTER_NUMBER + "\\d{2,6}[\\-/]\\d{4,8}(?:[\\-/]\\d{1,8})?(?![\\p{L}\\p{N}./\\-])" + NO_UNIT,
                    0, null, false, false).minDigits(7).notRound().notYears(),

            // ---- addresses ----
            rule("street", B + "\\d{1,5}[a-z]?,?\\s{1,3}(?:[\\p{L}'.\\-]{1,30}\\s{1,3}){1,3}(?:street|st|avenue|ave|road|rd"
                    + "|boulevard|blvd|lane|drive|court|terrace|crescent|highway|hwy|parkway|pkwy)\\.?(?![\\p{L}])",
                    CI, null, false, false),
            rule("strasse", B + "[\\p{L}\\-]{1,40}(?:stra(?:ss|ß)e|str\\.|gasse|allee|platz|weg)\\s*\\d{1,4}[a-z]?" + E,
                    CI, null, false, false),
            rule("po-box", "\\bp\\.?\\s?o\\.?\\s?box\\s*\\d+", CI, null, false, false),

            // ---- a capitalised name after a title (not "MR BRAIN", "MS lesions", "DR chest") ----
            rule("titled-name", "(?=[MDPSHFmd])(?:\\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sr|Sra|Herr|Frau|Mme|Mlle)\\.?"
                    + "|\\b(?:MR|MRS|MS|DR|PROF)\\.|(?i:\\bdoctor\\b))\\s+"
                    + "(?<x>(?:\\p{Lu}\\.\\s?){0,3}\\p{Lu}[\\p{L}'\\-]+(?:\\s+\\p{Lu}[\\p{L}'\\-]+)?)", 0, "x",
                    true, false),

            // ---- ages ----
            age("age-years", "(?<![\\p{L}\\p{N}.])(?<n>\\d{1,3})\\s?-?\\s?(?<u>y/o|y\\.o\\.?|yo|yrs?\\.?[\\s\\-]?old"
                    + "|years?[\\s\\-]?old|y)(?![\\p{L}\\p{N}])", CI),
            age("age-months", "(?<![\\p{L}\\p{N}.])(?<n>\\d{1,3})\\s?-?\\s?(?<u>months?|mos?|weeks?|wks?|days?)"
                    + "[\\s\\-]?old(?![\\p{L}])", CI),
            age("age-sex", "(?<![\\p{L}\\p{N}.])(?<n>\\d{2,3})\\s?(?<u>[MF])(?![\\p{L}\\p{N}\\-])"
                    + "(?!\\s*(?i:catheters?|cath|sheaths?|drains?|tubes?|cannulas?|introducers?|stents?|needles?"
                    + "|guides?|pigtails?|dilators?|ports?|lines?|fr|french)\\b)", 0),
            age("age-dicom", B + "(?<n>0\\d\\d|1[0-2]\\d(?=Y))(?<u>[DWMY])" + E, 0),
            age("age-labelled", "\\b(?:age|aged|[aâ]ge|alter|edad|et[aà])\\s*[:=]?\\s*(?<n>\\d{1,3})(?![\\p{N}])"
                    + "(?<u>)", CI));

    private Rules() {
    }

    private static Configurable rule(String id, String regex, int flags, String group, boolean name, boolean trim) {
        return new Configurable(id, regex, flags, group, name, trim);
    }

    private static Age age(String id, String regex, int flags) {
        return new Age(id, regex, flags);
    }

    /** A rule with optional post-checks. */
    static final class Configurable extends TextCleaner.Rule {
        private int minLength;
        private int minDigits;
        private boolean idLike;
        private boolean labelled;
        private boolean notRound;
        private boolean notYears;
        private boolean caseNumber;
        private boolean notCounting;

        Configurable(String id, String regex, int flags, String group, boolean name, boolean trim) {
            super(id, regex, flags, group, name, trim);
        }

        Configurable minLength(int n) {
            this.minLength = n;
            return this;
        }

        Configurable minDigits(int n) {
            this.minDigits = n;
            return this;
        }

        Configurable idLike() {
            this.idLike = true;
            return this;
        }

        Configurable labelledValue() {
            this.labelled = true;
            return this;
        }

        /** Rejects a match whose digit groups all end in 0 ("100 1000 1500", "100-1000"): ranges and lists of round values. */
        Configurable notRound() {
            this.notRound = true;
            return this;
        }

        /** Rejects two or three years joined ("2019-2021", "2019/2020"): spans of years, not identifiers. */
        Configurable notYears() {
            this.notYears = true;
            return this;
        }

        /**
         * A case number after its label: 3 digits or more ("case 12 of 30" stays), and a bare year only
         * with a number marker ("Case No. 2023" goes, "study 2019 protocol" stays).
         */
        Configurable notCounting() {
            this.notCounting = true;
            return this;
        }

        Configurable caseNumber() {
            this.caseNumber = true;
            return this;
        }

        @Override
        boolean accept(String found, Matcher m, boolean retainPatientCharacteristics) {
            if (found.length() < minLength) {
                return false;
            }
            if (minDigits > 0 && digits(found) < minDigits) {
                return false;
            }
            if (idLike && !isIdLike(found)) {
                return false;
            }
            if (labelled && digits(found) < 2 && found.length() < 3) {
                return false;
            }
            if (notRound && isRound(found)) {
                return false;
            }
            if (notCounting && isCounting(found)) {
                return false;
            }
            if (notYears && YEARS.matcher(found).matches()) {
                return false;
            }
            if (caseNumber && (digits(found) < 3 || (m.group("mk") == null && YEAR.matcher(found).matches()))) {
                return false;
            }
            return true;
        }
    }

    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("\\d+(?:[.,]\\d+)?\\p{L}{1,6}");
    private static final Pattern DIMENSIONS = Pattern.compile("\\d+[x×]\\d+(?:[x×]\\d+)?", Pattern.CASE_INSENSITIVE);

    /**
     * Letters and digits together, with 4 or more digits of which 3 or more in a row and at least two
     * letters ("MRN1234", "AB-1234", "A123B456"; one letter needs 5 digits, so "b1000" stays), not a
     * number with a unit ("3000ms", "1500HU") or dimensions ("512x512").
     */
    static boolean isIdLike(String token) {
        if (token.codePoints().noneMatch(Character::isLetter)) {
            return false;
        }
        long letters = token.codePoints().filter(Character::isLetter).count();
        if (digits(token) < 4 || longestDigitRun(token) < 3 || (letters < 2 && digits(token) < 5)) {
            return false;
        }
        return !NUMBER_WITH_UNIT.matcher(token).matches() && !DIMENSIONS.matcher(token).matches();
    }

    private static final Pattern YEAR = Pattern.compile("(?:19|20)\\d{2}");
    private static final Pattern YEARS = Pattern.compile("(?:19|20)\\d{2}(?:[\\-/](?:19|20)\\d{2}){1,2}");
    private static final Pattern DIGIT_GROUP = Pattern.compile("\\d+");

    /** Every group of digits ends in 0: a list or range of round values, not a number someone dials. */
    static boolean isRound(String s) {
        Matcher m = DIGIT_GROUP.matcher(s);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (s.charAt(m.end() - 1) != '0') {
                return false;
            }
        }
        return any;
    }

    /** The digit groups step by one constant amount ("01 02 03 04 05", "05 10 15 20 25"): a counted list. */
    static boolean isCounting(String s) {
        Matcher m = DIGIT_GROUP.matcher(s);
        List<Integer> values = new java.util.ArrayList<>();
        while (m.find()) {
            values.add(Integer.parseInt(m.group()));
        }
        if (values.size() < 3) {
            return false;
        }
        int step = values.get(1) - values.get(0);
        for (int i = 2; i < values.size(); i++) {
            if (values.get(i) - values.get(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    static int digits(String s) {
        return (int) s.chars().filter(c -> c >= '0' && c <= '9').count();
    }

    static int longestDigitRun(String s) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** An age: kept under Retain Patient Characteristics when at most 89 years. */
    static final class Age extends TextCleaner.Rule {
        Age(String id, String regex, int flags) {
            super(id, regex, flags, null, false, false);
        }

        @Override
        boolean accept(String found, Matcher m, boolean retainPatientCharacteristics) {
            if (!retainPatientCharacteristics) {
                return true;
            }
            int n = Integer.parseInt(m.group("n"));
            String unit = m.group("u").toLowerCase(java.util.Locale.ROOT);
            boolean years = unit.isEmpty() || unit.startsWith("y") || unit.equals("m") || unit.equals("f");
            if (id.equals("age-dicom")) {
                years = unit.equals("y");
            }
            return years && n > 89;
        }
    }
}
