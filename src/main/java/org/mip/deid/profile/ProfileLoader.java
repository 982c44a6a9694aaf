package org.mip.deid.profile;

import static org.mip.deid.profile.ProfileValues.allIn;
import static org.mip.deid.profile.ProfileValues.allVrs;
import static org.mip.deid.profile.ProfileValues.constantProblem;
import static org.mip.deid.profile.ProfileValues.didYouMean;
import static org.mip.deid.profile.ProfileValues.hex2;
import static org.mip.deid.profile.ProfileValues.hex4;
import static org.mip.deid.profile.ProfileValues.pseudonymProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.mip.deid.DeidOption;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.value.CodeStrings;
import org.mip.dicom.value.Uids;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Loads a {@link Profile} from YAML (schema: docs/PROFILES.md) and validates it completely at load
 * time. Every problem is reported with the file, line and column, what is wrong and what is allowed;
 * all problems of a file are reported together in one {@link ProfileException}. Unknown keys are
 * errors: a typo must never silently weaken de-identification. Stateless and thread-safe.
 */
public final class ProfileLoader {

    /** The profiles shipped as resources under {@value #BUILT_IN_PATH}. */
    public static final List<String> BUILT_IN = List.of("basic", "research");
    static final String BUILT_IN_PATH = "org/mip/deid/profiles/";

    /** Default root of generated UIDs: {@code 2.25.<decimal of 128 bits>}. */
    public static final String DEFAULT_UID_ROOT = "2.25";
    /** Longest organisation UID root: root + "." + 39 digits must fit UI's 64 characters. */
    public static final int MAX_UID_ROOT_LENGTH = 24;
    /** Bounds of N in {@code {hash:N}}. */
    public static final int MIN_HASH_LENGTH = 6;
    public static final int MAX_HASH_LENGTH = 32;
    /** Bound of |days| in date-shift (100 years). */
    public static final int MAX_SHIFT_DAYS = 36_500;

    // The keys of each mapping, from the schema (profile.schema.json): one list for the loader, the
    // writer's test, the docs' test and the editors.
    private static final ProfileSchema SCHEMA = ProfileSchema.get();
    static final List<String> TOP_KEYS = SCHEMA.keys("");
    static final List<String> SAFE_PRIVATE_KEYS = SCHEMA.keys("/properties/safe-private/items");
    static final List<String> PSEUDONYM_KEYS = SCHEMA.keys("/properties/pseudonyms");
    static final List<String> DATE_SHIFT_KEYS = SCHEMA.keys("/properties/date-shift");
    static final List<String> BURNED_IN_KEYS = SCHEMA.keys("/properties/burned-in");
    static final List<String> LOSSY_REENCODE_KEYS = SCHEMA.keys("/properties/burned-in/properties/lossy-reencode");
    static final List<String> REDACTION_KEYS = SCHEMA.keys("/properties/redaction/items");
    static final List<String> RECTANGLE_KEYS = SCHEMA.keys("/properties/redaction/items/properties/rectangles/items");
    static final List<String> ACTIONS = List.of("keep", "remove", "empty", "pseudonymise", "shift-date", "clean",
            "{constant: VALUE}");

    /** Options a profile may name, by their YAML name. */
    static final Map<String, DeidOption> OPTIONS;

    static {
        Map<String, DeidOption> m = new LinkedHashMap<>();
        for (DeidOption o : DeidOption.values()) {
            if (o != DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES) {
                m.put(optionName(o), o);
            }
        }
        OPTIONS = Map.copyOf(m);
    }

    /** The YAML name of an enum value: AT_RISK → "at-risk". */
    public static String keyName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The YAML name of an option: RETAIN_UIDS → "retain-uids". */
    public static String optionName(DeidOption option) {
        return option.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The attributes the de-identifier itself writes or that hold the file together: no override. */
    static final Set<String> NOT_OVERRIDABLE = Set.of("PatientIdentityRemoved", "DeidentificationMethod",
            "DeidentificationMethodCodeSequence", "LongitudinalTemporalInformationModified", "BurnedInAnnotation",
            "SpecificCharacterSet");

    private static final Pattern TAG_KEY = Pattern.compile("\\(?\\s*[0-9A-Fa-f]{4}\\s*,?\\s*[0-9A-Fa-f]{4}\\s*\\)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");
    private static final Pattern CS_VALUE = CodeStrings.CHARACTERS;

    private ProfileLoader() {
    }

    // ---- entry points ----

    /** A shipped profile by name ({@link #BUILT_IN}). */
    public static Profile builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new ProfileException(new ProfileException.Problem(String.valueOf(name), 0, 0,
                    "no built-in profile \"" + name + "\"; built-in profiles: " + String.join(", ", BUILT_IN)));
        }
        // Shipped profiles are held to the schema at build time (ProfileSchemaTest): not validated
        // again here, so a run on one never starts the schema validator.
        String resource = BUILT_IN_PATH + name + ".yaml";
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException(new ProfileException.Problem(resource, 0, 0, "no such resource"));
            }
            return load(new InputStreamReader(in, StandardCharsets.UTF_8), name + ".yaml", false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Why {@link #resolve} could not read {@code nameOrPath}, in one line for people: "cannot read the
     * profile x.yaml: no such file (built-in profiles: basic, research)".
     */
    public static String unreadable(String nameOrPath, IOException e) {
        return "cannot read the profile " + nameOrPath + ": " + org.mip.config.FileProblems.describe(e)
                + (e instanceof java.nio.file.NoSuchFileException ? " (built-in profiles: " + String.join(", ", BUILT_IN) + ")" : "");
    }

    /** A built-in profile when {@code nameOrPath} is one of {@link #BUILT_IN}, else the YAML file at that path. */
    public static Profile resolve(String nameOrPath) throws IOException {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        return load(Path.of(nameOrPath));
    }

    /** A YAML file; problems name the file by its file name. */
    public static Profile load(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Path fileName = path.getFileName();
            return load(reader, fileName == null ? path.toString() : fileName.toString());
        }
    }

    /** A UTF-8 YAML stream; {@code source} names it in problems and gives the default profile name. */
    public static Profile load(InputStream in, String source) {
        return load(new InputStreamReader(in, StandardCharsets.UTF_8), source);
    }

    /** A YAML string; {@code source} names it in problems and gives the default profile name. */
    public static Profile loadString(String yaml, String source) {
        return load(new StringReader(yaml), source);
    }

    /** A YAML resource of the class path ({@code org/mip/deid/profiles/basic.yaml}). */
    public static Profile loadResource(String resource) {
        ClassLoader cl = ProfileLoader.class.getClassLoader();
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException(new ProfileException.Problem(resource, 0, 0, "no such resource"));
            }
            return load(in, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A YAML reader; {@code source} names it in problems and gives the default profile name. */
    public static Profile load(Reader reader, String source) {
        return load(reader, source, true);
    }

    private static Profile load(Reader reader, String source, boolean checkSchema) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setUseMarks(true)
                .setAllowDuplicateKeys(true) // reported by us, with both lines
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeReader(reader);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new ProfileException(new ProfileException.Problem(source, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "not valid YAML: " + problem + context));
        } catch (YamlEngineException e) {
            throw new ProfileException(new ProfileException.Problem(source, 0, 0, "not valid YAML: " + e.getMessage()));
        }
        if (root.isEmpty()) {
            throw new ProfileException(new ProfileException.Problem(source, 0, 0,
                    "empty profile; a profile is a mapping with the keys " + String.join(", ", TOP_KEYS)));
        }
        return new Parse(source, checkSchema).profile(root.get());
    }

    // ---- one parse ----

    /** The state of one load: the source name and the problems found so far. */
    private static final class Parse {
        private final String source;
        private final List<ProfileException.Problem> problems = new ArrayList<>();
        private final ElementDictionary dict = ElementDictionary.standard();

        private final boolean checkSchema;

        Parse(String source, boolean checkSchema) {
            this.source = source;
            this.checkSchema = checkSchema;
        }

        Profile profile(Node root) {
            MappingNode top = mapping(root, "the profile");
            if (top == null) {
                throw new ProfileException(problems);
            }
            Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "the profile");

            String name = defaultName();
            if (keys.containsKey("name")) {
                Node n = keys.get("name").getValueNode();
                String v = string(n, "name");
                if (v != null && !NAME.matcher(v).matches()) {
                    error(n, "name \"" + v + "\" is not allowed; use 1 to 64 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit");
                } else if (v != null) {
                    name = v;
                }
            }
            String description = keys.containsKey("description")
                    ? orEmpty(string(keys.get("description").getValueNode(), "description")) : "";

            Set<DeidOption> options = keys.containsKey("options")
                    ? options(keys.get("options").getValueNode()) : EnumSet.noneOf(DeidOption.class);
            Map<Integer, AttributeOverride> overrides = keys.containsKey("attributes")
                    ? attributes(keys.get("attributes").getValueNode()) : Map.of();
            List<SafePrivateElement> safePrivate = List.of();
            if (keys.containsKey("safe-private")) {
                NodeTuple t = keys.get("safe-private");
                safePrivate = safePrivate(t.getValueNode());
                if (!options.contains(DeidOption.RETAIN_SAFE_PRIVATE)) {
                    error(t.getKeyNode(), "safe-private is used only with the option retain-safe-private; add it to "
                            + "options, or remove safe-private");
                }
            }
            PseudonymPatterns pseudonyms = keys.containsKey("pseudonyms")
                    ? pseudonyms(keys.get("pseudonyms").getValueNode()) : PseudonymPatterns.DEFAULT;
            DateShiftRange dateShift = DateShiftRange.DEFAULT;
            if (keys.containsKey("date-shift")) {
                NodeTuple t = keys.get("date-shift");
                dateShift = dateShift(t.getValueNode());
                boolean shiftOverride = overrides.values().stream().anyMatch(o -> o.action() == Action.SHIFT_DATE);
                if (!options.contains(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) && !shiftOverride) {
                    error(t.getKeyNode(), "date-shift is used only with the option retain-longitudinal-modified-dates"
                            + " or an attribute set to shift-date; add one, or remove date-shift");
                }
            }
            String uidRoot = keys.containsKey("uid-root") ? uidRoot(keys.get("uid-root").getValueNode())
                    : DEFAULT_UID_ROOT;
            BurnedInPolicy burnedIn = keys.containsKey("burned-in")
                    ? burnedIn(keys.get("burned-in").getValueNode()) : BurnedInPolicy.DEFAULT;
            List<RedactionRule> redaction = List.of();
            if (keys.containsKey("redaction")) {
                NodeTuple t = keys.get("redaction");
                redaction = redaction(t.getValueNode());
                if (!options.contains(DeidOption.CLEAN_PIXEL_DATA)) {
                    error(t.getKeyNode(), "redaction rules are applied under the option clean-pixel-data; add it to "
                            + "options, or remove redaction");
                }
            }
            if (checkSchema) {
                schemaProblems(root);
            }
            if (!problems.isEmpty()) {
                problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                        : Integer.compare(a.column(), b.column()));
                throw new ProfileException(problems);
            }
            return new Profile(name, description, options, overrides, safePrivate, pseudonyms, dateShift, uidRoot,
                    burnedIn, redaction);
        }

        /**
         * The schema's verdict. A violation at a node where the checks above already reported a
         * problem is that problem, better worded: only violations they did not see are added (a
         * schema rule the loader lacks still refuses the file, in the schema's words).
         */
        private void schemaProblems(Node root) {
            List<ProfileException.Problem> precise = List.copyOf(problems);
            for (ProfileSchema.Violation v : SCHEMA.validate(root)) {
                if (precise.stream().noneMatch(p -> within(p, v.node()))) {
                    error(v.node(), v.message());
                }
            }
        }

        private static boolean within(ProfileException.Problem p, Node node) {
            Mark start = node == null ? null : node.getStartMark().orElse(null);
            Mark end = node == null ? null : node.getEndMark().orElse(null);
            if (start == null || end == null) {
                return true; // no position: nothing to tell apart
            }
            long at = ((long) p.line() << 20) + p.column();
            long from = ((long) (start.getLine() + 1) << 20) + start.getColumn() + 1;
            long to = ((long) (end.getLine() + 1) << 20) + end.getColumn() + 1;
            return at >= from && at <= to;
        }

        private String defaultName() {
            String stem = source;
            int slash = Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\'));
            stem = stem.substring(slash + 1);
            if (stem.endsWith(".yaml") || stem.endsWith(".yml")) {
                stem = stem.substring(0, stem.lastIndexOf('.'));
            }
            return NAME.matcher(stem).matches() ? stem : "profile";
        }

        // ---- options ----

        private Set<DeidOption> options(Node node) {
            Set<DeidOption> out = EnumSet.noneOf(DeidOption.class);
            SequenceNode seq = sequence(node, "options");
            if (seq == null) {
                return out;
            }
            Map<DeidOption, Node> seen = new HashMap<>();
            for (Node item : seq.getValue()) {
                String v = string(item, "an option");
                if (v == null) {
                    continue;
                }
                if (v.equals(optionName(DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES))) {
                    error(item, "option \"" + v + "\" is not supported: this pipeline does not remove faces or other "
                            + "recognisable features from pixel data, so it must not claim to");
                    continue;
                }
                DeidOption o = OPTIONS.get(v);
                if (o == null) {
                    error(item, "unknown option \"" + v + "\"; allowed: " + allowedOptions() + didYouMean(v,
                            OPTIONS.keySet()));
                    continue;
                }
                if (seen.containsKey(o)) {
                    error(item, "option \"" + v + "\" is listed twice (first on line " + line(seen.get(o)) + ")");
                    continue;
                }
                seen.put(o, item);
                out.add(o);
            }
            if (out.contains(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)
                    && out.contains(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
                Node full = seen.get(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES);
                Node modified = seen.get(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES);
                Node later = line(full) > line(modified) ? full : modified;
                error(later, "options retain-longitudinal-full-dates and retain-longitudinal-modified-dates exclude "
                        + "each other (full dates keep the real dates; modified dates shift them); keep one");
            }
            return out;
        }

        private String allowedOptions() {
            List<String> names = new ArrayList<>();
            for (DeidOption o : DeidOption.values()) {
                if (OPTIONS.containsValue(o)) {
                    names.add(optionName(o));
                }
            }
            return String.join(", ", names);
        }

        // ---- attributes ----

        private Map<Integer, AttributeOverride> attributes(Node node) {
            Map<Integer, AttributeOverride> out = new LinkedHashMap<>();
            MappingNode map = mapping(node, "attributes");
            if (map == null) {
                return out;
            }
            Map<Integer, Node> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                Node keyNode = t.getKeyNode();
                String key = string(keyNode, "an attribute keyword or tag");
                if (key == null) {
                    continue;
                }
                Optional<ElementDictionary.Entry> entry = attributeEntry(keyNode, key);
                if (entry.isEmpty()) {
                    continue;
                }
                int tag = entry.get().tag();
                String label = label(entry.get(), tag);
                if (seen.containsKey(tag)) {
                    error(keyNode, label + " is set twice (first on line " + line(seen.get(tag)) + ")");
                    continue;
                }
                seen.put(tag, keyNode);
                AttributeOverride o = override(t.getValueNode(), entry.get(), label);
                if (o != null) {
                    out.put(tag, o);
                }
            }
            return out;
        }

        /** The dictionary entry named by a keyword or a tag, or empty after reporting why not. */
        private Optional<ElementDictionary.Entry> attributeEntry(Node keyNode, String key) {
            String k = key.strip();
            if (TAG_KEY.matcher(k).matches()) {
                int tag = Tag.parse(k.replace(" ", ""));
                if (Tag.isPrivate(tag)) {
                    error(keyNode, "private tag " + Tag.toString(tag) + " cannot be overridden: private elements are "
                            + "kept only through safe-private (with the option retain-safe-private)");
                    return Optional.empty();
                }
                if (Tag.group(tag) == 0xFFFE || Tag.isGroupLength(tag) || Tag.group(tag) == 0x0002) {
                    error(keyNode, "tag " + Tag.toString(tag) + " cannot be overridden: items, group lengths and the "
                            + "file meta group (0002) are written by the codec");
                    return Optional.empty();
                }
                Optional<ElementDictionary.Entry> e = dict.lookup(tag);
                if (e.isEmpty()) {
                    error(keyNode, "tag " + Tag.toString(tag) + " is not in the DICOM data dictionary (PS3.6); "
                            + "use a standard attribute's keyword or tag");
                    return Optional.empty();
                }
                return checkOverridable(keyNode, e.get(), tag);
            }
            if (k.startsWith("(") || k.matches("[0-9A-Fa-f]{8}|[0-9A-Fa-f]{4},.*")) {
                error(keyNode, "\"" + k + "\" is not a tag; write a tag as \"(GGGG,EEEE)\" or \"GGGGEEEE\" "
                        + "(hexadecimal), or use the attribute's keyword");
                return Optional.empty();
            }
            Optional<ElementDictionary.Entry> e = dict.byKeyword(k);
            if (e.isEmpty()) {
                error(keyNode, "unknown attribute keyword \"" + k + "\" (not in the DICOM data dictionary, PS3.6)"
                        + didYouMean(k, keywords()));
                return Optional.empty();
            }
            if (Tag.group(e.get().tag()) == 0x0002) {
                error(keyNode, k + " " + Tag.toString(e.get().tag()) + " cannot be overridden: the file meta group "
                        + "(0002) is written by the codec");
                return Optional.empty();
            }
            return checkOverridable(keyNode, e.get(), e.get().tag());
        }

        private Optional<ElementDictionary.Entry> checkOverridable(Node keyNode, ElementDictionary.Entry e, int tag) {
            if (NOT_OVERRIDABLE.contains(e.keyword())) {
                error(keyNode, label(e, tag) + " cannot be overridden: the de-identifier sets it to record what it did");
                return Optional.empty();
            }
            if (e.vrs().isEmpty()) {
                error(keyNode, label(e, tag) + " has no value representation and cannot be overridden");
                return Optional.empty();
            }
            return Optional.of(e);
        }

        private Set<String> keywordsCache;

        private Set<String> keywords() {
            if (keywordsCache == null) {
                keywordsCache = dict.entries().stream().map(ElementDictionary.Entry::keyword)
                        .filter(k -> !k.isEmpty()).collect(Collectors.toSet());
            }
            return keywordsCache;
        }

        private String label(ElementDictionary.Entry e, int tag) {
            return (e.keyword().isEmpty() ? e.name() : e.keyword()) + " " + Tag.toString(tag);
        }

        private AttributeOverride override(Node node, ElementDictionary.Entry e, String label) {
            List<VR> vrs = e.vrs();
            String vrText = vrs.stream().map(VR::name).collect(Collectors.joining(" or "));
            if (node instanceof MappingNode map) {
                Map<String, NodeTuple> keys = keys(map, List.of("constant"), label);
                if (!keys.containsKey("constant")) {
                    if (map.getValue().isEmpty()) { // otherwise its unknown keys were reported
                        error(map, label + ": a mapping action needs the key constant, e.g. {constant: \"VALUE\"}");
                    }
                    return null;
                }
                Node valueNode = keys.get("constant").getValueNode();
                String value = scalarText(valueNode, "the constant");
                if (value == null) {
                    return null;
                }
                String problem = constantProblem(value, vrs);
                if (problem != null) {
                    error(valueNode, label + " (" + vrText + "): constant \"" + value + "\" " + problem);
                    return null;
                }
                return new AttributeOverride(Action.CONSTANT, value);
            }
            String v = string(node, "the action of " + label);
            if (v == null) {
                return null;
            }
            switch (v) {
                case "keep":
                    return new AttributeOverride(Action.KEEP, null);
                case "remove":
                    return new AttributeOverride(Action.REMOVE, null);
                case "empty":
                    return new AttributeOverride(Action.EMPTY, null);
                case "pseudonymise":
                case "pseudonymize":
                    if (!allIn(vrs, EnumSet.of(VR.UI, VR.LO, VR.SH, VR.PN, VR.CS, VR.UC))) {
                        error(node, label + " is " + vrText + ": pseudonymise applies to UI, LO, SH, PN, CS and UC "
                                + "(identifiers, names and UIDs)");
                        return null;
                    }
                    return new AttributeOverride(Action.PSEUDONYMISE, null);
                case "shift-date":
                    if (!allIn(vrs, EnumSet.of(VR.DA, VR.DT))) {
                        error(node, label + " is " + vrText + ": shift-date applies to dates and date-times (DA, DT)");
                        return null;
                    }
                    return new AttributeOverride(Action.SHIFT_DATE, null);
                case "clean":
                    if (!allIn(vrs, EnumSet.of(VR.LO, VR.SH, VR.ST, VR.LT, VR.UT, VR.UC))) {
                        error(node, label + " is " + vrText + ": clean applies to free text (LO, SH, ST, LT, UT, UC)"
                                + (vrs.contains(VR.SQ) ? "; for a sequence, keep means keep with its items cleaned"
                                : ""));
                        return null;
                    }
                    return new AttributeOverride(Action.CLEAN, null);
                default:
                    error(node, label + ": unknown action \"" + v + "\"; allowed: " + String.join(", ", ACTIONS)
                            + didYouMean(v, List.of("keep", "remove", "empty", "pseudonymise", "shift-date", "clean",
                            "constant")));
                    return null;
            }
        }

        // ---- safe private ----

        private List<SafePrivateElement> safePrivate(Node node) {
            List<SafePrivateElement> out = new ArrayList<>();
            SequenceNode seq = sequence(node, "safe-private");
            if (seq == null) {
                return out;
            }
            Map<String, Node> seen = new HashMap<>();
            for (Node item : seq.getValue()) {
                MappingNode map = mapping(item, "a safe-private entry");
                if (map == null) {
                    continue;
                }
                Map<String, NodeTuple> keys = keys(map, SAFE_PRIVATE_KEYS, "a safe-private entry");
                boolean ok = require(map, keys, "a safe-private entry", "creator", "element", "vr");
                String creator = null;
                if (keys.containsKey("creator")) {
                    Node n = keys.get("creator").getValueNode();
                    creator = string(n, "creator");
                    if (creator != null) {
                        creator = creator.strip();
                        if (creator.isEmpty() || creator.length() > 64 || creator.indexOf('\\') >= 0
                                || creator.chars().anyMatch(Character::isISOControl)) {
                            error(n, "creator \"" + creator + "\" is not a private creator: 1 to 64 characters (LO), "
                                    + "no backslash or control characters");
                            creator = null;
                        }
                    }
                }
                int group = -1;
                if (keys.containsKey("group")) {
                    Node n = keys.get("group").getValueNode();
                    Integer g = integer(n, "group");
                    if (g != null && (g < 0x0009 || g > 0xFFFF || (g & 1) == 0 || g == 0xFFFF)) {
                        error(n, "group " + hex4(g) + " is not a private group; private groups are odd, from 0x0009 "
                                + "to 0xFFFD");
                        g = null;
                    }
                    if (g == null) {
                        ok = false;
                    } else {
                        group = g;
                    }
                }
                int offset = -1;
                if (keys.containsKey("element")) {
                    Node n = keys.get("element").getValueNode();
                    Integer el = integer(n, "element");
                    if (el != null && el >= 0 && el <= 0xFF) {
                        offset = el;
                    } else if (el != null && el >= 0x1000 && el <= 0xFFFF) {
                        offset = el & 0xFF; // the block byte depends on where the creator is, only the offset counts
                    } else if (el != null) {
                        error(n, "element " + hex4(el) + " is not a private element offset; give the offset in the "
                                + "creator's block (0x00 to 0xFF) or a full element number (0x1000 to 0xFFFF)");
                    }
                    ok &= offset >= 0;
                }
                VR vr = null;
                if (keys.containsKey("vr")) {
                    Node n = keys.get("vr").getValueNode();
                    String v = string(n, "vr");
                    if (v != null) {
                        vr = VR.ofName(v);
                        if (vr == null) {
                            error(n, "unknown VR \"" + v + "\"; allowed: the two-letter VRs of PS3.5 (" + allVrs() + ")");
                        } else if (vr == VR.SQ || vr == VR.UN) {
                            error(n, "vr " + vr + " cannot be safe: " + (vr == VR.SQ
                                    ? "a sequence's items may carry anything, identifying data included"
                                    : "UN has no known meaning") + "; list the elements with their own VRs");
                            vr = null;
                        }
                    }
                }
                if (!ok || creator == null || vr == null || offset < 0) {
                    continue;
                }
                String id = creator + "|" + group + "|" + offset;
                if (seen.containsKey(id)) {
                    error(item, "safe-private entry for \"" + creator + "\" element " + hex2(offset)
                            + " is listed twice (first on line " + line(seen.get(id)) + ")");
                    continue;
                }
                seen.put(id, item);
                out.add(new SafePrivateElement(creator, group, offset, vr));
            }
            return out;
        }

        // ---- pseudonyms ----

        private PseudonymPatterns pseudonyms(Node node) {
            PseudonymPatterns d = PseudonymPatterns.DEFAULT;
            MappingNode map = mapping(node, "pseudonyms");
            if (map == null) {
                return d;
            }
            Map<String, NodeTuple> keys = keys(map, PSEUDONYM_KEYS, "pseudonyms");
            return new PseudonymPatterns(
                    pattern(keys.get("patient-id"), d.patientId(), VR.LO),
                    pattern(keys.get("patient-name"), d.patientName(), VR.PN),
                    pattern(keys.get("accession-number"), d.accessionNumber(), VR.SH),
                    pattern(keys.get("study-id"), d.studyId(), VR.SH));
        }

        private String pattern(NodeTuple t, String dflt, VR vr) {
            if (t == null) {
                return dflt;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            Node n = t.getValueNode();
            String p = string(n, key);
            if (p == null) {
                return dflt;
            }
            String problem = pseudonymProblem(p, vr);
            if (problem != null) {
                error(n, key + " \"" + p + "\": " + problem);
                return dflt;
            }
            return p;
        }

        // ---- date shift, UID root ----

        private DateShiftRange dateShift(Node node) {
            MappingNode map = mapping(node, "date-shift");
            if (map == null) {
                return DateShiftRange.DEFAULT;
            }
            Map<String, NodeTuple> keys = keys(map, DATE_SHIFT_KEYS, "date-shift");
            if (!require(map, keys, "date-shift", "min-days", "max-days")) {
                return DateShiftRange.DEFAULT;
            }
            Node minNode = keys.get("min-days").getValueNode();
            Node maxNode = keys.get("max-days").getValueNode();
            Integer min = integer(minNode, "min-days");
            Integer max = integer(maxNode, "max-days");
            if (min == null || max == null) {
                return DateShiftRange.DEFAULT;
            }
            boolean ok = true;
            for (Map.Entry<Node, Integer> e : Map.of(minNode, min, maxNode, max).entrySet()) {
                if (Math.abs(e.getValue()) > MAX_SHIFT_DAYS) {
                    error(e.getKey(), "date shift of " + e.getValue() + " days is out of range; allowed: -"
                            + MAX_SHIFT_DAYS + " to " + MAX_SHIFT_DAYS);
                    ok = false;
                }
            }
            if (!ok) {
                return DateShiftRange.DEFAULT;
            }
            if (min >= max) {
                error(minNode, "min-days (" + min + ") must be less than max-days (" + max + ")");
                return DateShiftRange.DEFAULT;
            }
            if (min <= 0 && max >= 0) {
                error(minNode, "the date-shift range [" + min + ", " + max + "] contains 0: a patient drawn 0 would "
                        + "keep the real dates; use a range entirely in the past (e.g. -3650 to -365) or the future");
                return DateShiftRange.DEFAULT;
            }
            return new DateShiftRange(min, max);
        }

        private String uidRoot(Node node) {
            String v = string(node, "uid-root");
            if (v == null) {
                return DEFAULT_UID_ROOT;
            }
            // A root is an OID arc someone was given, so beyond the UID rule it starts with an ISO/ITU-T root arc.
            if (!Uids.isValid(v) || v.charAt(0) > '2' || (v.length() > 1 && v.charAt(1) != '.')) {
                error(node, "uid-root \"" + v + "\" is not a UID root: digits and dots, components without leading "
                        + "zeros, starting with 0, 1 or 2 (e.g. \"2.25\" or \"1.2.826.0.1.3680043.10.123\")");
                return DEFAULT_UID_ROOT;
            }
            if (v.length() > MAX_UID_ROOT_LENGTH) {
                error(node, "uid-root \"" + v + "\" has " + v.length() + " characters; at most "
                        + MAX_UID_ROOT_LENGTH + ", so that root + \".\" + 39 digits fits UI's 64");
                return DEFAULT_UID_ROOT;
            }
            if (v.equals("1.2.840.10008") || v.startsWith("1.2.840.10008.")) {
                error(node, "uid-root \"" + v + "\" is the DICOM standard's own root; use \"2.25\" or your "
                        + "organisation's root");
                return DEFAULT_UID_ROOT;
            }
            return v;
        }

        // ---- burned-in ----

        private BurnedInPolicy burnedIn(Node node) {
            BurnedInPolicy d = BurnedInPolicy.DEFAULT;
            MappingNode map = mapping(node, "burned-in");
            if (map == null) {
                return d;
            }
            Map<String, NodeTuple> keys = keys(map, BURNED_IN_KEYS, "burned-in");
            boolean refuseWhenYes = d.refuseWhenYes();
            if (keys.containsKey("refuse-when-yes")) {
                Node n = keys.get("refuse-when-yes").getValueNode();
                Boolean b = bool(n, "refuse-when-yes");
                if (Boolean.FALSE.equals(b)) {
                    error(n, "refuse-when-yes: false would publish instances that declare burned-in text; only true "
                            + "is allowed (a redaction rule that matches an instance already lets it through cleaned)");
                }
            }
            Set<String> modalities = d.riskyModalities();
            if (keys.containsKey("risky-modalities")) {
                modalities = stringSet(keys.get("risky-modalities").getValueNode(), "risky-modalities", v ->
                        v.length() <= 16 && !v.isEmpty() && CS_VALUE.matcher(v).matches() ? null
                                : "is not a modality (CS: 1 to 16 of A-Z, 0-9, space, _)");
            }
            Set<String> sopClasses = d.riskySopClasses();
            if (keys.containsKey("risky-sop-classes")) {
                sopClasses = stringSet(keys.get("risky-sop-classes").getValueNode(), "risky-sop-classes", v ->
                        Uids.isValid(v) ? null
                                : "is not a SOP Class UID (digits and dots, at most 64)");
            }
            boolean trustNo = d.trustNo();
            if (keys.containsKey("trust-no")) {
                Boolean b = bool(keys.get("trust-no").getValueNode(), "trust-no");
                if (b != null) {
                    trustNo = b;
                }
            }
            return new BurnedInPolicy(refuseWhenYes, modalities, sopClasses, trustNo, detection(keys));
        }

        /** The pixel-scan keys of burned-in; each absent key keeps {@link BurnedInPolicy.Detection#DEFAULT}'s value. */
        private BurnedInPolicy.Detection detection(Map<String, NodeTuple> keys) {
            BurnedInPolicy.Detection d = BurnedInPolicy.Detection.DEFAULT;
            BurnedInPolicy.Scan scan = keys.containsKey("detect")
                    ? choice(keys.get("detect").getValueNode(), "detect", BurnedInPolicy.Scan.class, d.scan()) : d.scan();
            Set<String> despiteNo = d.despiteNo();
            if (keys.containsKey("detect-despite-no")) {
                despiteNo = stringSet(keys.get("detect-despite-no").getValueNode(), "detect-despite-no", v ->
                        v.length() <= 16 && !v.isEmpty() && CS_VALUE.matcher(v).matches() ? null
                                : "is not a modality (CS: 1 to 16 of A-Z, 0-9, space, _)");
            }
            BurnedInPolicy.Redact redact = keys.containsKey("redact")
                    ? choice(keys.get("redact").getValueNode(), "redact", BurnedInPolicy.Redact.class, d.redact()) : d.redact();
            BurnedInPolicy.Ocr ocr = keys.containsKey("ocr")
                    ? choice(keys.get("ocr").getValueNode(), "ocr", BurnedInPolicy.Ocr.class, d.ocr()) : d.ocr();
            int scanFrames = countFrom(keys, "scan-frames", BurnedInPolicy.Detection.MAX_SCAN_FRAMES, d.scanFrames());
            int scanSeconds = countFrom(keys, "scan-seconds", BurnedInPolicy.Detection.MAX_SCAN_SECONDS, d.scanSeconds());
            boolean refuseYesWithoutText = d.refuseYesWithoutText();
            if (keys.containsKey("yes-without-text")) {
                String v = scalarText(keys.get("yes-without-text").getValueNode(), "yes-without-text");
                if ("publish".equals(v)) {
                    refuseYesWithoutText = false;
                } else if (v != null && !"refuse".equals(v)) {
                    error(keys.get("yes-without-text").getValueNode(), "yes-without-text must be refuse or publish; found \""
                            + v + "\"");
                }
            }
            BurnedInPolicy.LossyReencode lossy = keys.containsKey("lossy-reencode")
                    ? lossyReencode(keys.get("lossy-reencode").getValueNode()) : d.lossyReencode();
            if (scan == BurnedInPolicy.Scan.NEVER && keys.containsKey("redact")
                    && redact != BurnedInPolicy.Redact.RULES) {
                error(keys.get("redact").getValueNode(), "redact: " + keyName(redact) + " needs a scan; with detect: never "
                        + "only the redaction rules' rectangles are blanked (redact: rules)");
            }
            if (scan == BurnedInPolicy.Scan.NEVER) {
                return BurnedInPolicy.Detection.NEVER; // the other keys mean nothing without a scan
            }
            return new BurnedInPolicy.Detection(scan, despiteNo, redact, ocr, scanFrames, scanSeconds, refuseYesWithoutText,
                    lossy);
        }

        /** The integer at {@code key}, 1 to {@code max}; absent or wrong (reported): {@code otherwise}. */
        private int countFrom(Map<String, NodeTuple> keys, String key, int max, int otherwise) {
            if (!keys.containsKey(key)) {
                return otherwise;
            }
            Node n = keys.get(key).getValueNode();
            Integer v = integer(n, key);
            if (v != null && (v < 1 || v > max)) {
                error(n, key + " must be 1 to " + max + "; found " + v);
                return otherwise;
            }
            return v == null ? otherwise : v;
        }

        private BurnedInPolicy.LossyReencode lossyReencode(Node node) {
            MappingNode map = mapping(node, "lossy-reencode");
            if (map == null) {
                return null;
            }
            Map<String, NodeTuple> keys = keys(map, LOSSY_REENCODE_KEYS, "lossy-reencode");
            Set<String> modalities = Set.of();
            if (keys.containsKey("modalities")) {
                modalities = stringSet(keys.get("modalities").getValueNode(), "lossy-reencode modalities", v ->
                        v.length() <= 16 && !v.isEmpty() && CS_VALUE.matcher(v).matches() ? null
                                : "is not a modality (CS: 1 to 16 of A-Z, 0-9, space, _)");
            } else {
                error(node, "lossy-reencode needs modalities (for example [US])");
            }
            Integer quality = null;
            if (keys.containsKey("quality")) {
                Node n = keys.get("quality").getValueNode();
                quality = integer(n, "quality");
                if (quality != null && (quality < 50 || quality > 100)) {
                    error(n, "quality must be 50 to 100; found " + quality);
                    quality = null;
                }
            } else {
                error(node, "lossy-reencode needs quality (50 to 100; 90 keeps ultrasound visually unchanged)");
            }
            return quality == null || modalities.isEmpty() ? null : new BurnedInPolicy.LossyReencode(modalities, quality);
        }

        /** One of an enum's values, written in lower case with hyphens (AT_RISK → at-risk). */
        private <E extends Enum<E>> E choice(Node node, String what, Class<E> type, E fallback) {
            String v = scalarText(node, what);
            if (v == null) {
                return fallback;
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(keyName(e));
                if (keyName(e).equals(v)) {
                    return e;
                }
            }
            error(node, what + " must be one of " + String.join(", ", names) + "; found \"" + v + "\"");
            return fallback;
        }

        private Set<String> stringSet(Node node, String what, Function<String, String> check) {
            Set<String> out = new LinkedHashSet<>();
            SequenceNode seq = sequence(node, what);
            if (seq == null) {
                return out;
            }
            for (Node item : seq.getValue()) {
                String v = scalarText(item, "an entry of " + what);
                if (v == null) {
                    continue;
                }
                String problem = check.apply(v);
                if (problem != null) {
                    error(item, "\"" + v + "\" in " + what + " " + problem);
                } else if (!out.add(v)) {
                    error(item, "\"" + v + "\" is listed twice in " + what);
                }
            }
            return out;
        }

        // ---- redaction ----

        private List<RedactionRule> redaction(Node node) {
            List<RedactionRule> out = new ArrayList<>();
            SequenceNode seq = sequence(node, "redaction");
            if (seq == null) {
                return out;
            }
            Map<String, Node> names = new HashMap<>();
            int index = 0;
            for (Node item : seq.getValue()) {
                index++;
                MappingNode map = mapping(item, "a redaction rule");
                if (map == null) {
                    continue;
                }
                Map<String, NodeTuple> keys = keys(map, REDACTION_KEYS, "a redaction rule");
                String name = "rule-" + index;
                if (keys.containsKey("name")) {
                    Node n = keys.get("name").getValueNode();
                    String v = string(n, "name");
                    if (v != null && !NAME.matcher(v).matches()) {
                        error(n, "rule name \"" + v + "\" is not allowed; use 1 to 64 letters, digits, '.', '_' or '-'");
                    } else if (v != null) {
                        if (names.containsKey(v)) {
                            error(n, "rule name \"" + v + "\" is used twice (first on line " + line(names.get(v)) + ")");
                        }
                        names.put(v, n);
                        name = v;
                    }
                }
                Map<String, Pattern> conditions = new LinkedHashMap<>();
                if (keys.containsKey("when")) {
                    conditions = conditions(keys.get("when").getValueNode());
                }
                List<RedactionRule.Rectangle> rectangles = new ArrayList<>();
                if (!keys.containsKey("rectangles")) {
                    error(map, "redaction rule \"" + name + "\" needs rectangles: [{x: .., y: .., width: .., "
                            + "height: ..}]");
                } else {
                    Node rn = keys.get("rectangles").getValueNode();
                    SequenceNode rs = sequence(rn, "rectangles");
                    if (rs != null && rs.getValue().isEmpty()) {
                        error(rn, "redaction rule \"" + name + "\" has no rectangles; give at least one");
                    } else if (rs != null) {
                        for (Node r : rs.getValue()) {
                            RedactionRule.Rectangle rect = rectangle(r);
                            if (rect != null) {
                                rectangles.add(rect);
                            }
                        }
                    }
                }
                if (!rectangles.isEmpty()) {
                    out.add(new RedactionRule(name, conditions, rectangles));
                }
            }
            return out;
        }

        private Map<String, Pattern> conditions(Node node) {
            Map<String, Pattern> out = new LinkedHashMap<>();
            MappingNode map = mapping(node, "when");
            if (map == null) {
                return out;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (NodeTuple t : map.getValue()) {
                String keyword = string(t.getKeyNode(), "an attribute keyword or tag");
                if (keyword == null) {
                    continue;
                }
                keyword = keyword.strip();
                Optional<ElementDictionary.Entry> e;
                if (TAG_KEY.matcher(keyword).matches()) {
                    int tag = Tag.parse(keyword.replace(" ", ""));
                    keyword = Tag.toString(tag);
                    if (Tag.isPrivate(tag) && !Tag.isPrivateCreator(tag)) {
                        // A vendor's private field is a fair signature (CTP style); its VR is not known here.
                        if (!seen.add(keyword)) {
                            error(t.getKeyNode(), keyword + " is tested twice in the same rule");
                            continue;
                        }
                        Pattern p = conditionPattern(t.getValueNode(), keyword);
                        if (p != null) {
                            out.put(keyword, p);
                        }
                        continue;
                    }
                    e = dict.lookup(tag);
                    if (e.isEmpty()) {
                        error(t.getKeyNode(), "tag " + keyword + " in when is not in the DICOM data dictionary (PS3.6)");
                        continue;
                    }
                } else if (keyword.startsWith("(") || keyword.matches("[0-9A-Fa-f]{8}|[0-9A-Fa-f]{4},.*")) {
                    error(t.getKeyNode(), "\"" + keyword + "\" is not a tag; write a tag as \"(GGGG,EEEE)\" or "
                            + "\"GGGGEEEE\" (hexadecimal), or use the attribute's keyword");
                    continue;
                } else {
                    e = dict.byKeyword(keyword);
                    if (e.isEmpty()) {
                        error(t.getKeyNode(), "unknown attribute keyword \"" + keyword + "\" in when (not in the DICOM "
                                + "data dictionary, PS3.6)" + didYouMean(keyword, keywords()));
                        continue;
                    }
                }
                List<VR> vrs = e.get().vrs();
                if (vrs.isEmpty() || vrs.stream().anyMatch(vr -> vr.kind() == VR.Kind.SEQUENCE
                        || vr.kind() == VR.Kind.BULK || vr == VR.AT)) {
                    error(t.getKeyNode(), keyword + " is " + vrs.stream().map(VR::name).collect(Collectors.joining(
                            " or ")) + ": conditions test text and number attributes, not sequences or binary data");
                    continue;
                }
                if (!seen.add(keyword)) {
                    error(t.getKeyNode(), keyword + " is tested twice in the same rule");
                    continue;
                }
                Pattern p = conditionPattern(t.getValueNode(), keyword);
                if (p != null) {
                    out.put(keyword, p);
                }
            }
            return out;
        }

        private Pattern conditionPattern(Node vn, String key) {
            String regex = scalarText(vn, "the regular expression for " + key);
            if (regex == null) {
                return null;
            }
            try {
                return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException ex) {
                error(vn, "bad regular expression for " + key + ": " + ex.getDescription()
                        + (ex.getIndex() >= 0 ? " near index " + ex.getIndex() : "") + " in \"" + regex + "\"");
                return null;
            }
        }

        private RedactionRule.Rectangle rectangle(Node node) {
            MappingNode map = mapping(node, "a rectangle");
            if (map == null) {
                return null;
            }
            Map<String, NodeTuple> keys = keys(map, RECTANGLE_KEYS, "a rectangle");
            if (!require(map, keys, "a rectangle", "x", "y", "width", "height")) {
                return null;
            }
            int[] v = new int[4];
            boolean ok = true;
            for (int i = 0; i < 4; i++) {
                String k = RECTANGLE_KEYS.get(i);
                Node n = keys.get(k).getValueNode();
                Integer value = integer(n, k);
                int min = i < 2 ? 0 : 1;
                if (value != null && (value < min || value > 65535)) {
                    error(n, k + " " + value + " is out of range; allowed: " + min + " to 65535");
                    value = null;
                }
                if (value == null) {
                    ok = false;
                } else {
                    v[i] = value;
                }
            }
            if (!ok) {
                return null;
            }
            if (v[0] + v[2] > 65535 || v[1] + v[3] > 65535) {
                error(map, "rectangle reaches beyond 65535 pixels (x + width, y + height)");
                return null;
            }
            return new RedactionRule.Rectangle(v[0], v[1], v[2], v[3]);
        }

        // ---- node helpers ----

        private void error(Node node, String message) {
            Mark m = node == null ? null : node.getStartMark().orElse(null);
            problems.add(new ProfileException.Problem(source, m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1, message));
        }

        private int line(Node node) {
            return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        }

        private MappingNode mapping(Node node, String what) {
            if (node instanceof MappingNode m) {
                return m;
            }
            error(node, what + " must be a mapping (key: value lines, or {key: value}); found " + describe(node));
            return null;
        }

        private SequenceNode sequence(Node node, String what) {
            if (node instanceof SequenceNode s) {
                return s;
            }
            error(node, what + " must be a list (\"- item\" lines, or [a, b]); found " + describe(node));
            return null;
        }

        private String describe(Node node) {
            if (node instanceof ScalarNode s) {
                return isNull(s) ? "nothing" : "\"" + s.getValue() + "\"";
            }
            return node instanceof MappingNode ? "a mapping" : "a list";
        }

        /**
         * The keys of a mapping, each once; unknown and repeated keys are reported. Keys are
         * returned in file order.
         */
        private Map<String, NodeTuple> keys(MappingNode map, List<String> allowed, String where) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode s) || isNull(s)) {
                    error(k, "keys of " + where + " are plain words; allowed: " + String.join(", ", allowed));
                    continue;
                }
                String key = s.getValue();
                if (!allowed.contains(key)) {
                    error(k, "unknown key \"" + key + "\" in " + where + "; allowed: " + String.join(", ", allowed)
                            + didYouMean(key, allowed));
                    continue;
                }
                if (out.containsKey(key)) {
                    error(k, "key \"" + key + "\" appears twice in " + where + " (first on line "
                            + line(out.get(key).getKeyNode()) + ")");
                    continue;
                }
                out.put(key, t);
            }
            return out;
        }

        private boolean require(Node at, Map<String, NodeTuple> keys, String what, String... required) {
            List<String> missing = new ArrayList<>();
            for (String r : required) {
                if (!keys.containsKey(r)) {
                    missing.add(r);
                }
            }
            if (!missing.isEmpty()) {
                error(at, what + " needs " + String.join(", ", missing));
                return false;
            }
            return true;
        }

        /** A non-empty string scalar (numbers and booleans are not strings here), or null after reporting. */
        private String string(Node node, String what) {
            String v = scalarText(node, what);
            return v;
        }

        /** The text of a scalar as written (a number stays its digits), or null after reporting. */
        private String scalarText(Node node, String what) {
            if (!(node instanceof ScalarNode s)) {
                error(node, what + " must be a single value; found " + describe(node));
                return null;
            }
            if (isNull(s)) {
                error(node, what + " needs a value");
                return null;
            }
            return s.getValue();
        }

        private static boolean isNull(ScalarNode s) {
            if (!s.isPlain()) {
                return false;
            }
            String v = s.getValue();
            return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
        }

        /** A decimal or 0x-hexadecimal integer, or null after reporting. */
        private Integer integer(Node node, String what) {
            String v = scalarText(node, what);
            if (v == null) {
                return null;
            }
            String t = v.strip().replace("_", "");
            try {
                if (t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                    boolean negative = t.startsWith("-");
                    int value = Integer.parseInt(t.replaceFirst("^[+-]?0[xX]", ""), 16);
                    return negative ? -value : value;
                }
                if (t.matches("[+-]?[0-9]+")) {
                    return Integer.parseInt(t);
                }
            } catch (NumberFormatException e) {
                // too large: reported below
            }
            error(node, what + " must be an integer (decimal, or hexadecimal as 0x0029); found \"" + v + "\"");
            return null;
        }

        private Boolean bool(Node node, String what) {
            String v = scalarText(node, what);
            if (v == null) {
                return null;
            }
            if (node instanceof ScalarNode s && s.isPlain()) {
                if (v.equals("true")) {
                    return true;
                }
                if (v.equals("false")) {
                    return false;
                }
            }
            error(node, what + " must be true or false; found \"" + v + "\"");
            return null;
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }
    }
}
