package org.mip.deid.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mip.deid.DeidOption;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.dicom.Tag;
import org.mip.dicom.dict.ElementDictionary;

/**
 * Writes a {@link Profile} as YAML in the schema {@link ProfileLoader} reads, with every default
 * spelled out: what a loaded profile effectively does, for people and for audit. For a profile that
 * came from {@link ProfileLoader}, loading the output gives the same profile back. The date-shift
 * range is written only where it is used (the option retain-longitudinal-modified-dates or a
 * shift-date attribute), as the loader refuses it elsewhere.
 */
public final class ProfileWriter {

    private ProfileWriter() {
    }

    public static String toYaml(Profile p) {
        ElementDictionary dict = ElementDictionary.standard();
        StringBuilder y = new StringBuilder();
        y.append("name: ").append(q(p.name())).append('\n');
        y.append("description: ").append(q(p.description())).append('\n');

        List<String> options = new ArrayList<>();
        for (DeidOption o : DeidOption.values()) {
            if (p.has(o)) {
                options.add(ProfileLoader.optionName(o));
            }
        }
        y.append("options: [").append(String.join(", ", options)).append("]\n");

        if (p.overrides().isEmpty()) {
            y.append("attributes: {}\n");
        } else {
            y.append("attributes:\n");
            Map<Integer, AttributeOverride> sorted = new TreeMap<>(Integer::compareUnsigned);
            sorted.putAll(p.overrides());
            for (Map.Entry<Integer, AttributeOverride> e : sorted.entrySet()) {
                String keyword = dict.keywordOf(e.getKey());
                String key = keyword.isEmpty() || dict.tagOf(keyword) != e.getKey()
                        ? q(Tag.toString(e.getKey())) : keyword;
                y.append("  ").append(key).append(": ").append(action(e.getValue())).append('\n');
            }
        }

        if (!p.safePrivate().isEmpty()) {
            y.append("safe-private:\n");
            for (SafePrivateElement s : p.safePrivate()) {
                y.append("  - {creator: ").append(q(s.creator()));
                if (s.group() >= 0) {
                    y.append(", group: ").append(String.format("0x%04X", s.group()));
                }
                y.append(", element: ").append(String.format("0x%02X", s.offset()))
                        .append(", vr: ").append(s.vr().name()).append("}\n");
            }
        }

        PseudonymPatterns ps = p.pseudonyms();
        y.append("pseudonyms:\n")
                .append("  patient-id: ").append(q(ps.patientId())).append('\n')
                .append("  patient-name: ").append(q(ps.patientName())).append('\n')
                .append("  accession-number: ").append(q(ps.accessionNumber())).append('\n')
                .append("  study-id: ").append(q(ps.studyId())).append('\n');

        boolean shiftUsed = p.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)
                || p.overrides().values().stream().anyMatch(o -> o.action() == Action.SHIFT_DATE);
        if (shiftUsed) {
            y.append("date-shift: {min-days: ").append(p.dateShift().minDays()).append(", max-days: ")
                    .append(p.dateShift().maxDays()).append("}\n");
        }
        y.append("uid-root: ").append(q(p.uidRoot())).append('\n');

        BurnedInPolicy b = p.burnedIn();
        y.append("burned-in:\n")
                .append("  refuse-when-yes: ").append(b.refuseWhenYes()).append('\n')
                .append("  risky-modalities: ").append(list(b.riskyModalities())).append('\n')
                .append("  risky-sop-classes: ").append(list(b.riskySopClasses())).append('\n')
                .append("  trust-no: ").append(b.trustNo()).append('\n');
        BurnedInPolicy.Detection d = b.detection();
        y.append("  detect: ").append(ProfileLoader.keyName(d.scan())).append('\n');
        if (d.scans()) {
            y.append("  detect-despite-no: ").append(list(d.despiteNo())).append('\n')
                    .append("  redact: ").append(ProfileLoader.keyName(d.redact())).append('\n')
                    .append("  ocr: ").append(ProfileLoader.keyName(d.ocr())).append('\n')
                    .append("  scan-frames: ").append(d.scanFrames()).append('\n')
                    .append("  scan-seconds: ").append(d.scanSeconds()).append('\n')
                    .append("  yes-without-text: ").append(d.refuseYesWithoutText() ? "refuse" : "publish").append('\n');
            if (d.lossyReencode() != null) {
                y.append("  lossy-reencode: {modalities: ").append(list(d.lossyReencode().modalities()))
                        .append(", quality: ").append(d.lossyReencode().quality()).append("}\n");
            }
        }

        if (!p.redaction().isEmpty()) {
            y.append("redaction:\n");
            for (RedactionRule r : p.redaction()) {
                y.append("  - name: ").append(q(r.name())).append('\n');
                if (!r.conditions().isEmpty()) {
                    y.append("    when:\n");
                    for (Map.Entry<String, Pattern> c : new TreeMap<>(r.conditions()).entrySet()) {
                        String key = c.getKey().startsWith("(") ? q(c.getKey()) : c.getKey();
                        y.append("      ").append(key).append(": ").append(q(c.getValue().pattern()))
                                .append('\n');
                    }
                }
                y.append("    rectangles:\n");
                for (RedactionRule.Rectangle rect : r.rectangles()) {
                    y.append("      - {x: ").append(rect.x()).append(", y: ").append(rect.y())
                            .append(", width: ").append(rect.width()).append(", height: ").append(rect.height())
                            .append("}\n");
                }
            }
        }
        return y.toString();
    }

    private static String action(AttributeOverride o) {
        switch (o.action()) {
            case KEEP: return "keep";
            case REMOVE: return "remove";
            case EMPTY: return "empty";
            case CONSTANT: return "{constant: " + q(o.value()) + "}";
            case PSEUDONYMISE: return "pseudonymise";
            case SHIFT_DATE: return "shift-date";
            case CLEAN: return "clean";
            default: throw new IllegalArgumentException(String.valueOf(o.action()));
        }
    }

    private static String list(java.util.Collection<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : new TreeSet<>(values)) {
            quoted.add(q(v));
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A YAML double-quoted scalar. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
