package org.mip.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md and defaults.properties stay in step: the table names every key once and no
 * other, with its environment variable and its defaults in local and AWS mode as the jar has them.
 */
class ConfigurationDocTest {
    static final Path DOC = Path.of("docs/CONFIGURATION.md");
    static final Pattern ROW = Pattern.compile("^\\| `(mip\\.[^`]+)` \\| `([^`]+)` \\| ([^|]+) \\| ([^|]+) \\|$");
    static final Pattern CODE = Pattern.compile("`([^`]*)`");

    record Row(String key, String env, String defaults, String meaning) {
    }

    static Map<String, Row> table() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("| `mip.")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            assertTrue(m.matches(), "not a row of four cells: " + line);
            Row row = new Row(m.group(1), m.group(2), m.group(3).strip(), m.group(4).strip());
            if (rows.put(row.key(), row) != null) {
                duplicates.add(row.key());
            }
        }
        assertTrue(duplicates.isEmpty(), "keys listed twice: " + duplicates);
        return rows;
    }

    @Test
    void theTableNamesEveryKeyOfTheDefaultsAndNoOther() throws IOException {
        var documented = new TreeSet<>(table().keySet());
        var actual = new TreeSet<>(Settings.read(Settings.DEFAULTS).keySet());
        var missing = new TreeSet<>(actual);
        missing.removeAll(documented);
        var unknown = new TreeSet<>(documented);
        unknown.removeAll(actual);
        assertTrue(missing.isEmpty(), "keys of defaults.properties missing from docs/CONFIGURATION.md: " + missing);
        assertTrue(unknown.isEmpty(), "docs/CONFIGURATION.md names keys that do not exist: " + unknown);
    }

    @Test
    void awsDefaultsOverrideOnlyKnownKeys() {
        var keys = Settings.read(Settings.DEFAULTS).keySet();
        for (String key : Settings.read(Settings.AWS_DEFAULTS).keySet()) {
            assertTrue(keys.contains(key), "defaults-aws.properties has a key defaults.properties lacks: " + key);
        }
    }

    @Test
    void eachRowGivesTheEnvironmentVariableAndTheDefaultsOfBothModes() throws IOException {
        Map<String, String> local = Settings.read(Settings.DEFAULTS);
        Map<String, String> aws = new LinkedHashMap<>(local);
        aws.putAll(Settings.read(Settings.AWS_DEFAULTS));
        List<String> wrong = new ArrayList<>();
        for (Row row : table().values()) {
            if (!row.env().equals(Settings.envName(row.key()))) {
                wrong.add(row.key() + ": environment variable " + row.env() + ", expected " + Settings.envName(row.key()));
            }
            String[] modes = row.defaults().split(" / ", 2);
            String documentedLocal = value(modes[0]);
            String documentedAws = value(modes.length == 2 ? modes[1] : modes[0]);
            if (!documentedLocal.equals(local.get(row.key())) || !documentedAws.equals(aws.get(row.key()))) {
                wrong.add(row.key() + ": documented default \"" + row.defaults() + "\", the jar's are \""
                        + local.get(row.key()) + "\" (local) and \"" + aws.get(row.key()) + "\" (aws)");
            }
            if (row.meaning().length() < 15) {
                wrong.add(row.key() + ": meaning too short to help: " + row.meaning());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** `value` → value; — (or "— (explanation)") → empty. */
    static String value(String cell) {
        String c = cell.strip();
        if (c.startsWith("—")) {
            return "";
        }
        Matcher m = CODE.matcher(c);
        assertTrue(m.find(), "default cell without a `value`: " + cell);
        return m.group(1);
    }

    @Test
    void theDocumentStatesThePrecedence() throws IOException {
        String doc = Files.readString(DOC);
        int file = doc.indexOf("a properties file");
        int env = doc.indexOf("environment variables:");
        int system = doc.indexOf("Java system properties");
        int cli = doc.indexOf("the command line:");
        assertTrue(file > 0 && file < env && env < system && system < cli, "precedence file < env < -D < CLI not stated in order");
        assertEquals(1, doc.split("\n\\| property \\|", -1).length - 1, "one settings table");
    }
}
