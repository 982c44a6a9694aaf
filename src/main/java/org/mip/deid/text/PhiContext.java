package org.mip.deid.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DatasetVisitor;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * Every value of one data set that is known to identify someone, prepared for {@link TextCleaner}:
 * the person names of every PN element at any depth (split into components, ideographic and
 * phonetic groups too; the patient's initials as tokens of their own), identifiers (Patient ID, Other Patient IDs, Accession Number, Study ID,
 * order and procedure IDs, device serial numbers...), every DA and DT date rendered in the common
 * textual forms, addresses, telephone numbers and telecom information, institution, department and
 * issuer names, station names and AE titles, and a few personal characteristics (ethnic group,
 * occupation, religious preference, military rank...).
 *
 * <p>The values themselves never leave this object: it has no getter for them, and
 * {@link #toString()} only counts them. They are held as matching rules over folded text (case,
 * accents and compatibility forms ignored), built so that a 1-letter initial or a 2-digit number
 * never becomes a rule that would wipe every "A" or every "12" from a text.
 *
 * <p>Build one per instance with {@link #of(Dataset)}, or with a {@link Builder} to combine the
 * file meta, the data set and values known from elsewhere. Immutable and thread-safe once built.
 */
public final class PhiContext {

    /** What kind of value a matching rule came from. */
    public enum Category {
        PERSON_NAME, IDENTIFIER, DATE, ADDRESS, TELECOM, INSTITUTION, DEVICE,
        /** Values the Retain Patient Characteristics option keeps in the header (ethnic group, occupation). */
        PATIENT_CHARACTERISTIC,
        OTHER
    }

    /** A context with no values: the cleaner then removes only what its patterns recognise. */
    public static final PhiContext EMPTY = new Builder().build();

    /** Shortest name component (letters) that is removed on its own; shorter ones act as initials. */
    static final int MIN_NAME_LENGTH = 2;
    /** Shortest identifier (letters and digits, separators not counted) that is removed on its own. */
    static final int MIN_ID_LENGTH = 3;
    /** Shortest institution, device, address or other phrase (letters and digits) removed on its own. */
    static final int MIN_PHRASE_LENGTH = 3;
    /** Shortest part of an address (split at commas, line breaks, ^) removed on its own. */
    static final int MIN_ADDRESS_PART_LENGTH = 4;
    /** A house number at the start or end of an address part: "17", "221B", "5a", "No. 12". */
    private static final Pattern HOUSE_NUMBER = Pattern.compile("^(?:no\\.?\\s*)?\\d{1,5}[a-z]?\\b\\s*|\\s*\\b\\d{1,5}[a-z]?$",
            Pattern.CASE_INSENSITIVE);
    /**
     * Categories of more rules than this are narrowed per text before the search: a real header's
     * names, identifiers and phrases number in the tens; a hostile one's in the tens of thousands.
     */
    static final int INDEXED_FROM = 64;
    /** Fewest digits for a telephone number to be removed on its own. */
    static final int MIN_PHONE_DIGITS = 5;

    /** Name particles that are removed only as part of the whole name, never alone ("de", "van"). */
    static final Set<String> NAME_PARTICLES = Set.of("van", "von", "der", "den", "de", "del", "della", "di",
            "da", "du", "des", "la", "le", "el", "al", "bin", "ibn", "ben", "bat", "dos", "das", "do", "ter",
            "ten", "te", "st", "ste", "san", "mac", "mc", "y", "e", "i", "and", "of");

    static final Set<String> IDENTIFIERS = Set.of("AccessionNumber", "PatientID", "OtherPatientIDs", "StudyID",
            "AdmissionID", "ServiceEpisodeID", "MedicalRecordLocator", "InsurancePlanIdentification",
            "ClinicalTrialSubjectID", "ClinicalTrialSubjectReadingID",
            "ClinicalTrialProtocolEthicsCommitteeApprovalNumber", "RequestedProcedureID",
            "ScheduledProcedureStepID", "PerformedProcedureStepID", "PlacerOrderNumberImagingServiceRequest",
            "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberProcedure", "FillerOrderNumberProcedure",
            "SpecimenAccessionNumber", "ContainerIdentifier", "SpecimenIdentifier", "SlideIdentifier", "ResultsID",
            "InterpretationID", "DeviceSerialNumber", "PlateID", "GeneratorID", "CassetteID", "GantryID",
            "DetectorID", "XRaySourceID", "XRayDetectorID", "SourceSerialNumber", "LensSerialNumber",
            "DeviceAlternateIdentifier", "UniqueDeviceIdentifier", "BarcodeValue", "ContainerComponentID");
    static final Set<String> ADDRESSES = Set.of("PatientAddress", "InstitutionAddress", "ReferringPhysicianAddress",
            "PersonAddress", "AddressTrial", "DistributionAddress", "RegionOfResidence",
            "ScheduledPatientInstitutionResidence", "PatientInstitutionResidence", "CurrentPatientLocation");
    static final Set<String> TELECOMS = Set.of("PatientTelephoneNumbers", "ReferringPhysicianTelephoneNumbers",
            "PersonTelephoneNumbers", "OrderCallbackPhoneNumber", "TelephoneNumberTrial", "PatientTelecomInformation",
            "PersonTelecomInformation", "OrderCallbackTelecomInformation");
    static final Set<String> INSTITUTIONS = Set.of("InstitutionName", "InstitutionalDepartmentName",
            "IssuerOfPatientID", "ResponsibleOrganization", "HumanPerformerOrganization", "VerifyingOrganization",
            "RequestingService", "StudyIDIssuer", "IssuerOfAdmissionID", "IssuerOfServiceEpisodeID",
            "IssuerOfClinicalTrialSubjectID", "IssuerOfClinicalTrialSubjectReadingID", "IssuerOfClinicalTrialSiteID",
            "ResultsIDIssuer", "InterpretationIDIssuer", "LocalNamespaceEntityID", "UniversalEntityID",
            "ClinicalTrialSiteName", "ClinicalTrialSiteID", "ClinicalTrialCoordinatingCenterName",
            "ClinicalTrialSponsorName", "ClinicalTrialProtocolEthicsCommitteeName", "OrderEntererLocation",
            "PerformedLocation", "ScheduledProcedureStepLocation", "RequestedProcedureLocation",
            "ScheduledStudyLocation", "SourceOfPreviousValues");
    static final Set<String> DEVICES = Set.of("StationName", "ScheduledStationName", "PerformedStationName",
            "StationAETitle", "RetrieveAETitle", "ScheduledStationAETitle", "PerformedStationAETitle",
            "ScheduledStudyLocationAETitle", "NetworkID", "TreatmentMachineName", "ModifyingDeviceID", "DeviceID",
            "DeviceLabel", "ManufacturerDeviceIdentifier", "SourceApplicationEntityTitle",
            "SendingApplicationEntityTitle", "ReceivingApplicationEntityTitle", "Originator", "DestinationAE",
            "ReceivingAE", "RequestingAE", "ModifyingSystem");
    static final Set<String> CHARACTERISTICS = Set.of("EthnicGroup", "Occupation");
    static final Set<String> OTHERS = Set.of("MilitaryRank", "BranchOfService", "PatientReligiousPreference",
            "CameraOwnerName");
    /** Sequences whose items' codes identify a person or an institution: Code Value etc. are identifiers there. */
    static final Set<String> IDENTIFYING_CODE_SEQUENCES = Set.of("PersonIdentificationCodeSequence",
            "InstitutionCodeSequence", "IssuerOfAccessionNumberSequence");
    static final Set<String> CODE_VALUES = Set.of("CodeValue", "LongCodeValue", "URNCodeValue");
    /** The patient's own names: their initials are removed from text even standing alone ("PTV_JS"). */
    static final Set<String> PATIENT_NAMES = Set.of("PatientName", "OtherPatientNames", "PatientBirthName");
    /**
     * Letter runs kept even when they are the patient's initials: clinical abbreviations ("SC", "PTV",
     * "CT", "AP") and short words (resource initials-kept.txt, with the reasons).
     */
    static final Set<String> INITIALS_KEPT = loadInitialsKept();
    /** Endings of Russian, Ukrainian and Bulgarian names by gender and case (folded: "й" reads "и"). */
    private static final String CYRILLIC_NAME_ENDINGS = "(?:а|я|у|ю|ом|ем|ым|им|ои|еи|е|ы|и|ых|их|ою|ею|ого|его|ому|ему)?";

    private final Map<Category, List<String>> rules;
    private final Set<Character> initials;
    private final Set<String> compactInitials;
    private final Pattern patientInitials;
    private final Map<Category, Pattern> compiled;
    /** For a category of many rules, which of them a text may hold ({@link #pattern(Category, String)}). */
    private final Map<Category, RuleIndex> indexes;
    private final int size;

    private PhiContext(Builder b) {
        this.rules = new EnumMap<>(Category.class);
        this.compiled = new EnumMap<>(Category.class);
        this.indexes = new EnumMap<>(Category.class);
        int n = 0;
        for (Map.Entry<Category, Set<String>> e : b.rules.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<String> list = new ArrayList<>(e.getValue());
            // Longest first, so an alternation prefers "van der berg" to "berg".
            list.sort((x, y) -> Integer.compare(y.length(), x.length()));
            rules.put(e.getKey(), List.copyOf(list));
            compiled.put(e.getKey(), Pattern.compile(alternation(list)));
            if (list.size() > INDEXED_FROM) {
                indexes.put(e.getKey(), new RuleIndex(list));
            }
            n += list.size();
        }
        this.initials = Set.copyOf(b.initials);
        this.compactInitials = Set.copyOf(b.compactInitials);
        // Three letters before two, so "S.J.Q." is one finding and not "S.J" and a stray ".Q.".
        List<String> initialRules = new ArrayList<>(b.patientInitials);
        initialRules.sort((x, y) -> Integer.compare(y.length(), x.length()));
        this.patientInitials = initialRules.isEmpty() ? null
                : Pattern.compile(BEFORE + "(?:" + String.join("|", initialRules) + ")" + AFTER);
        this.size = n + b.patientInitials.size();
    }

    /**
     * The rules as one alternation, the shared leading lookbehinds factored out, so that a position
     * inside a word fails once instead of once per rule.
     */
    static String alternation(List<String> rules) {
        Map<String, List<String>> byPrefix = new java.util.LinkedHashMap<>();
        for (String r : rules) {
            String prefix = r.startsWith(BEFORE) ? BEFORE : r.startsWith(DateForms.NB) ? DateForms.NB : "";
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(r.substring(prefix.length()));
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byPrefix.entrySet()) {
            String guard = e.getKey().equals(BEFORE) ? "(?=[\\p{L}\\p{N}])" : e.getKey().equals(DateForms.NB) ? "(?=\\d)" : "";
            parts.add(e.getKey() + guard + "(?:" + String.join("|", e.getValue()) + ")");
        }
        return String.join("|", parts);
    }

    /** Collects the identifying values of {@code dataset} and of every item nested in it. */
    public static PhiContext of(Dataset dataset) {
        return new Builder().addDataset(dataset).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many matching rules the context holds (never the values). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public String toString() {
        return "PhiContext[" + size + " rules]";
    }

    // ---- for TextCleaner (package-private: the rules are derived from PHI) ----

    /** The rules of one category as one pattern over {@link Folded} text, or null when none. */
    Pattern pattern(Category category) {
        return compiled.get(category);
    }

    /**
     * The rules of one category that may match {@code folded} (the text as the patterns search it), as
     * one pattern; null when none may. Finds what {@link #pattern(Category)} finds in that text. A
     * category of more than {@value #INDEXED_FROM} rules is first narrowed to the rules the text may
     * hold ({@link RuleIndex}): an alternation costs every branch at every position.
     */
    Pattern pattern(Category category, String folded) {
        RuleIndex index = indexes.get(category);
        if (index == null) {
            return compiled.get(category);
        }
        List<String> candidates = index.candidates(folded);
        if (candidates.isEmpty()) {
            return null;
        }
        return candidates.size() == rules.get(category).size() ? compiled.get(category) : Pattern.compile(alternation(candidates));
    }

    /** Upper-case letters that start a given, middle or family name of some person. */
    boolean isInitial(char c) {
        return initials.contains(Character.toUpperCase(c));
    }

    /** "JM", "JMD": the initials of one person's given and middle names (and family name) run together. */
    boolean isCompactInitials(String s) {
        return compactInitials.contains(s.toUpperCase(Locale.ROOT));
    }

    /**
     * The patient's initials standing alone, over the original text (case matters: capitals only):
     * "JS", "J.S.", "J. S.", "J S", "J_S", "JQS", family first "SJ", "SJQ". Null when the patient
     * has no initials of two letters or more that are not a kept abbreviation.
     */
    Pattern patientInitials() {
        return patientInitials;
    }

    int ruleCount(Category category) {
        List<String> r = rules.get(category);
        return r == null ? 0 : r.size();
    }

    /** Collects values; {@link #build()} turns them into matching rules. Not thread-safe. */
    public static final class Builder {
        private final Map<Category, Set<String>> rules = new EnumMap<>(Category.class);
        private final Set<Character> initials = new LinkedHashSet<>();
        private final Set<String> compactInitials = new LinkedHashSet<>();
        private final Set<String> patientInitials = new LinkedHashSet<>();
        private final ElementDictionary dictionary = ElementDictionary.standard();

        private Builder() {
            for (Category c : Category.values()) {
                rules.put(c, new LinkedHashSet<>());
            }
        }

        /** Walks {@code dataset} and every sequence item at every depth. */
        public Builder addDataset(Dataset dataset) {
            dataset.walk(new DatasetVisitor<Scope>() {
                @Override
                public Scope visit(Dataset ds, Element e, Scope scope) {
                    if (e instanceof SequenceElement seq) {
                        // deeper than a reader allows: a loop or absurd nesting built in memory
                        return scope.depth() < 64 ? new Scope(dictionary.keywordOf(seq.tag()), scope.depth() + 1) : null;
                    }
                    if (e instanceof ValueElement v && v.vr().isText() && v.bytes().length > 0) {
                        collect(ds, v, scope.parentSequence());
                    }
                    return null;
                }
            }, new Scope(null, 0));
            return this;
        }

        /** Where a data set is: the keyword of the sequence holding it (null at the top) and its depth. */
        private record Scope(String parentSequence, int depth) {
        }

        private void collect(Dataset ds, ValueElement v, String parentSequence) {
            int tag = v.tag();
            VR vr = v.vr();
            if (vr == VR.PN) {
                boolean patient = !Tag.isPrivate(tag) && PATIENT_NAMES.contains(dictionary.keywordOf(tag));
                for (String name : ds.getStrings(tag)) {
                    if (patient) {
                        addPatientName(name);
                    } else {
                        addPersonName(name);
                    }
                }
                return;
            }
            if (vr == VR.DA) {
                for (String da : ds.getStrings(tag)) {
                    addDicomDate(da);
                }
                return;
            }
            if (vr == VR.DT) {
                for (String dt : ds.getStrings(tag)) {
                    if (dt.length() >= 8) {
                        addDicomDate(dt.substring(0, 8));
                    }
                }
                return;
            }
            if (Tag.isPrivate(tag)) {
                return; // private text has no known meaning; only its PN, DA and DT values count
            }
            String keyword = dictionary.keywordOf(tag);
            if (parentSequence != null && IDENTIFYING_CODE_SEQUENCES.contains(parentSequence)) {
                if (CODE_VALUES.contains(keyword)) {
                    ds.getStrings(tag).forEach(this::addIdentifier);
                    return;
                }
                if (keyword.equals("CodeMeaning")) {
                    ds.getStrings(tag).forEach(s -> addPhrase(Category.OTHER, s));
                    return;
                }
            }
            if (IDENTIFIERS.contains(keyword)) {
                ds.getStrings(tag).forEach(this::addIdentifier);
            } else if (ADDRESSES.contains(keyword)) {
                ds.getStrings(tag).forEach(this::addAddress);
            } else if (TELECOMS.contains(keyword)) {
                ds.getStrings(tag).forEach(this::addTelecom);
            } else if (INSTITUTIONS.contains(keyword)) {
                ds.getStrings(tag).forEach(s -> addPhrase(Category.INSTITUTION, s));
            } else if (DEVICES.contains(keyword)) {
                ds.getStrings(tag).forEach(s -> addPhrase(Category.DEVICE, s));
            } else if (CHARACTERISTICS.contains(keyword)) {
                ds.getStrings(tag).forEach(s -> addPhrase(Category.PATIENT_CHARACTERISTIC, s));
            } else if (OTHERS.contains(keyword)) {
                ds.getStrings(tag).forEach(s -> addPhrase(Category.OTHER, s));
            }
        }

        /**
         * A DICOM PN value ("Family^Given^Middle^Prefix^Suffix", with optional "=ideographic=phonetic"
         * groups). Family, given and middle components become rules on their own when long enough;
         * prefixes and suffixes (Dr., Jr., MD) do not. Single letters are kept as initials, which
         * the cleaner removes only next to a removed name.
         */
        public Builder addPersonName(String pn) {
            if (pn == null) {
                return this;
            }
            for (String group : pn.split("=", -1)) {
                addNameGroup(group);
            }
            return this;
        }

        /**
         * The patient's name: a person name whose initials are also removed standing alone, in every
         * component group written in a script with capitals (see {@link #patientInitials()}).
         */
        public Builder addPatientName(String pn) {
            if (pn == null) {
                return this;
            }
            addPersonName(pn);
            for (String group : pn.split("=", -1)) {
                String[] c = group.strip().split("\\^", -1);
                int family = initialOf(c.length > 0 ? c[0] : "");
                int given = initialOf(c.length > 1 ? c[1] : "");
                int middle = initialOf(c.length > 2 ? c[2] : "");
                if (family < 0 || given < 0) {
                    continue;
                }
                addInitials(given, family);
                addInitials(family, given);
                if (middle >= 0) {
                    addInitials(given, middle, family);
                    addInitials(family, given, middle);
                }
            }
            return this;
        }

        /** The capital a name component starts with (its first word that is not a particle), or -1 (no capitals in its script). */
        private static int initialOf(String component) {
            List<String> ws = words(component.strip());
            if (ws.isEmpty()) {
                return -1;
            }
            String word = ws.stream().filter(w -> !NAME_PARTICLES.contains(Folded.fold(w))).findFirst().orElse(ws.get(0));
            int cp = Character.toUpperCase(word.codePointAt(0));
            return Character.isLetter(cp) && Character.isUpperCase(cp) ? cp : -1;
        }

        /**
         * One order of initials as a rule: run together, with periods, or apart (space, underscore,
         * hyphen). Not when they spell a kept abbreviation or word ({@link #INITIALS_KEPT}).
         */
        private void addInitials(int... letters) {
            StringBuilder folded = new StringBuilder();
            String[] classes = new String[letters.length];
            for (int i = 0; i < letters.length; i++) {
                String letter = new String(Character.toChars(letters[i]));
                String plain = Folded.fold(letter).toUpperCase(Locale.ROOT);
                folded.append(plain);
                classes[i] = plain.isEmpty() || plain.equals(letter) ? Pattern.quote(letter)
                        : "(?:" + Pattern.quote(letter) + "|" + Pattern.quote(plain) + ")";
            }
            if (INITIALS_KEPT.contains(folded.toString())) {
                return;
            }
            String compact = String.join("", classes);
            String dotted = String.join("\\.\\s?", classes) + "\\.?";
            String apart = String.join("[ _\\-]", classes);
            patientInitials.add(compact + "|" + dotted + "|" + apart);
        }

        private void addNameGroup(String group) {
            String g = group.strip();
            if (g.isEmpty()) {
                return;
            }
            String[] c = g.split("\\^", -1);
            String family = c.length > 0 ? c[0].strip() : "";
            String given = c.length > 1 ? c[1].strip() : "";
            String middle = c.length > 2 ? c[2].strip() : "";
            if (c.length == 1 && g.indexOf(' ') > 0 && !isIdeographic(g)) {
                // A name written without ^ ("John Doe"): every word is a component.
                addNameWords(g);
                return;
            }
            StringBuilder compact = new StringBuilder();
            for (String part : new String[] {given, middle, family}) {
                if (part.isEmpty()) {
                    continue;
                }
                addNameWords(part);
                for (String w : words(part)) {
                    char first = Character.toUpperCase(w.charAt(0));
                    if (Character.isLetter(first) && !isIdeographic(w)) {
                        compact.append(first);
                    }
                }
            }
            if (compact.length() >= 2) {
                compactInitials.add(compact.toString());
                if (compact.length() >= 3) {
                    compactInitials.add(compact.substring(0, compact.length() - 1)); // given + middle
                }
            }
            // Whole names: catches ideographic names whose single-character parts are not rules alone
            // ("王^小明" → 王小明, 小明王, 王 小明) and Latin names written "Doe John" or "John Doe".
            if (!family.isEmpty() && !given.isEmpty()) {
                addNamePhrase(family + " " + given);
                addNamePhrase(given + " " + family);
                if (isIdeographic(family) || isIdeographic(given)) {
                    addNameRule(family + given);
                    addNameRule(given + family);
                }
                if (!middle.isEmpty()) {
                    addNamePhrase(given + " " + middle + " " + family);
                    addNamePhrase(family + " " + given + " " + middle);
                }
            }
        }

        private void addNameWords(String part) {
            List<String> ws = words(part);
            if (ws.size() > 1) {
                addNamePhrase(part); // "van der Berg", "Smith-Jones", "O'Brien" as a whole
            }
            for (String w : ws) {
                int letters = w.codePointCount(0, w.length());
                String folded = Folded.fold(w);
                if (letters == 1) {
                    if (Character.isLetter(w.charAt(0)) && !isIdeographic(w)) {
                        initials.add(Character.toUpperCase(w.charAt(0)));
                    }
                    continue;
                }
                if (!isIdeographic(w)) {
                    initials.add(Character.toUpperCase(w.charAt(0)));
                }
                if (letters < MIN_NAME_LENGTH || NAME_PARTICLES.contains(folded)) {
                    continue;
                }
                addNameRule(w);
                String transliterated = germanTransliteration(w);
                if (!transliterated.equals(w)) {
                    addNameRule(transliterated); // Müller is written Mueller where there are no umlauts
                }
            }
        }

        private void addNamePhrase(String phrase) {
            if (lettersAndDigits(phrase) >= MIN_NAME_LENGTH) {
                put(Category.PERSON_NAME, phraseRule(phrase));
            }
        }

        private void addNameRule(String word) {
            if (isCyrillic(word) && word.codePointCount(0, word.length()) >= 3) {
                // Names decline: Иванов, Иванова, Иванову, Ивановым...
                put(Category.PERSON_NAME, BEFORE + Pattern.quote(Folded.fold(word)) + CYRILLIC_NAME_ENDINGS + AFTER);
                return;
            }
            put(Category.PERSON_NAME, phraseRule(word));
        }

        /** An identifier: matched with or without separators between its characters ("AB-123" = "AB 123" = "AB123"). */
        public Builder addIdentifier(String id) {
            if (id == null) {
                return this;
            }
            String folded = Folded.fold(id.strip());
            StringBuilder alnum = new StringBuilder();
            folded.codePoints().filter(Character::isLetterOrDigit).forEach(alnum::appendCodePoint);
            if (alnum.codePointCount(0, alnum.length()) < MIN_ID_LENGTH) {
                return this;
            }
            StringBuilder rx = new StringBuilder(BEFORE);
            int[] cps = alnum.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (i > 0) {
                    rx.append(ID_GAP);
                }
                rx.append(Pattern.quote(new String(Character.toChars(cps[i]))));
            }
            rx.append(AFTER);
            put(Category.IDENTIFIER, rx.toString());
            // An all-digit ID with leading zeros is also written without them ("000123" → "123").
            String digits = alnum.toString();
            if (digits.chars().allMatch(Character::isDigit) && digits.startsWith("0")) {
                String stripped = digits.replaceFirst("^0+", "");
                if (stripped.length() >= MIN_ID_LENGTH) {
                    addIdentifier(stripped);
                }
            }
            return this;
        }

        /** A DICOM date (YYYYMMDD, or the old YYYY.MM.DD); other values are ignored. */
        public Builder addDicomDate(String da) {
            if (da == null) {
                return this;
            }
            String d = da.strip().replace(".", "");
            if (d.length() != 8 || !d.chars().allMatch(Character::isDigit)) {
                return this;
            }
            try {
                return addDate(LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                        Integer.parseInt(d.substring(6, 8))));
            } catch (DateTimeException e) {
                return this;
            }
        }

        /** A date, matched in the numeric and month-name forms of {@link DateForms}. */
        public Builder addDate(LocalDate date) {
            for (String rule : DateForms.rules(date)) {
                put(Category.DATE, rule);
            }
            return this;
        }

        /**
         * A postal address: as a whole and by its parts (split at commas, semicolons, line breaks and ^),
         * each part also without its house number ("17 Marsh Lane" → "Marsh Lane", "Hauptstraße 5" →
         * "Hauptstraße"), since text names a street without one.
         */
        public Builder addAddress(String address) {
            if (address == null) {
                return this;
            }
            addPhrase(Category.ADDRESS, address);
            for (String part : address.split("[,;\\r\\n^]+")) {
                String p = part.strip();
                if (lettersAndDigits(p) >= MIN_ADDRESS_PART_LENGTH) {
                    put(Category.ADDRESS, phraseRule(p));
                }
                String street = HOUSE_NUMBER.matcher(p).replaceAll("").strip();
                if (!street.equals(p) && letters(street) >= MIN_ADDRESS_PART_LENGTH) {
                    put(Category.ADDRESS, phraseRule(street));
                }
            }
            return this;
        }

        /** A telephone number or telecom string (phone, e-mail, URI): the number by its digits, the rest as phrases. */
        public Builder addTelecom(String telecom) {
            if (telecom == null) {
                return this;
            }
            for (String piece : telecom.split("[\\\\,;\\r\\n]+|\\s{2,}")) {
                String p = piece.strip();
                if (p.isEmpty()) {
                    continue;
                }
                String digits = p.replaceAll("\\D", "");
                boolean phoneLike = p.matches("[+\\d\\s().\\-/x#*]+(?:ext\\.?\\s*\\d+)?");
                if (phoneLike && digits.length() >= MIN_PHONE_DIGITS) {
                    addPhoneDigits(digits);
                } else if (lettersAndDigits(p) >= MIN_PHRASE_LENGTH) {
                    put(Category.TELECOM, phraseRule(p));
                }
            }
            return this;
        }

        private void addPhoneDigits(String digits) {
            put(Category.TELECOM, digitsRule(digits));
            // Numbers are written with or without their country and trunk prefixes.
            if (digits.length() > 10) {
                put(Category.TELECOM, digitsRule(digits.substring(digits.length() - 10)));
            }
            if (digits.length() > 9) {
                put(Category.TELECOM, digitsRule(digits.substring(digits.length() - 9)));
            }
            if (digits.length() > 7) {
                put(Category.TELECOM, digitsRule(digits.substring(digits.length() - 7)));
            }
        }

        static String digitsRule(String digits) {
            StringBuilder rx = new StringBuilder(BEFORE);
            for (int i = 0; i < digits.length(); i++) {
                if (i > 0) {
                    rx.append(DIGIT_GAP);
                }
                rx.append(digits.charAt(i));
            }
            return rx.append(AFTER).toString();
        }

        /** A phrase (institution, station, address...) matched as a whole, tolerant of spacing and punctuation. */
        public Builder addPhrase(Category category, String phrase) {
            if (phrase == null) {
                return this;
            }
            if (category == Category.PERSON_NAME) {
                return addPersonName(phrase);
            }
            if (category == Category.IDENTIFIER) {
                return addIdentifier(phrase);
            }
            if (lettersAndDigits(phrase) >= MIN_PHRASE_LENGTH) {
                put(category, phraseRule(phrase));
            }
            return this;
        }

        /** The context of everything added so far; the builder may go on collecting for another one. */
        public PhiContext build() {
            return new PhiContext(this);
        }

        private void put(Category category, String rule) {
            rules.get(category).add(rule);
        }
    }

    // ---- rule construction ----

    /** No letter or digit right before a match / right after it. */
    static final String BEFORE = "(?<![\\p{L}\\p{N}])";
    static final String AFTER = "(?![\\p{L}\\p{N}])";
    /** What may stand between two characters of an identifier, and the characters it is made of. */
    static final String ID_GAP = "[\\s\\-./_:#]?";
    static final String ID_GAP_CHARACTERS = " \t\n\u000B\f\r-./_:#";
    /** What may stand between two digits of a telephone number, and the characters it is made of. */
    static final String DIGIT_GAP = "[\\s\\-./()]{0,3}";
    static final String DIGIT_GAP_CHARACTERS = " \t\n\u000B\f\r-./()";

    /** The identifier (its letters and digits) an identifier's rule was made of ({@code addIdentifier}), or null for any other rule. */
    static String identifierOfRule(String rule) {
        if (!rule.startsWith(BEFORE) || !rule.endsWith(AFTER) || rule.length() <= BEFORE.length() + AFTER.length()) {
            return null;
        }
        StringBuilder id = new StringBuilder();
        for (String piece : rule.substring(BEFORE.length(), rule.length() - AFTER.length()).split(Pattern.quote(ID_GAP), -1)) {
            if (!piece.startsWith("\\Q") || !piece.endsWith("\\E") || piece.length() < 5) {
                return null;
            }
            String c = piece.substring(2, piece.length() - 2);
            if (c.codePointCount(0, c.length()) != 1 || !Pattern.quote(c).equals(piece)) {
                return null;
            }
            id.append(c);
        }
        return id.toString();
    }

    /** The digits a telephone number's rule was made of ({@code digitsRule}), or null for any other rule. */
    static String digitsOfRule(String rule) {
        if (!rule.startsWith(BEFORE) || !rule.endsWith(AFTER)) {
            return null;
        }
        String digits = rule.substring(BEFORE.length(), rule.length() - AFTER.length()).replace(DIGIT_GAP, "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Builder.digitsRule(digits).equals(rule) ? digits : null;
    }
    /** What may stand between the words of a phrase: any punctuation or spacing, or nothing. */
    static final String GAP = "[^\\p{L}\\p{N}]{0,4}";

    /**
     * A phrase as a regular expression over folded text: its words (runs of letters and digits)
     * in order with {@link #GAP} between them; word boundaries at the ends, except next to scripts
     * written without spaces (Han, kana, Hangul, Thai...), where names run into the next word.
     */
    static String phraseRule(String phrase) {
        List<String> ws = words(Folded.fold(phrase));
        StringBuilder rx = new StringBuilder();
        String first = ws.get(0);
        String last = ws.get(ws.size() - 1);
        if (!isIdeographic(first.substring(0, first.offsetByCodePoints(0, 1)))) {
            rx.append(BEFORE);
        }
        for (int i = 0; i < ws.size(); i++) {
            if (i > 0) {
                rx.append(GAP);
            }
            rx.append(Pattern.quote(ws.get(i)));
        }
        if (!isIdeographic(last.substring(last.offsetByCodePoints(last.length(), -1)))) {
            rx.append(AFTER);
        }
        return rx.toString();
    }

    /** Runs of letters and digits (combining marks stay with their letter). */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (Character.isLetterOrDigit(cp) || (mark && w.length() > 0)) {
                w.appendCodePoint(cp);
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    static boolean isCyrillic(String s) {
        return s.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC);
    }

    /** ä → ae, ö → oe, ü → ue, ß → ss (either case), as German names are written without umlauts. */
    static String germanTransliteration(String s) {
        return s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe")
                .replace("Ü", "Ue").replace("ß", "ss");
    }

    private static Set<String> loadInitialsKept() {
        Set<String> out = new java.util.HashSet<>();
        try (java.io.InputStream in = PhiContext.class.getResourceAsStream("initials-kept.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource org/mip/deid/text/initials-kept.txt is missing");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                int hash = line.indexOf('#');
                String body = hash >= 0 ? line.substring(0, hash) : line;
                for (String token : body.strip().split("\\s+")) {
                    if (!token.isEmpty()) {
                        out.add(token.toUpperCase(Locale.ROOT));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }

    static int lettersAndDigits(String s) {
        return (int) s.codePoints().filter(Character::isLetterOrDigit).count();
    }

    static int letters(String s) {
        return (int) s.codePoints().filter(Character::isLetter).count();
    }

    /** True when the text starts with a character of a script written without spaces between words. */
    static boolean isIdeographic(String s) {
        if (s.isEmpty()) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(s.codePointAt(0));
        switch (script) {
            case HAN: case HIRAGANA: case KATAKANA: case HANGUL: case THAI: case LAO: case KHMER: case MYANMAR:
            case TIBETAN: case YI: case BOPOMOFO:
                return true;
            default:
                return false;
        }
    }
}
