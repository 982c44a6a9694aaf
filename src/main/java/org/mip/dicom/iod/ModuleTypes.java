package org.mip.dicom.iod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    private final Set<Integer> known;
    private final Set<Integer> required;
    private final Map<String, Iod> iods = new ConcurrentHashMap<>();

    /** One IOD's modules merged: the strictest Type per path, and the open places. */
    private record Iod(Map<List<Integer>, AttributeType> types, Set<List<Integer>> open) {
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
        this.known = Set.copyOf(k);
        this.required = Set.copyOf(r);
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
     * The Type of the attribute at {@code tagPath} (sequence tags from the top level, then the
     * attribute) in the IOD of {@code sopClassUid}; {@link AttributeType#NOT_IN_IOD} when no module
     * of the IOD names it there, or when the SOP class is unknown (see {@link #knowsSopClass}).
     */
    public AttributeType typeIn(String sopClassUid, List<Integer> tagPath) {
        Iod iod = iod(sopClassUid);
        if (iod == null || tagPath.isEmpty()) {
            return AttributeType.NOT_IN_IOD;
        }
        return iod.types.getOrDefault(normalised(tagPath), AttributeType.NOT_IN_IOD);
    }

    /** Whether the attribute is Type 1, 1C, 2 or 2C anywhere: in any module of any IOD, at any depth. */
    public boolean requiredInAnyIod(int tag) {
        return required.contains(normalised(tag));
    }

    /** Whether the data holds the IOD of this SOP class (a class of the 2008 edition). */
    public boolean knowsSopClass(String sopClassUid) {
        return sopClassUid != null && iodOfSopClass.containsKey(sopClassUid);
    }

    /** Whether any module of any IOD of the 2008 edition names the attribute (else it may be newer). */
    public boolean knowsAttribute(int tag) {
        return known.contains(normalised(tag));
    }

    /**
     * Whether {@link #typeIn} can be trusted at this place: the SOP class is known, the attribute is
     * one the edition knows, and no sequence on the way (nor the top level) holds content the data
     * could not describe. Where this is false, NOT_IN_IOD means "unknown", not "optional".
     */
    public boolean describes(String sopClassUid, List<Integer> tagPath) {
        Iod iod = iod(sopClassUid);
        if (iod == null || tagPath.isEmpty() || !knowsAttribute(tagPath.get(tagPath.size() - 1))) {
            return false;
        }
        List<Integer> path = normalised(tagPath);
        for (int i = 0; i < path.size(); i++) {
            if (iod.open.contains(path.subList(0, i))) {
                return false;
            }
        }
        return true;
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
        List<Integer> parent = normalised(sequencePath);
        Map<Integer, AttributeType> out = new TreeMap<>(Integer::compareUnsigned);
        for (Map.Entry<List<Integer>, AttributeType> e : iod.types.entrySet()) {
            List<Integer> p = e.getKey();
            if (p.size() == parent.size() + 1 && p.subList(0, parent.size()).equals(parent)) {
                out.put(p.get(p.size() - 1), e.getValue());
            }
        }
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
        return new Iod(Map.copyOf(types), Set.copyOf(open));
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

    private static List<Integer> path(String text) throws IOException {
        String[] tags = text.split("/");
        List<Integer> out = new ArrayList<>(tags.length);
        for (String t : tags) {
            if (!t.matches("[0-9A-Fx]{8}")) {
                throw new IOException(RESOURCE + ": odd tag \"" + t + "\" in path " + text);
            }
            out.add(Integer.parseUnsignedInt(t.replace('x', '0'), 16));
        }
        return List.copyOf(out);
    }
}
