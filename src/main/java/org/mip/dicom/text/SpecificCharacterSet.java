package org.mip.dicom.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mip.dicom.VR;

/** PLACEHOLDER until the charset branch lands: Latin-1 / UTF-8 only. */
public final class SpecificCharacterSet {
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of(""), StandardCharsets.ISO_8859_1);
    private final List<String> terms;
    private final Charset cs;

    private SpecificCharacterSet(List<String> terms, Charset cs) {
        this.terms = terms;
        this.cs = cs;
    }

    public static SpecificCharacterSet of(String... terms) {
        if (terms.length == 1 && terms[0].equals("ISO_IR 192")) {
            return new SpecificCharacterSet(List.of(terms), StandardCharsets.UTF_8);
        }
        return new SpecificCharacterSet(List.of(terms), StandardCharsets.ISO_8859_1);
    }

    public String decode(byte[] value, VR vr) {
        return new String(value, cs);
    }

    public byte[] encode(String text, VR vr) {
        return text.getBytes(cs);
    }

    public List<String> terms() {
        return terms;
    }
}
