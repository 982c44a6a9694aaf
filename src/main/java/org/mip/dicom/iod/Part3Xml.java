package org.mip.dicom.iod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * GDCM's transcription of PS3.3 ({@code /usr/share/gdcm-3.0/XML/Part3.xml}, Debian
 * {@code libgdcm3.0}): the IOD tables (modules and their usage), the module and macro tables
 * (attributes with their Type, nesting written as leading {@code >} in the name) and the macro
 * inclusions ({@code <include ref="&gt;Include 'Code Sequence Macro' Table 8.8-1">}), read as they
 * are. Used only by {@link ModuleTypesGenerator}, never at run time.
 *
 * @param edition the {@code edition} attribute of the root ("2008")
 * @param sha256  hex SHA-256 of the file, so the resource can be traced to its input
 * @param tables  module and macro tables by table id ("C.7-1", "8.8-1")
 * @param modules module table ids by the module's section reference ("C.7.1.1" → "C.7-1")
 * @param iods    IOD tables by table id ("A.33.1-1")
 */
record Part3Xml(String edition, String sha256, Map<String, Table> tables, Map<String, String> modules,
                Map<String, Iod> iods) {

    /** A row of a module or macro table: an attribute, or an inclusion of a macro. */
    sealed interface Row permits Entry, Include {
        /** How many {@code >} precede it: 0 at the table's top level. */
        int depth();
    }

    /** An attribute: {@code tag} as written ("00100010", "60xx0010"), {@code type} null where the table gives none. */
    record Entry(int depth, String tag, String name, String type) implements Row {
    }

    /** An inclusion: {@code ref} is the row's text, which names the macro. */
    record Include(int depth, String ref) implements Row {
    }

    /** A module ({@code module} true) or macro table. */
    record Table(String id, String name, boolean module, List<Row> rows) {
    }

    /** An IOD's table: its modules as (section reference, usage "M", "U" or "C"). */
    record Iod(String id, String name, List<ModuleUse> modules) {
    }

    record ModuleUse(String ref, String usage) {
    }

    private static final Pattern TABLE_ID = Pattern.compile("Table\\s+([A-Z]?\\.?[0-9][0-9A-Za-z.\\-]*)");
    private static final Pattern QUOTED = Pattern.compile("'+\\s*([^']+?)\\s*'");
    private static final Pattern UNQUOTED = Pattern.compile("Include\\s+(.+?)\\s+Table");

    static Part3Xml read(Path xml) throws IOException {
        byte[] bytes = Files.readAllBytes(xml);
        Document doc;
        try (InputStream in = Files.newInputStream(xml)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(xml.getFileName() + ": not the expected XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("tables") || !root.getAttribute("edition").matches("[0-9]{4}[a-z]?")) {
            throw new IOException(xml.getFileName() + ": expected <tables edition=\"YYYY\">, found <"
                    + root.getTagName() + " edition=\"" + root.getAttribute("edition") + "\">");
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, String> modules = new LinkedHashMap<>();
        Map<String, Iod> iods = new LinkedHashMap<>();
        for (Element el : children(root)) {
            switch (el.getTagName()) {
                case "module", "macro" -> {
                    Table t = table(el);
                    if (tables.put(t.id(), t) != null) {
                        throw new IOException("table " + t.id() + " appears twice");
                    }
                    if (t.module() && modules.put(el.getAttribute("ref"), t.id()) != null) {
                        throw new IOException("module " + el.getAttribute("ref") + " appears twice");
                    }
                }
                case "iod" -> {
                    List<ModuleUse> uses = new ArrayList<>();
                    for (Element e : children(el)) {
                        String usage = e.getAttribute("usage").strip();
                        uses.add(new ModuleUse(e.getAttribute("ref"), usage.isEmpty() ? "?" : usage.substring(0, 1)));
                    }
                    iods.put(el.getAttribute("table"), new Iod(el.getAttribute("table"), el.getAttribute("name"), List.copyOf(uses)));
                }
                default -> {
                    // no other top-level tables carry Types
                }
            }
        }
        return new Part3Xml(root.getAttribute("edition"), sha256(bytes), tables, modules, iods);
    }

    private static Table table(Element el) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Element r : children(el)) {
            if (r.getTagName().equals("entry")) {
                String tag = (r.getAttribute("group") + r.getAttribute("element")).toUpperCase(Locale.ROOT).replace('X', 'x');
                if (!tag.matches("[0-9A-Fx]{8}")) {
                    throw new IOException("table " + el.getAttribute("table") + ": odd tag \"" + tag + "\"");
                }
                String type = r.hasAttribute("type") ? r.getAttribute("type").strip() : null;
                String name = r.getAttribute("name");
                rows.add(new Entry(depth(name), tag, name.replaceFirst("^[>\\s]+", ""), type));
            } else if (r.getTagName().equals("include")) {
                rows.add(new Include(depth(r.getAttribute("ref")), r.getAttribute("ref")));
            }
        }
        return new Table(el.getAttribute("table"), el.getAttribute("name"), el.getTagName().equals("module"), List.copyOf(rows));
    }

    /** The macro an inclusion names: by its table number, else by its name; null when neither finds one. */
    Table macro(Include inc) {
        Matcher id = TABLE_ID.matcher(inc.ref());
        if (id.find()) {
            Table t = tables.get(id.group(1).replaceAll("\\.+$", ""));
            if (t != null) {
                return t;
            }
        }
        Matcher quoted = QUOTED.matcher(inc.ref());
        Matcher unquoted = UNQUOTED.matcher(inc.ref());
        String name = quoted.find() ? quoted.group(1) : unquoted.find() ? unquoted.group(1) : null;
        if (name == null) {
            return null;
        }
        String wanted = normalised(name);
        Table contains = null;
        int containing = 0;
        for (Table t : tables.values()) {
            String n = normalised(t.name());
            if (t.module() || wanted.isEmpty()) {
                continue;
            }
            if (n.equals(wanted)) {
                return t;
            }
            if (n.contains(wanted)) {
                contains = t;
                containing++;
            }
        }
        return containing == 1 ? contains : null;
    }

    /** A table's or an inclusion's name for matching: letters and digits, without "macro", "attributes", "description". */
    static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                .replace("macro", "").replace("attributes", "").replace("description", "");
    }

    private static int depth(String name) {
        int d = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '>') {
                d++;
            } else if (!Character.isWhitespace(c)) {
                break;
            }
        }
        return d;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
