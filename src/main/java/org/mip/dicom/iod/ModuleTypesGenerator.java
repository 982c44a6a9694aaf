package org.mip.dicom.iod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.dicom.dict.ResourceLines;

/**
 * Turns GDCM's PS3.3 XML ({@link Part3Xml}) into the committed resource
 * {@code org/mip/dicom/iod/module-types.txt}: for each composite IOD (the A.* tables) its modules
 * and their usage, the SOP classes that instantiate it ({@link SopClassIods}), and for each of
 * those modules every attribute with its Type at its place, macros expanded and nesting kept as
 * the path of sequence tags. Where a table's content cannot be expanded (a macro the XML does
 * not hold, "Include one or more Functional Group Macros", a macro that includes itself beyond
 * {@link #RECURSION} levels) the
 * place is marked open, so the loader can tell "not in the IOD" from "not described here".
 * The output depends only on the XML, so a test regenerates it and compares.
 */
public final class ModuleTypesGenerator {

    static final String DEFAULT_INPUT = "/usr/share/gdcm-3.0/XML/Part3.xml";
    static final String OUTPUT = "src/main/resources/org/mip/dicom/iod/" + ModuleTypes.RESOURCE;
    static final String COMMAND = "mvn -q -B compile && java -cp target/classes "
            + ModuleTypesGenerator.class.getName() + " " + DEFAULT_INPUT + " " + OUTPUT;

    /**
     * How many times a macro may be under expansion at once. The Document Relationship Macro includes
     * itself (SR content trees): its content is written out this many levels deep, then marked open.
     */
    static final int RECURSION = 8;

    private ModuleTypesGenerator() {
    }

    /** Usage: {@code ModuleTypesGenerator <Part3.xml> <module-types.txt>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ModuleTypesGenerator <Part3.xml> <output module-types.txt>");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, generate(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    public static String generate(Path xmlPath) throws IOException {
        return generate(xmlPath, SopClassIods.BY_UID);
    }

    /** As {@link #generate(Path)}, with {@code sopClassIods} (SOP Class UID → IOD table) as the mapping. */
    static String generate(Path xmlPath, Map<String, String> sopClassIods) throws IOException {
        Part3Xml xml = Part3Xml.read(xmlPath);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> s : sopClassIods.entrySet()) {
            if (!xml.iods().containsKey(s.getValue())) {
                throw new IOException("SOP class " + s.getKey() + ": IOD table " + s.getValue() + " is not in " + xmlPath.getFileName());
            }
            lines.add("S " + s.getKey() + " " + s.getValue());
        }
        Set<String> moduleRefs = new LinkedHashSet<>();
        for (Part3Xml.Iod iod : xml.iods().values()) {
            if (!iod.id().startsWith("A.")) {
                continue; // normalized (B), directory (F) and private IODs: no Types of composite instances
            }
            List<String> uses = new ArrayList<>();
            for (Part3Xml.ModuleUse use : iod.modules()) {
                if (!xml.modules().containsKey(use.ref())) {
                    throw new IOException("IOD " + iod.id() + ": module " + use.ref() + " is not in " + xmlPath.getFileName());
                }
                if (!use.usage().matches("[MUC]")) {
                    throw new IOException("IOD " + iod.id() + ": module " + use.ref() + " has usage \"" + use.usage() + "\"");
                }
                uses.add(use.ref() + "=" + use.usage());
                moduleRefs.add(use.ref());
            }
            lines.add("I " + iod.id() + " " + String.join(",", uses) + " " + ResourceLines.write(iod.name(), true));
        }
        int attributes = 0;
        int opens = 0;
        for (String ref : moduleRefs) {
            Part3Xml.Table module = xml.tables().get(xml.modules().get(ref));
            Expansion x = new Expansion(xml);
            x.expand(module, List.of(), new ArrayDeque<>(List.of(module.id())));
            lines.add("M " + ref + " " + module.id() + " " + ResourceLines.write(module.name(), true));
            for (Map.Entry<String, AttributeType> a : x.types.entrySet()) {
                lines.add("A " + a.getKey() + " " + a.getValue().code());
                attributes++;
            }
            for (String open : x.open) {
                lines.add("O " + (open.isEmpty() ? ResourceLines.EMPTY : open));
                opens++;
            }
        }
        StringBuilder out = new StringBuilder(lines.size() * 24);
        out.append("# DICOM PS3.3 attribute Types by IOD and module, edition ").append(xml.edition()).append('\n')
           .append("# GENERATED by ").append(ModuleTypesGenerator.class.getName()).append(" - do not edit by hand.\n")
           .append("# Source: GDCM ").append(xmlPath.getFileName()).append(" sha256 ").append(xml.sha256())
           .append(" (Debian libgdcm3.0, ").append(DEFAULT_INPUT).append(")\n")
           .append("# Regenerate: ").append(COMMAND).append('\n')
           .append("# Lines: S sopClassUid iodTable  |  I iodTable module=usage,... name  |  M module table name\n")
           .append("#   then for that module: A path type  |  O path (content not described: an unexpanded macro; - = the top level)\n")
           .append("#   path: tags GGGGEEEE from the top level to the attribute, joined by /; x = any hex digit (60xx)\n")
           .append("#   usage M mandatory, C conditional, U user option; type 1 1C 2 2C 3 (the strictest where a path repeats)\n")
           .append("# attributes: ").append(attributes).append(", open places: ").append(opens).append('\n')
           .append(ResourceLines.ROWS).append(lines.size()).append('\n');
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** One module's rows with its macros expanded in place. */
    private static final class Expansion {
        final Part3Xml xml;
        final Map<String, AttributeType> types = new LinkedHashMap<>();
        final Set<String> open = new LinkedHashSet<>();

        Expansion(Part3Xml xml) {
            this.xml = xml;
        }

        /**
         * Adds {@code table}'s rows below the sequence at {@code parent} (empty: the top level);
         * {@code macros} are the macros being expanded, so one that includes itself is followed only
         * {@link #RECURSION} times.
         * Returns the nesting at the end of the table: a table may add rows to a sequence that a macro
         * it included opened (Image Reference Macro: {@code >Referenced Frame Number}).
         */
        List<String> expand(Part3Xml.Table table, List<String> parent, Deque<String> macros) throws IOException {
            int base = parent.size();
            List<String> stack = new ArrayList<>(parent);
            for (Part3Xml.Row row : table.rows()) {
                int depth = base + row.depth();
                if (depth > stack.size()) {
                    // nesting below a row that is not there (a transcription slip): its parent is unknown
                    open.add(String.join("/", stack));
                    continue;
                }
                stack.subList(depth, stack.size()).clear();
                if (row instanceof Part3Xml.Entry e) {
                    stack.add(e.tag());
                    if (e.type() != null && !e.type().isEmpty()) {
                        AttributeType t;
                        try {
                            t = AttributeType.of(e.type());
                        } catch (IllegalArgumentException ex) {
                            throw new IOException("table " + table.id() + ", " + e.tag() + ": " + ex.getMessage(), ex);
                        }
                        types.merge(String.join("/", stack), t, AttributeType::stricter);
                    }
                } else if (row instanceof Part3Xml.Include inc) {
                    Part3Xml.Table macro = xml.macro(inc);
                    if (macro == null || Collections.frequency(macros, macro.id()) >= RECURSION) {
                        open.add(String.join("/", stack));
                    } else {
                        macros.push(macro.id());
                        List<String> end = expand(macro, List.copyOf(stack), macros);
                        macros.pop();
                        stack = new ArrayList<>(end);
                    }
                }
            }
            return stack;
        }
    }
}
