package org.mip.dicom.dict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;

/**
 * The PS3.6 data dictionary, loaded once from the generated resource {@code dictionary.txt}
 * (see {@link DictionaryGenerator} for its format). Lookups by tag resolve, in this order: exact
 * tags; group lengths (gggg,0000) as UL "Group Length"; private creators (odd group, element
 * 0010-00FF) as LO "Private Creator"; the repeating-group masks ({@code 60xx3000}, {@code 002804x0},
 * ...). Anything else, including private data elements, is unknown. Immutable and thread-safe.
 */
public final class ElementDictionary {

    static final String RESOURCE = "dictionary.txt";

    /**
     * One row of the dictionary.
     *
     * @param tag     the tag, with a pattern's x read as 0; for a group length or private creator
     *                found by rule, the tag asked for. A mask's x→0 tag may belong to another row
     *                ({@code 002804x0} → (0028,0400) Transform Label; {@code 1000xxx0} → a group
     *                length): match a mask with {@link TagPattern}, not with this tag
     * @param pattern the tag as published ({@code 60xx3000}); {@code gggg0000} for group lengths and
     *                {@code gggg00xx} for private creators
     * @param vrSpec  the VR as published: {@code "PN"}, {@code "US or SS"}, or empty
     * @param vrs     {@code vrSpec} parsed, in published order; empty when there is none
     * @param vm      the value multiplicity as published ({@code "1-n"}, {@code "1-n or 1"}), or empty
     * @param keyword the keyword, empty for the few retired rows without one
     * @param name    the attribute name
     * @param retired true when the standard marks it retired
     */
    public record Entry(int tag, String pattern, String vrSpec, List<VR> vrs, String vm, String keyword,
                        String name, boolean retired) {

        public boolean isRepeating() {
            return pattern.indexOf('x') >= 0;
        }

        public boolean hasAmbiguousVr() {
            return vrs.size() > 1;
        }
    }

    private final List<Entry> entries;
    private final Map<Integer, Entry> exact;
    private final List<Entry> repeating;
    private final List<TagPattern> patterns;
    private final Map<String, Entry> byKeyword;

    private ElementDictionary(List<Entry> entries, List<TagPattern> entryPatterns) {
        this.entries = Collections.unmodifiableList(entries);
        this.exact = new HashMap<>(entries.size() * 2);
        this.repeating = new ArrayList<>();
        this.patterns = new ArrayList<>();
        this.byKeyword = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            TagPattern p = entryPatterns.get(i);
            if (p.isExact()) {
                exact.put(e.tag(), e);
            } else {
                repeating.add(e);
                patterns.add(p);
            }
            if (!e.keyword().isEmpty()) {
                byKeyword.put(e.keyword(), e);
            }
        }
    }

    /** The dictionary of the edition the resource was generated from; parsed on first use. */
    public static ElementDictionary standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final ElementDictionary INSTANCE = loadResource();

        private static ElementDictionary loadResource() {
            try {
                return parse(ResourceLines.read(ElementDictionary.class, RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /**
     * Parses the resource format written by {@link DictionaryGenerator}. Kept lean (one pass, the
     * few distinct VR and VM fields decoded once) because it runs cold, before the JIT warms up.
     */
    static ElementDictionary parse(String text) throws IOException {
        List<Entry> entries = new ArrayList<>(5200);
        List<TagPattern> entryPatterns = new ArrayList<>(5200);
        Map<String, String> specs = new HashMap<>();
        Map<String, List<VR>> vrLists = new HashMap<>();
        int declared = -1;
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            String line = text.substring(start, end);
            if (line.startsWith("#")) {
                if (line.startsWith(ResourceLines.ROWS)) {
                    declared = Integer.parseInt(line.substring(ResourceLines.ROWS.length()).trim());
                }
                continue;
            }
            String[] f = ResourceLines.split(line, 6);
            TagPattern pattern = TagPattern.parse(f[0]);
            String vrSpec = published(f[1], specs);
            List<VR> vrs = vrLists.get(vrSpec);
            if (vrs == null) {
                vrs = parseVrs(vrSpec);
                vrLists.put(vrSpec, vrs);
            }
            entries.add(new Entry(pattern.base(), f[0], vrSpec, vrs, published(f[2], specs),
                    ResourceLines.field(f[4]), ResourceLines.field(f[5]), f[3].equals("R")));
            entryPatterns.add(pattern);
        }
        if (declared != entries.size()) {
            throw new IOException("resource declares " + declared + " rows but holds " + entries.size());
        }
        return new ElementDictionary(entries, entryPatterns);
    }

    /** A VR or VM field back as published ("US/SS" → "US or SS", "-" → ""), decoded once per distinct value. */
    private static String published(String field, Map<String, String> seen) {
        String spec = seen.get(field);
        if (spec == null) {
            spec = ResourceLines.field(field).replace("/", " or ");
            seen.put(field, spec);
        }
        return spec;
    }

    /** "US or SS" → [US, SS]; "" → []; throws IllegalArgumentException on a name that is no VR. */
    static List<VR> parseVrs(String spec) {
        if (spec.isEmpty()) {
            return List.of();
        }
        List<VR> vrs = new ArrayList<>(3);
        for (String name : spec.split(" or ")) {
            VR vr = VR.ofName(name);
            if (vr == null) {
                throw new IllegalArgumentException("not a VR: \"" + name + "\" in \"" + spec + "\"");
            }
            vrs.add(vr);
        }
        return List.copyOf(vrs);
    }

    /** Every row of the dictionary, in the standard's order (tag, x counted as 0). */
    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> lookup(int tag) {
        Entry e = exact.get(tag);
        if (e != null) {
            return Optional.of(e);
        }
        if (Tag.isGroupLength(tag)) {
            // PS3.5 §7.2: element 0000 of any group is its length; retired outside groups 0000 and 0002.
            return Optional.of(new Entry(tag, "gggg0000", "UL", List.of(VR.UL), "1", "", "Group Length",
                    Tag.group(tag) != 0x0000 && Tag.group(tag) != 0x0002));
        }
        if (Tag.isPrivateCreator(tag)) {
            return Optional.of(new Entry(tag, "gggg00xx", "LO", List.of(VR.LO), "1", "", "Private Creator", false));
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(tag)) {
                return Optional.of(repeating.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<Entry> byKeyword(String keyword) {
        return Optional.ofNullable(byKeyword.get(keyword));
    }

    /** The tag of {@code keyword} (x read as 0 for repeating groups). */
    public int tagOf(String keyword) {
        Entry e = byKeyword.get(keyword);
        if (e == null) {
            throw new IllegalArgumentException("unknown DICOM keyword \"" + keyword + "\"");
        }
        return e.tag();
    }

    /** The keyword of {@code tag}, or "" when it has none. */
    public String keywordOf(int tag) {
        return lookup(tag).map(Entry::keyword).orElse("");
    }

    /**
     * The single VR to encode or decode {@code tag} with when the data set does not carry it
     * (implicit VR) or the dictionary allows several; UN for unknown and private data elements,
     * null for items and delimiters, which have no VR. The rules are in {@link AmbiguousVr}.
     */
    public VR vrOf(int tag, VrContext ctx) {
        Optional<Entry> e = lookup(tag);
        return e.isEmpty() ? VR.UN : AmbiguousVr.resolve(tag, e.get().vrs(), ctx);
    }
}
