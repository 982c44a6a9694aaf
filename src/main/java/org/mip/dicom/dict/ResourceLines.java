package org.mip.dicom.dict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The line syntax of the generated table resources: fields separated by one space, the last field
 * being the rest of the line (names contain spaces), and {@code -} standing for an empty field.
 * Shared by the dictionary and the de-identification action table so both read the same way.
 */
public final class ResourceLines {
    public static final String EMPTY = "-";
    /** The header line declaring how many rows follow, so a truncated resource fails to load. */
    public static final String ROWS = "# rows: ";

    private ResourceLines() {
    }

    /** The whole resource {@code name} next to {@code anchor}, as UTF-8 text. */
    public static String read(Class<?> anchor, String name) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Splits {@code line} into exactly {@code n} fields; the last takes the rest of the line. */
    public static String[] split(String line, int n) throws IOException {
        String[] fields = new String[n];
        int start = 0;
        for (int i = 0; i < n - 1; i++) {
            int space = line.indexOf(' ', start);
            if (space < 0) {
                throw new IOException("expected " + n + " fields: \"" + line + "\"");
            }
            fields[i] = line.substring(start, space);
            start = space + 1;
        }
        fields[n - 1] = line.substring(start);
        return fields;
    }

    /** The field's value: "" for {@code -}. */
    public static String field(String text) {
        return text.equals(EMPTY) ? "" : text;
    }

    /** The field as written: {@code -} for "", refusing a value the syntax could not read back. */
    public static String write(String value, boolean last) {
        if (value.isEmpty()) {
            return EMPTY;
        }
        if (value.equals(EMPTY) || !value.strip().equals(value) || !last && value.indexOf(' ') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("value cannot be written as a resource field: \"" + value + "\"");
        }
        return value;
    }
}
