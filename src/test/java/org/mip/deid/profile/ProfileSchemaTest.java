package org.mip.deid.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mip.deid.DeidOption;
import org.mip.dicom.VR;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * profile.schema.json is the one description of profile YAML: the shipped profiles and every profile
 * in the docs validate against it, the loader reports what it refuses in its own precise words (and
 * only those), ProfileWriter writes nothing else and the schema's defaults, the Java enums have the
 * schema's words, and docs/PROFILES.md documents exactly the schema's keys, words and defaults.
 */
class ProfileSchemaTest {
    static final Path PROFILES = Path.of("src/main/resources", ProfileLoader.BUILT_IN_PATH);
    static final Path DOCS = Path.of("docs");
    static final ProfileSchema SCHEMA = ProfileSchema.get();

    static Node compose(String yaml) {
        return new Compose(LoadSettings.builder().setUseMarks(true).setAllowDuplicateKeys(true).build())
                .composeString(yaml).orElseThrow();
    }

    static List<String> violations(String yaml) {
        return SCHEMA.validate(compose(yaml)).stream().map(v -> Arrays.toString(ProfileSchema.position(v.node()))
                + " " + v.message()).toList();
    }

    // ---- what validates ----

    @Test
    void shippedProfilesValidateAndNameTheSchemaForEditors() throws IOException {
        List<Path> shipped;
        try (Stream<Path> s = Files.list(PROFILES)) {
            shipped = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(ProfileLoader.BUILT_IN.size(), shipped.size(), shipped.toString());
        for (Path p : shipped) {
            String yaml = Files.readString(p, StandardCharsets.UTF_8);
            assertEquals(List.of(), violations(yaml), p.toString());
            Matcher m = Pattern.compile("(?m)^# yaml-language-server: \\$schema=(\\S+)$").matcher(yaml);
            assertTrue(m.find(), p + " names its schema for editors");
            assertTrue(Files.isRegularFile(p.resolveSibling(m.group(1))), p + ": " + m.group(1) + " exists from a clone");
            ProfileLoader.load(p);
        }
    }

    @Test
    void everyProfileInTheDocsValidatesAndLoads() throws IOException {
        int found = 0;
        try (Stream<Path> s = Files.list(DOCS)) {
            for (Path doc : s.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                for (String yaml : yamlBlocks(Files.readString(doc, StandardCharsets.UTF_8))) {
                    if (!isProfile(yaml)) {
                        continue;
                    }
                    found++;
                    assertEquals(List.of(), violations(yaml), doc + ":\n" + yaml);
                    ProfileLoader.loadString(yaml, doc.getFileName().toString());
                }
            }
        }
        assertTrue(found >= 2, "profiles found in docs/: " + found);
    }

    /** A YAML block is a profile when its top-level keys are profile keys and it has one of the distinctive ones. */
    static boolean isProfile(String yaml) {
        List<String> top = Pattern.compile("(?m)^([a-z][a-z-]*):").matcher(yaml).results().map(r -> r.group(1)).toList();
        return !top.isEmpty() && ProfileLoader.TOP_KEYS.containsAll(top)
                && top.stream().anyMatch(k -> List.of("options", "burned-in", "redaction", "attributes").contains(k));
    }

    static List<String> yamlBlocks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ---- what is refused, and in which words ----

    /**
     * Broken profiles the schema refuses: the loader reports each with today's precise message
     * (line, column, what is allowed, did you mean) and nothing else, the schema's own wording
     * never doubling it.
     */
    @Test
    void brokenProfilesGiveThePreciseMessagesOnly() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("optoins: []\n", List.of("test.yaml:1:1: unknown key \"optoins\" in the profile; allowed: "
                + String.join(", ", ProfileLoader.TOP_KEYS) + " (did you mean \"options\"?)"));
        cases.put("options: [retain-uid]\n", List.of("test.yaml:1:11: unknown option \"retain-uid\"; allowed: "
                + "retain-safe-private, retain-uids, retain-device-identity, retain-institution-identity, "
                + "retain-patient-characteristics, retain-longitudinal-full-dates, retain-longitudinal-modified-dates, "
                + "clean-descriptors, clean-structured-content, clean-graphics, clean-pixel-data (did you mean \"retain-uids\"?)"));
        cases.put("burned-in:\n  trust_no: false\n", List.of("test.yaml:2:3: unknown key \"trust_no\" in burned-in; "
                + "allowed: " + String.join(", ", ProfileLoader.BURNED_IN_KEYS) + " (did you mean \"trust-no\"?)"));
        cases.put("burned-in: {detect: sometimes}\n", List.of("test.yaml:1:21: detect must be one of at-risk, all, "
                + "never; found \"sometimes\""));
        cases.put("burned-in: {trust-no: yes}\n", List.of("test.yaml:1:23: trust-no must be true or false; found \"yes\""));
        cases.put("burned-in: {scan-frames: 0}\n", List.of("test.yaml:1:26: scan-frames must be 1 to 10000; found 0"));
        cases.put("burned-in: {scan-seconds: 100000}\n", List.of("test.yaml:1:27: scan-seconds must be 1 to 86400; found 100000"));
        cases.put("burned-in: {refuse-when-yes: false}\n", List.of("test.yaml:1:30: refuse-when-yes: false would "
                + "publish instances that declare burned-in text; only true is allowed (a redaction rule that matches "
                + "an instance already lets it through cleaned)"));
        cases.put("attributes:\n  PatientAge: kept\n", List.of("test.yaml:2:15: PatientAge (0010,1010): unknown action "
                + "\"kept\"; allowed: keep, remove, empty, pseudonymise, shift-date, clean, {constant: VALUE} (did you mean \"keep\"?)"));
        cases.put("attributes:\n  PatientAge: {constant: \"030Y\", keep: true}\n", List.of("test.yaml:2:34: unknown key "
                + "\"keep\" in PatientAge (0010,1010); allowed: constant"));
        cases.put("date-shift: {min-days: -10}\noptions: [retain-longitudinal-modified-dates]\n",
                List.of("test.yaml:1:13: date-shift needs max-days"));
        cases.put("options: [retain-safe-private]\nsafe-private:\n  - {creator: ACME, element: 0x10}\n",
                List.of("test.yaml:3:5: a safe-private entry needs vr"));
        cases.put("options: [retain-safe-private]\nsafe-private:\n  - {creator: ACME, group: 0x0007, element: 0x10, vr: LO}\n",
                List.of("test.yaml:3:28: group 0x0007 is not a private group; private groups are odd, from 0x0009 to 0xFFFD"));
        cases.put("uid-root: \"1.2.3.4.5.6.7.8.9.10.11.12.13\"\n", List.of("test.yaml:1:11: uid-root "
                + "\"1.2.3.4.5.6.7.8.9.10.11.12.13\" has 29 characters; at most 24, so that root + \".\" + 39 digits fits UI's 64"));
        cases.put("pseudonyms: {patient-id: \"PAT\"}\n", List.of("test.yaml:1:26: patient-id \"PAT\": has no {hash:N}: "
                + "every patient would get the same pseudonym"));
        cases.put("options: [clean-pixel-data]\nredaction:\n  - name: r\n    rectangles: []\n",
                List.of("test.yaml:4:17: redaction rule \"r\" has no rectangles; give at least one"));
        cases.put("options: [clean-pixel-data]\nredaction:\n  - rectangles: [{x: 0, y: 0, width: 0, height: 5}]\n",
                List.of("test.yaml:3:38: width 0 is out of range; allowed: 1 to 65535"));
        cases.put("name: \"bad name!\"\n", List.of("test.yaml:1:7: name \"bad name!\" is not allowed; use 1 to 64 letters, "
                + "digits, '.', '_' or '-', starting with a letter or digit"));
        cases.put("options: retain-uids\n", List.of("test.yaml:1:10: options must be a list (\"- item\" lines, or [a, b]); "
                + "found \"retain-uids\""));
        Map<String, List<String>> reported = new LinkedHashMap<>();
        for (String yaml : cases.keySet()) {
            assertFalse(violations(yaml).isEmpty(), "the schema refuses too:\n" + yaml);
            ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.loadString(yaml, "test.yaml"), yaml);
            reported.put(yaml, e.problems().stream().map(ProfileException.Problem::toString).toList());
        }
        assertEquals(cases, reported);
    }

    /** What a schema cannot say stays the loader's: the dictionary, the VR, settings without effect. */
    @Test
    void semanticChecksTheSchemaCannotExpressStay() {
        for (String yaml : List.of("attributes:\n  PatientsAge: keep\n", "attributes:\n  PatientAge: shift-date\n",
                "attributes:\n  PatientAge: {constant: \"thirty\"}\n", "safe-private:\n  - {creator: A, element: 1, vr: LO}\n",
                "options: [retain-longitudinal-full-dates, retain-longitudinal-modified-dates]\n",
                "date-shift: {min-days: -10, max-days: 10}\noptions: [retain-longitudinal-modified-dates]\n",
                "options: [clean-pixel-data]\nredaction:\n  - when: {Manufacturer: \"[\"}\n    rectangles: [{x: 0, y: 0, width: 1, height: 1}]\n")) {
            assertEquals(List.of(), violations(yaml), "the schema accepts:\n" + yaml);
            assertThrows(ProfileException.class, () -> ProfileLoader.loadString(yaml, "test.yaml"), yaml);
        }
    }

    /** A schema rule the loader's own checks lack still refuses the file, at its line, in the schema's words. */
    @Test
    void aSchemaRuleWithoutAPreciseCheckStillRefuses() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.loadString(
                "description: 42\n", "test.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        ProfileException.Problem p = e.problems().get(0);
        assertEquals(1, p.line());
        assertEquals(14, p.column());
        assertTrue(p.message().startsWith("description: ") && p.message().contains("string"), p.message());
    }

    // ---- one source: writer, Java enums, docs ----

    /** ProfileWriter writes only schema keys (the output validates), and for a profile that says nothing, the schema's defaults. */
    @Test
    void theWriterWritesTheSchemaAndItsDefaults() {
        Profile defaults = ProfileLoader.loadString("options: [retain-longitudinal-modified-dates]\n", "x.yaml");
        String written = ProfileWriter.toYaml(defaults);
        assertEquals(List.of(), violations(written), written);
        JsonNode out = asJson(written);
        int compared = 0;
        for (Map.Entry<String, JsonNode> d : defaults(SCHEMA.document(), "").entrySet()) {
            JsonNode value = out.at(d.getKey());
            if (d.getKey().equals("/options")) {
                continue; // set above, so that date-shift is written
            }
            if (value.isMissingNode()) {
                assertTrue(Set.of("/name", "/safe-private", "/redaction").contains(d.getKey()), "the writer omits " + d.getKey());
                continue;
            }
            assertEquals(normalise(d.getValue()), normalise(value), d.getKey());
            compared++;
        }
        assertTrue(compared >= 15, "defaults compared: " + compared);
        // the full example of the docs survives the writer and still validates
        String full = yamlBlocks(read(DOCS.resolve("PROFILES.md"))).stream().filter(ProfileSchemaTest::isProfile)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of(), violations(ProfileWriter.toYaml(ProfileLoader.loadString(full, "example.yaml"))));
    }

    @Test
    void theJavaWordsAreTheSchemasWords() {
        JsonNode p = SCHEMA.document().path("properties");
        assertEquals(Arrays.stream(DeidOption.values()).filter(ProfileLoader.OPTIONS::containsValue)
                .map(ProfileLoader::optionName).toList(), words(p.at("/options/items/enum")));
        JsonNode b = p.at("/burned-in/properties");
        assertEquals(Arrays.stream(BurnedInPolicy.Scan.values()).map(ProfileLoader::keyName).toList(), words(b.at("/detect/enum")));
        assertEquals(Arrays.stream(BurnedInPolicy.Redact.values()).map(ProfileLoader::keyName).toList(), words(b.at("/redact/enum")));
        assertEquals(Arrays.stream(BurnedInPolicy.Ocr.values()).map(ProfileLoader::keyName).toList(), words(b.at("/ocr/enum")));
        assertEquals(BurnedInPolicy.Detection.MAX_SCAN_FRAMES, b.at("/scan-frames/maximum").asInt());
        assertEquals(BurnedInPolicy.Detection.MAX_SCAN_SECONDS, b.at("/scan-seconds/maximum").asInt());
        assertEquals(BurnedInPolicy.Detection.DEFAULT_SCAN_SECONDS, b.at("/scan-seconds/default").asInt());
        assertEquals(new TreeSet<>(BurnedInPolicy.DEFAULT_RISKY_SOP_CLASSES), new TreeSet<>(words(b.at("/risky-sop-classes/default"))));
        assertEquals(Arrays.stream(VR.values()).filter(v -> v != VR.SQ && v != VR.UN).map(VR::name).sorted().toList(),
                words(p.at("/safe-private/items/properties/vr/enum")).stream().sorted().toList());
        List<String> actions = new ArrayList<>(ProfileLoader.ACTIONS);
        actions.remove("{constant: VALUE}");
        actions.add("pseudonymize");
        assertEquals(new TreeSet<>(actions), new TreeSet<>(words(p.at("/attributes/additionalProperties/anyOf/0/enum"))));
    }

    /** docs/PROFILES.md documents exactly the schema's keys, and for each its words and its default. */
    @Test
    void theDocsTablesAreTheSchema() {
        String doc = read(DOCS.resolve("PROFILES.md"));
        JsonNode p = SCHEMA.document().path("properties");
        Map<String, String[]> top = table(section(doc, "## Schema"));
        assertEquals(new TreeSet<>(ProfileLoader.TOP_KEYS), new TreeSet<>(top.keySet()), "top-level keys in ## Schema");
        Map<String, String[]> burnedIn = table(section(doc, "### `burned-in`").split("\\n\\| key \\| value \\| default \\|", 2)[1]
                .replaceFirst("^", "| key | value | default |"));
        assertEquals(new TreeSet<>(ProfileLoader.BURNED_IN_KEYS), new TreeSet<>(burnedIn.keySet()), "keys of burned-in");
        for (String k : ProfileLoader.BURNED_IN_KEYS) {
            checkRow("burned-in." + k, p.at("/burned-in/properties/" + k), burnedIn.get(k));
        }
        for (String k : List.of("description", "uid-root")) {
            checkRow(k, p.path(k), top.get(k));
        }
        for (String k : ProfileLoader.PSEUDONYM_KEYS) {
            assertTrue(top.get("pseudonyms")[0].contains(k), "pseudonyms lists " + k);
            assertTrue(top.get("pseudonyms")[1].contains(p.at("/pseudonyms/properties/" + k + "/default").asText()), k);
        }
        for (String k : ProfileLoader.DATE_SHIFT_KEYS) {
            String row = String.join(" ", top.get("date-shift"));
            assertTrue(row.contains(k) && row.contains(p.at("/date-shift/properties/" + k + "/default").asText()), k);
        }
        for (String k : ProfileLoader.BURNED_IN_KEYS) {
            assertTrue(top.get("burned-in")[0].contains("`" + k + "`"), "## Schema names burned-in's " + k);
        }
        for (String o : words(p.at("/options/items/enum"))) {
            assertTrue(section(doc, "### `options`").contains("| `" + o + "` |"), "option " + o + " documented");
        }
        for (String a : words(p.at("/attributes/additionalProperties/anyOf/0/enum"))) {
            assertTrue(section(doc, "### `attributes`").contains("`" + a + "`"), "action " + a + " documented");
        }
        String safePrivate = section(doc, "### `safe-private`");
        ProfileLoader.SAFE_PRIVATE_KEYS.forEach(k -> assertTrue(safePrivate.contains("`" + k + "`"), "safe-private " + k));
        String redaction = section(doc, "### `redaction`");
        ProfileLoader.REDACTION_KEYS.forEach(k -> assertTrue(redaction.contains("`" + k + "`"), "redaction " + k));
        ProfileLoader.RECTANGLE_KEYS.forEach(k -> assertTrue(redaction.contains(k), "rectangle " + k));
        ProfileLoader.LOSSY_REENCODE_KEYS.forEach(k -> assertTrue(burnedIn.get("lossy-reencode")[0].contains(k), "lossy-reencode " + k));
    }

    /** The row's value cell names every allowed word, and its default cell the schema's default. */
    static void checkRow(String key, JsonNode property, String[] row) {
        assertTrue(row != null, key + " documented");
        for (String w : words(property.path("enum"))) {
            assertTrue(row[0].contains("`" + w + "`"), key + ": allowed word " + w + " documented in " + Arrays.toString(row));
        }
        JsonNode d = property.path("default");
        if (d.isMissingNode()) {
            return;
        }
        if (d.isArray()) {
            List<String> values = words(d);
            boolean all = values.stream().allMatch(v -> row[1].contains(v));
            assertTrue(all || row[1].contains("BurnedInPolicy.DEFAULT_"), key + ": default " + values + " in " + row[1]);
        } else if (d.isTextual() && d.asText().isEmpty()) {
            assertTrue(row[1].contains("empty"), key + ": default empty in " + row[1]);
        } else {
            assertTrue(row[1].contains(d.asText()), key + ": default " + d.asText() + " in " + row[1]);
        }
    }

    // ---- helpers ----

    /** JSON pointer -> default, for every property of the schema below {@code at} that has one. */
    static Map<String, JsonNode> defaults(JsonNode schema, String pointer) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = pointer + "/" + e.getKey();
            if (e.getValue().has("default")) {
                out.put(child, e.getValue().get("default"));
            }
            out.putAll(defaults(e.getValue(), child));
        }
        return out;
    }

    static Object normalise(JsonNode n) {
        if (n.isArray()) {
            return new TreeSet<>(words(n));
        }
        if (n.isObject() && n.isEmpty()) {
            return "{}";
        }
        return n.asText();
    }

    static List<String> words(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static JsonNode asJson(String yaml) {
        return ProfileSchema.toJson(compose(yaml));
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text from a heading to the next heading of the same or a higher level. */
    static String section(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no heading " + heading);
        int level = heading.indexOf(' ');
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : doc.substring(start + 1).split("\\n", -1)) {
            if (out.length() > 0 && !fenced && line.matches("#{1," + level + "} .*")) {
                break; // the next heading of the same or a higher level (a # inside a code block is none)
            }
            fenced ^= line.startsWith("```");
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The first key | value | default table of a text: key (without backticks) -> {value, default}. */
    static Map<String, String[]> table(String text) {
        Map<String, String[]> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : text.split("\\n")) {
            if (line.startsWith("| key | value | default |")) {
                in = true;
                continue;
            }
            if (in && line.startsWith("| ---")) {
                continue;
            }
            if (in && line.startsWith("| `")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                out.put(cells[1].trim().replace("`", ""), new String[] {cells[2], cells.length > 3 ? cells[3] : ""});
            } else if (in) {
                break;
            }
        }
        return out;
    }

}
