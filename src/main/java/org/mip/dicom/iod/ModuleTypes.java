package org.mip.dicom.iod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.mip.dicom.dict.ResourceLines;

/**
 * PS3.3 facts as data: the Type of each attribute at its place (the path of sequence tags from the
 * top level) in the IOD of a SOP class, loaded from the resource {@link ModuleTypesGenerator}
 * makes of GDCM's PS3.3 XML (edition 2008). Thread-safe and immutable once loaded.
 *
 * <p>Within an IOD, an attribute that several modules name takes the strictest Type any of them
 * gives, whatever the module's usage: an attribute present in an instance is taken to belong to a
 * module that is present. The data is old: SOP classes, modules and attributes defined after 2008
 * are unknown, and a few macros could not be expanded (marked open). {@link #describes} says
 * whether the data can speak for a place; where it cannot, callers keep a rule that does not
 * depend on it.
 */
public final class ModuleTypes {
    static final String RESOURCE = "module-types.txt";

    private static volatile ModuleTypes standard;

    private final Map<String, String> iodOfSopClass;
    private final Map<String, List<String>> modulesOfIod;
    private final Map<String, Map<List<Integer>, AttributeType>> typesOfModule;
    private final Map<String, Set<List<Integer>>> openOfModule;
    /** Tags any module names, and those some module requires (Type 1, 1C, 2, 2C): sorted, for a binary search. */
    private final int[] known;
    private final int[] required;
    private final Map<String, Iod> iods = new ConcurrentHashMap<>();

    /**
     * One IOD's modules merged: the open places, and the attributes of each place with their strictest
     * Type ({@code items}, keyed by the sequence path, the top level being the empty path; every place
     * with something below it has a key), and the top-level scope its walks start from.
     */
    private final class Iod {
        final Set<List<Integer>> open;
        final Map<List<Integer>, Map<Integer, AttributeType>> items;
        final Scope top;

        Iod(Set<List<Integer>> open, Map<List<Integer>, Map<Integer, AttributeType>> items) {
            this.open = open;
            this.items = items;
            this.top = new Scope(this, List.of(), !open.contains(List.of()));
        }
    }

    private ModuleTypes(Map<String, String> iodOfSopClass, Map<String, List<String>> modulesOfIod,
                        Map<String, Map<List<Integer>, AttributeType>> typesOfModule,
                        Map<String, Set<List<Integer>>> openOfModule) {
        this.iodOfSopClass = iodOfSopClass;
        this.modulesOfIod = modulesOfIod;
        this.typesOfModule = typesOfModule;
        this.openOfModule = openOfModule;
        Set<Integer> k = new HashSet<>();
        Set<Integer> r = new HashSet<>();
        for (Map<List<Integer>, AttributeType> m : typesOfModule.values()) {
            for (Map.Entry<List<Integer>, AttributeType> e : m.entrySet()) {
                int tag = e.getKey().get(e.getKey().size() - 1);
                k.add(tag);
                if (e.getValue().required()) {
                    r.add(tag);
                }
            }
        }
        this.known = sorted(k);
        this.required = sorted(r);
    }

    private static int[] sorted(Set<Integer> tags) {
        int[] a = tags.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** The Types of the 2008 edition, from the committed resource. */
    public static ModuleTypes standard() {
        ModuleTypes s = standard;
        if (s == null) {
            synchronized (ModuleTypes.class) {
                s = standard;
                if (s == null) {
                    try {
                        s = parse(ResourceLines.read(ModuleTypes.class, RESOURCE));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the PS3.3 Types resource does not load", e);
                    }
                    standard = s;
                }
            }
        }
        return s;
    }

    /**
     * Starts loading {@link #standard} on a daemon thread and returns at once, for a command that
     * knows it will de-identify soon: the load takes 50-70 ms of a cold JVM, which the first instance
     * would otherwise wait for (and every worker with it). A failure is left for that first use to report.
     */
    public static void loadInBackground() {
        if (standard == null) {
            Thread t = new Thread(() -> {
                try {
                    standard();
                } catch (RuntimeException e) {
                    // reported where the data is needed, with the file that needs it
                }
            }, "mip-module-types");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The Type of the attribute at {@code tagPath} (sequence tags from the top level, then the
     * attribute) in the IOD of {@code sopClassUid}; {@link AttributeType#NOT_IN_IOD} when no module
     * of the IOD names it there, or when the SOP class is unknown (see {@link #knowsSopClass}).
     */
    public AttributeType typeIn(String sopClassUid, List<Integer> tagPath) {
        Scope s = scopeAbove(sopClassUid, tagPath);
        return s == null ? AttributeType.NOT_IN_IOD : s.typeOf(tagPath.get(tagPath.size() - 1));
    }

    /** Whether the attribute is Type 1, 1C, 2 or 2C anywhere: in any module of any IOD, at any depth. */
    public boolean requiredInAnyIod(int tag) {
        return Arrays.binarySearch(required, normalised(tag)) >= 0;
    }

    /** Whether the data holds the IOD of this SOP class (a class of the 2008 edition). */
    public boolean knowsSopClass(String sopClassUid) {
        return sopClassUid != null && iodOfSopClass.containsKey(sopClassUid);
    }

    /** Whether any module of any IOD of the 2008 edition names the attribute (else it may be newer). */
    public boolean knowsAttribute(int tag) {
        return Arrays.binarySearch(known, normalised(tag)) >= 0;
    }

    /**
     * Whether {@link #typeIn} can be trusted at this place: the SOP class is known, the attribute is
     * one the edition knows, and no sequence on the way (nor the top level) holds content the data
     * could not describe. Where this is false, NOT_IN_IOD means "unknown", not "optional".
     */
    public boolean describes(String sopClassUid, List<Integer> tagPath) {
        Scope s = scopeAbove(sopClassUid, tagPath);
        return s != null && s.describes(tagPath.get(tagPath.size() - 1));
    }

    /** The scope of the data set holding the last attribute of {@code tagPath}; null when the class is unknown or the path empty. */
    private Scope scopeAbove(String sopClassUid, List<Integer> tagPath) {
        Scope s = scope(sopClassUid);
        if (s == null || tagPath.isEmpty()) {
            return null;
        }
        for (int i = 0; i < tagPath.size() - 1; i++) {
            s = s.inside(tagPath.get(i));
        }
        return s;
    }

    /**
     * The top level of the IOD of {@code sopClassUid}, where a walk of an instance starts; null when
     * the data does not hold the class ({@link #knowsSopClass}).
     */
    public Scope scope(String sopClassUid) {
        Iod iod = iod(sopClassUid);
        return iod == null ? null : iod.top;
    }

    /**
     * What the data says of the attributes of one data set of an instance: the top level of its IOD,
     * or the items of the sequence at one place in it. A walk resolves it once per data set (a
     * sequence's items share their scope), so each attribute's question is a search in a sorted array,
     * not a path built and hashed: this runs for most elements of every instance. Immutable.
     */
    public final class Scope {
        private final Iod iod;
        private final List<Integer> path;
        private final boolean described;
        private final int[] tags;
        private final AttributeType[] types;
        private final Map<Integer, Scope> inner = new ConcurrentHashMap<>();

        private Scope(Iod iod, List<Integer> path, boolean described) {
            this.iod = iod;
            this.path = path;
            this.described = described;
            Map<Integer, AttributeType> here = iod.items.getOrDefault(path, Map.of());
            this.tags = sorted(here.keySet());
            this.types = new AttributeType[tags.length];
            for (int i = 0; i < tags.length; i++) {
                types[i] = here.get(tags[i]);
            }
        }

        /**
         * The items of sequence {@code sequenceTag} here. Below a place the data knows nothing of, the
         * same scope stands for every depth. Only places the data describes are cached, so the cache
         * is bounded by the data, whatever sequences the inputs hold.
         */
        public Scope inside(int sequenceTag) {
            if (!iod.items.containsKey(path)) {
                return this; // nothing known here, so nothing below: the same answer all the way down
            }
            int tag = normalised(sequenceTag);
            Scope cached = inner.get(tag);
            if (cached != null) {
                return cached;
            }
            List<Integer> p = new ArrayList<>(path.size() + 1);
            p.addAll(path);
            p.add(tag);
            List<Integer> child = List.copyOf(p);
            Scope s = new Scope(iod, child, described && !iod.open.contains(child));
            if (iod.items.containsKey(child)) {
                inner.putIfAbsent(tag, s);
            }
            return s;
        }

        /**
         * Whether {@link #typeOf} can be trusted for {@code tag} here: the edition knows the attribute,
         * and no sequence on the way (nor the top level) holds content the data could not describe.
         */
        public boolean describes(int tag) {
            return described && knowsAttribute(tag);
        }

        /** The Type of {@code tag} here; {@link AttributeType#NOT_IN_IOD} when no module names it here. */
        public AttributeType typeOf(int tag) {
            int i = Arrays.binarySearch(tags, normalised(tag));
            return i >= 0 ? types[i] : AttributeType.NOT_IN_IOD;
        }
    }

    /**
     * The attributes an item of the sequence at {@code sequencePath} may hold in the IOD of
     * {@code sopClassUid}, with their Types, in tag order; empty when the class or the place is unknown.
     */
    public Map<Integer, AttributeType> itemAttributes(String sopClassUid, List<Integer> sequencePath) {
        Iod iod = iod(sopClassUid);
        if (iod == null) {
            return Map.of();
        }
        Map<Integer, AttributeType> out = new TreeMap<>(Integer::compareUnsigned);
        out.putAll(iod.items.getOrDefault(normalised(sequencePath), Map.of()));
        return Collections.unmodifiableMap(out);
    }

    private Iod iod(String sopClassUid) {
        String table = sopClassUid == null ? null : iodOfSopClass.get(sopClassUid);
        return table == null ? null : iods.computeIfAbsent(table, this::merge);
    }

    private Iod merge(String table) {
        Map<List<Integer>, AttributeType> types = new HashMap<>();
        Set<List<Integer>> open = new HashSet<>();
        for (String module : modulesOfIod.get(table)) {
            typesOfModule.get(module).forEach((path, type) -> types.merge(path, type, AttributeType::stricter));
            open.addAll(openOfModule.get(module));
        }
        Map<List<Integer>, Map<Integer, AttributeType>> items = new HashMap<>();
        types.forEach((path, type) -> {
            items.computeIfAbsent(path.subList(0, path.size() - 1), p -> new HashMap<>()).put(path.get(path.size() - 1), type);
            for (int i = 1; i < path.size(); i++) {
                items.computeIfAbsent(path.subList(0, i), p -> new HashMap<>()); // a place with something below it
            }
        });
        Map<List<Integer>, Map<Integer, AttributeType>> frozen = new HashMap<>();
        items.forEach((p, m) -> frozen.put(List.copyOf(p), Map.copyOf(m)));
        return new Iod(Set.copyOf(open), Map.copyOf(frozen));
    }

    /** Repeating groups (overlays 60xx, curves 50xx) as the tables write them: the group's base. */
    private static int normalised(int tag) {
        int group = tag >>> 16;
        if ((group & 0xFF01) == 0x6000 || (group & 0xFF01) == 0x5000) {
            return (tag & 0xFF00FFFF);
        }
        return tag;
    }

    private static List<Integer> normalised(List<Integer> path) {
        List<Integer> out = new ArrayList<>(path.size());
        for (int tag : path) {
            out.add(normalised(tag));
        }
        return out;
    }

    // ------------------------------------------------------------------ the resource

    static ModuleTypes parse(String text) throws IOException {
        Map<String, String> sop = new LinkedHashMap<>();
        Map<String, List<String>> iodModules = new LinkedHashMap<>();
        Map<String, Map<List<Integer>, AttributeType>> types = new LinkedHashMap<>();
        Map<String, Set<List<Integer>>> open = new LinkedHashMap<>();
        int declared = -1;
        int rows = 0;
        String module = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(ResourceLines.ROWS)) {
                declared = Integer.parseInt(line.substring(ResourceLines.ROWS.length()).strip());
                continue;
            }
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            rows++;
            String kind = line.substring(0, Math.min(2, line.length()));
            switch (kind) {
                case "S " -> {
                    String[] f = ResourceLines.split(line, 3);
                    sop.put(f[1], f[2]);
                }
                case "I " -> {
                    String[] f = ResourceLines.split(line, 4);
                    List<String> refs = new ArrayList<>();
                    for (String use : f[2].split(",")) {
                        refs.add(use.substring(0, use.indexOf('=')));
                    }
                    iodModules.put(f[1], List.copyOf(refs));
                }
                case "M " -> {
                    module = ResourceLines.split(line, 4)[1];
                    types.put(module, new HashMap<>());
                    open.put(module, new HashSet<>());
                }
                case "A " -> {
                    String[] f = ResourceLines.split(line, 3);
                    requireModule(module, line);
                    try {
                        types.get(module).put(path(f[1]), AttributeType.of(f[2]));
                    } catch (IllegalArgumentException e) {
                        throw new IOException(RESOURCE + ": \"" + line + "\": " + e.getMessage(), e);
                    }
                }
                case "O " -> {
                    String[] f = ResourceLines.split(line, 2);
                    requireModule(module, line);
                    open.get(module).add(f[1].equals(ResourceLines.EMPTY) ? List.of() : path(f[1]));
                }
                default -> throw new IOException("unknown line in " + RESOURCE + ": \"" + line + "\"");
            }
        }
        if (declared != rows) {
            throw new IOException(RESOURCE + ": " + rows + " rows, the header declares " + declared);
        }
        for (Map.Entry<String, List<String>> iod : iodModules.entrySet()) {
            for (String m : iod.getValue()) {
                if (!types.containsKey(m)) {
                    throw new IOException(RESOURCE + ": IOD " + iod.getKey() + " names module " + m + ", which is not there");
                }
            }
        }
        for (Map.Entry<String, String> s : sop.entrySet()) {
            if (!iodModules.containsKey(s.getValue())) {
                throw new IOException(RESOURCE + ": SOP class " + s.getKey() + " names IOD " + s.getValue() + ", which is not there");
            }
        }
        Map<String, Map<List<Integer>, AttributeType>> frozenTypes = new HashMap<>();
        types.forEach((k, v) -> frozenTypes.put(k, Map.copyOf(v)));
        Map<String, Set<List<Integer>>> frozenOpen = new HashMap<>();
        open.forEach((k, v) -> frozenOpen.put(k, Set.copyOf(v)));
        return new ModuleTypes(Map.copyOf(sop), Map.copyOf(iodModules), Map.copyOf(frozenTypes), Map.copyOf(frozenOpen));
    }

    private static void requireModule(String module, String line) throws IOException {
        if (module == null) {
            throw new IOException(RESOURCE + ": \"" + line + "\" before any module line");
        }
    }

    /** "GGGGEEEE/GGGGEEEE/...", x read as 0; parsed by hand: the resource has thousands of paths. */
    private static List<Integer> path(String text) throws IOException {
        int n = (text.length() + 1) / 9;
        if (text.length() != n * 9 - 1) {
            throw new IOException(RESOURCE + ": odd path \"" + text + "\"");
        }
        Integer[] tags = new Integer[n];
        for (int i = 0; i < n; i++) {
            int tag = 0;
            for (int j = i * 9; j < i * 9 + 8; j++) {
                char c = text.charAt(j);
                int d = c == 'x' ? 0 : Character.digit(c, 16);
                if (d < 0 || Character.isLowerCase(c) && c != 'x') {
                    throw new IOException(RESOURCE + ": odd tag in path \"" + text + "\"");
                }
                tag = tag << 4 | d;
            }
            if (i < n - 1 && text.charAt(i * 9 + 8) != '/') {
                throw new IOException(RESOURCE + ": odd path \"" + text + "\"");
            }
            tags[i] = tag;
        }
        return List.of(tags);
    }
}
