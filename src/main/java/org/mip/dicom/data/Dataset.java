package org.mip.dicom.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.text.SpecificCharacterSet;

/**
 * A data set (or a sequence item): elements in tag order. Values stay as raw bytes; text is decoded
 * with the Specific Character Set in force (this item's own (0008,0005), else its parent's), and
 * binary numbers with the byte order of the transfer syntax the data set was read in.
 */
public final class Dataset implements Iterable<Element> {
    /**
     * Shared by every data set that has no element yet, and never written to ({@link #put} replaces it
     * first): a sequence of empty items is common (and a hostile file can hold millions), and an empty
     * TreeMap of its own cost each item 48 of its 88 bytes.
     */
    private static final TreeMap<Integer, Element> NONE = new TreeMap<>(Integer::compareUnsigned);

    private TreeMap<Integer, Element> elements = NONE;
    private final boolean bigEndian;
    private Dataset parent;
    private boolean undefinedLength;
    private SpecificCharacterSet charset;

    public Dataset() {
        this(false);
    }

    public Dataset(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    /** Byte order of binary values (US, UL, FL, OW...) held in this data set. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** The data set whose sequence holds this item, or null at the top level. */
    public Dataset parent() {
        return parent;
    }

    public void setParent(Dataset parent) {
        this.parent = parent;
        this.charset = null;
    }

    /** For items: whether the item was delimited (undefined length) rather than length-prefixed. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public Element get(int tag) {
        return elements.get(tag);
    }

    /** Adds or replaces the element with the same tag. */
    public void put(Element element) {
        if (elements == NONE) {
            elements = new TreeMap<>(Integer::compareUnsigned);
        }
        elements.put(element.tag(), element);
        if (element.tag() == Tag.SPECIFIC_CHARACTER_SET) {
            charset = null;
        }
        if (element instanceof SequenceElement seq) {
            for (Dataset item : seq.items()) {
                item.setParent(this);
            }
        }
    }

    public Element remove(int tag) {
        if (tag == Tag.SPECIFIC_CHARACTER_SET) {
            charset = null;
        }
        return elements.remove(tag);
    }

    public boolean removeIf(Predicate<Element> filter) {
        charset = null;
        return elements.values().removeIf(filter);
    }

    /** Elements in tag order; do not modify the data set while iterating (use {@link #elements()}). */
    @Override
    public Iterator<Element> iterator() {
        return Collections.unmodifiableCollection(elements.values()).iterator();
    }

    /** A snapshot of the elements in tag order, safe to iterate while changing the data set. */
    public List<Element> elements() {
        return new ArrayList<>(elements.values());
    }

    /**
     * Visits every element of this data set and, where the visitor asks, of its sequences' items, at
     * every depth, depth first in tag order (see {@link DatasetVisitor}).
     */
    public <C> void walk(DatasetVisitor<C> visitor, C context) {
        for (Element e : elements()) {
            C itemsContext = visitor.visit(this, e, context);
            if (itemsContext != null && elements.get(e.tag()) instanceof SequenceElement s) {
                int index = 1;
                for (Dataset item : s.items()) {
                    item.walk(visitor, visitor.item(s, index++, itemsContext));
                }
            }
        }
        visitor.leave(this, context);
    }

    /** Elements with tags in [from, to], both inclusive, unsigned order. */
    public Iterable<Element> range(int from, int to) {
        return Collections.unmodifiableCollection(elements.subMap(from, true, to, true).values());
    }

    // ---- character set ----

    /** The character set for text of this data set: its own (0008,0005), else its parent's, else the default. */
    public SpecificCharacterSet charset() {
        SpecificCharacterSet cs = charset;
        if (cs == null) {
            Element e = elements.get(Tag.SPECIFIC_CHARACTER_SET);
            if (e instanceof ValueElement v) {
                String raw = new String(v.bytes(), StandardCharsets.ISO_8859_1);
                String[] terms = raw.split("\\\\", -1);
                for (int i = 0; i < terms.length; i++) {
                    terms[i] = terms[i].trim().replace("\0", "");
                }
                cs = SpecificCharacterSet.of(terms);
            } else {
                cs = parent != null ? parent.charset() : SpecificCharacterSet.DEFAULT;
            }
            charset = cs;
        }
        return cs;
    }

    // ---- typed access ----

    public byte[] getBytes(int tag) {
        return elements.get(tag) instanceof ValueElement v ? v.bytes() : null;
    }

    /** The whole text value decoded (all values, backslashes kept), padding removed; null if absent. */
    public String getText(int tag) {
        Element e = elements.get(tag);
        if (!(e instanceof ValueElement v)) {
            return null;
        }
        return trim(v.vr(), decode(v));
    }

    /** The values of a text element (split at backslashes except for LT/ST/UT/UR), each trimmed. */
    public List<String> getStrings(int tag) {
        Element e = elements.get(tag);
        if (!(e instanceof ValueElement v) || v.bytes().length == 0) {
            return List.of();
        }
        return splitValues(v.vr(), decode(v));
    }

    /** The first value of a text element, trimmed; null when absent or empty. */
    public String getString(int tag) {
        List<String> values = getStrings(tag);
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    /** The first value of a US/SS/UL/SL/IS element, or {@code absent} when missing or unreadable. */
    public int getInt(int tag, int absent) {
        Element e = elements.get(tag);
        if (!(e instanceof ValueElement v)) {
            return absent;
        }
        byte[] b = v.bytes();
        ByteBuffer buf = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (v.vr()) {
            case US: return b.length >= 2 ? buf.getShort(0) & 0xFFFF : absent;
            case SS: return b.length >= 2 ? buf.getShort(0) : absent;
            case UL: case SL: return b.length >= 4 ? buf.getInt(0) : absent;
            case IS: case DS:
                String s = getString(tag);
                if (s == null) {
                    return absent;
                }
                try {
                    return (int) Math.round(Double.parseDouble(s.trim()));
                } catch (NumberFormatException ex) {
                    return absent;
                }
            default: return absent;
        }
    }

    /** Decodes the raw text of a value element with the character set in force for its VR. */
    public String decode(ValueElement v) {
        VR vr = v.vr();
        if (vr == VR.UI || vr == VR.DA || vr == VR.TM || vr == VR.DT || vr == VR.AS || vr == VR.IS
                || vr == VR.DS || vr == VR.CS || vr == VR.AE || vr == VR.UR) {
            // Not affected by (0008,0005): the default repertoire.
            return new String(v.bytes(), StandardCharsets.ISO_8859_1);
        }
        return charset().decode(v.bytes(), vr);
    }

    /** Sets a text element, encoding with the character set in force; null or empty makes it empty. */
    public void setString(int tag, VR vr, String value) {
        byte[] bytes = value == null || value.isEmpty() ? new byte[0] : encode(vr, value);
        put(new ValueElement(tag, vr, bytes));
    }

    public void setStrings(int tag, VR vr, List<String> values) {
        setString(tag, vr, String.join("\\", values));
    }

    /** Sets a binary element from ints (US, SS, UL, SL), in this data set's byte order. */
    public void setInts(int tag, VR vr, int... values) {
        int size = vr.valueSize();
        ByteBuffer buf = ByteBuffer.allocate(values.length * size)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            if (size == 2) {
                buf.putShort((short) value);
            } else {
                buf.putInt(value);
            }
        }
        put(new ValueElement(tag, vr, buf.array()));
    }

    public byte[] encode(VR vr, String text) {
        if (vr == VR.UI || vr == VR.DA || vr == VR.TM || vr == VR.DT || vr == VR.AS || vr == VR.IS
                || vr == VR.DS || vr == VR.CS || vr == VR.AE || vr == VR.UR) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        return charset().encode(text, vr);
    }

    /** The creator string that reserved the block of private element {@code tag} here, or null. */
    public String privateCreator(int tag) {
        if (!Tag.isPrivate(tag) || Tag.isPrivateCreator(tag) || Tag.element(tag) < 0x1000) {
            return null;
        }
        return getString(Tag.privateCreatorOf(tag));
    }

    /** Nesting depth: 0 for a top-level data set, 1 for an item of its sequence, and so on. */
    public int depth() {
        int depth = 0;
        for (Dataset p = parent; p != null; p = p.parent) {
            depth++;
        }
        return depth;
    }

    // ---- text helpers ----

    /** The values of a text value: split at backslashes (not for LT, ST, UT, UR), each without padding. */
    public static List<String> splitValues(VR vr, String text) {
        if (vr.isSingleValuedText()) {
            return List.of(trim(vr, text));
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\\') {
                out.add(trim(vr, text.substring(start, i)));
                start = i + 1;
            }
        }
        return out;
    }

    /** Removes padding: trailing NULs and spaces; leading spaces too except in LT, ST and UT, where they are text. */
    public static String trim(VR vr, String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (vr != VR.LT && vr != VR.ST && vr != VR.UT) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    @Override
    public String toString() {
        return "Dataset[" + elements.size() + " elements]";
    }
}
