package org.mip.dicom.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.dicom.VR;
import org.mip.testing.Tools;

/**
 * dcmtk's view of a file: {@code dcmdump -q +L -Un +Qo -dc} (every value printed whole, raw:
 * no UID names, non-ASCII and control bytes as octal escapes, no automatic data correction, so
 * text shows with its padding), parsed into entries in {@link Flat}'s path notation; and our
 * entries rendered in dcmdump's notation so the two compare as strings.
 */
final class Dcmdump {
    static final List<String> COMMAND = List.of("dcmdump", "-q", "+L", "-Un", "+Qo", "-dc");

    /** One printed line: path, VR as dcmdump names it, the value text, the length column ("u/l" for undefined). */
    record Line(String path, String vr, String value, String length) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) (.*?) *# *(\\d+|u/l), *(\\d+) (.*)$");
    private static final Pattern COUNT = Pattern.compile("#=(\\d+)");

    private Dcmdump() {
    }

    private static final Map<Path, String> CACHE = new HashMap<>();
    private static final Pattern FILE_HEADER = Pattern.compile("^# dcmdump \\(\\d+/\\d+\\): (.*)$");

    /** Dumps {@code file}; null when dcmdump cannot read it (it then prints nothing with -q). */
    static List<Line> dump(Path file) {
        String out = text(file);
        return out == null ? null : parse(out);
    }

    /**
     * dcmdump's output for {@code file}, or null when it cannot read it. All files of the folder are dumped
     * by one dcmdump (+F separates them): one process per file would cost a tenth of a second each.
     */
    static synchronized String text(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (!CACHE.containsKey(key)) {
            List<String> cmd = new ArrayList<>(COMMAND);
            cmd.add("+F");
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(key.getParent())) {
                s.filter(f -> java.nio.file.Files.isRegularFile(f) && !f.toString().endsWith(".md"))
                        .forEach(f -> cmd.add(f.toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!cmd.contains(key.toString())) {
                cmd.add(key.toString());
            }
            String name = null;
            StringBuilder section = new StringBuilder();
            for (String line : (Tools.run(cmd).out() + "# dcmdump (0/0): \n").split("\n")) {
                Matcher m = FILE_HEADER.matcher(line);
                if (m.matches()) {
                    if (name != null) {
                        CACHE.put(Path.of(name), section.toString().isBlank() ? null : section.toString());
                    }
                    name = m.group(1);
                    section.setLength(0);
                } else {
                    section.append(line).append('\n');
                }
            }
        }
        return CACHE.get(key);
    }

    static List<Line> parse(String dump) {
        List<Line> lines = new ArrayList<>();
        Map<Integer, String> prefix = new HashMap<>();   // depth -> path prefix of elements at that depth
        Map<Integer, String> container = new HashMap<>(); // depth -> path of the sequence whose items sit at that depth
        Map<Integer, Integer> counter = new HashMap<>();  // depth -> next item index
        prefix.put(0, "");
        for (String text : dump.split("\n")) {
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                if (text.startsWith("(") || (text.startsWith(" ") && !text.trim().startsWith("#"))) {
                    throw new AssertionError("unparsed dcmdump line: " + text);
                }
                continue;
            }
            int depth = m.group(1).length() / 2;
            String tag = (m.group(2) + m.group(3)).toUpperCase();
            String vr = m.group(4);
            String value = m.group(5);
            if (tag.equals("FFFEE00D") || tag.equals("FFFEE0DD")) {
                continue;
            }
            if (tag.equals("FFFEE000")) {
                int i = counter.merge(depth, 1, Integer::sum) - 1;
                String seq = container.get(depth);
                if (vr.equals("pi")) {
                    lines.add(new Line(seq + "{" + i + "}", "OB", value, m.group(6)));
                } else {
                    // "(Item with explicit length #=7)", or in a DICOMDIR "\"Directory Record\" PATIENT #=7":
                    // keep what both say, the delimitation (length column) and the element count.
                    Matcher c = COUNT.matcher(value);
                    if (!c.find()) {
                        throw new AssertionError("item line without a count: " + text);
                    }
                    value = "(Item with " + (m.group(6).equals("u/l") ? "undefined" : "explicit") + " length #=" + c.group(1) + ")";
                    lines.add(new Line(seq + "[" + i + "]", "na", value, m.group(6)));
                    prefix.put(depth + 1, seq + "[" + i + "]/");
                }
                continue;
            }
            String path = prefix.get(depth) + tag;
            lines.add(new Line(path, vr, value, m.group(6)));
            if (value.startsWith("(Sequence with") || value.startsWith("(PixelSequence")) {
                container.put(depth + 1, path);
                counter.put(depth + 1, 0);
            }
        }
        return lines;
    }

    /** Our entry as dcmdump prints it (value column), for the exact VR we read. */
    static String render(Flat.Entry e) {
        if (e.path().endsWith("]")) {
            return "(Item with " + (e.undefined() ? "undefined" : "explicit") + " length #=" + e.items() + ")";
        }
        if (e.raw() == null) {
            if (e.vr() == VR.SQ || e.vr() == VR.UN) {
                return "(Sequence with " + (e.undefined() ? "undefined" : "explicit") + " length #=" + e.items() + ")";
            }
            return "(PixelSequence #=" + e.items() + ")";
        }
        byte[] b = e.raw();
        if (b.length == 0) {
            return "(no value available)";
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(e.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        StringBuilder s = new StringBuilder();
        switch (e.vr()) {
            case OB: case UN:
                for (byte x : b) {
                    hex(sep(s), x & 0xFF, 2);
                }
                return s.toString();
            case OW:
                while (buf.remaining() >= 2) {
                    hex(sep(s), buf.getShort() & 0xFFFF, 4);
                }
                return s.toString();
            case US:
                while (buf.remaining() >= 2) {
                    sep(s).append(buf.getShort() & 0xFFFF);
                }
                return s.toString();
            case SS:
                while (buf.remaining() >= 2) {
                    sep(s).append(buf.getShort());
                }
                return s.toString();
            case UL:
                while (buf.remaining() >= 4) {
                    sep(s).append(buf.getInt() & 0xFFFFFFFFL);
                }
                return s.toString();
            case SL:
                while (buf.remaining() >= 4) {
                    sep(s).append(buf.getInt());
                }
                return s.toString();
            case SV:
                while (buf.remaining() >= 8) {
                    sep(s).append(buf.getLong());
                }
                return s.toString();
            case UV:
                while (buf.remaining() >= 8) {
                    sep(s).append(Long.toUnsignedString(buf.getLong()));
                }
                return s.toString();
            case AT:
                while (buf.remaining() >= 4) {
                    sep(s).append(String.format("(%04x,%04x)", buf.getShort() & 0xFFFF, buf.getShort() & 0xFFFF));
                }
                return s.toString();
            case FL: case FD: case OF: case OD: case OL: case OV:
                return null; // compared as numbers by the caller
            default:
                s.append('[');
                for (byte x : b) {
                    int c = x & 0xFF;
                    if (c < 0x20 || c >= 0x7F) {
                        s.append(String.format("\\%03o", c));
                    } else {
                        s.append((char) c);
                    }
                }
                return s.append(']').toString();
        }
    }

    /** For float VRs: whether dcmdump's printed numbers are our values (exactly, once parsed at the value's precision). */
    static boolean sameNumbers(Flat.Entry e, String printed) {
        byte[] b = e.raw();
        if (b.length == 0) {
            return printed.equals("(no value available)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(e.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String[] parts = printed.split("\\\\");
        int size = e.vr() == VR.FL || e.vr() == VR.OF ? 4 : 8;
        if (parts.length != b.length / size) {
            return false;
        }
        for (String p : parts) {
            if (size == 4) {
                float ours = buf.getFloat();
                if (Float.compare(ours, Float.parseFloat(p)) != 0 && !(Float.isNaN(ours) && p.contains("nan"))) {
                    return false;
                }
            } else {
                double ours = buf.getDouble();
                if (Double.compare(ours, Double.parseDouble(p)) != 0 && !(Double.isNaN(ours) && p.contains("nan"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void hex(StringBuilder s, int v, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            s.append(Character.forDigit((v >>> shift) & 0xF, 16));
        }
    }

    private static StringBuilder sep(StringBuilder s) {
        return s.length() == 0 ? s : s.append('\\');
    }
}
