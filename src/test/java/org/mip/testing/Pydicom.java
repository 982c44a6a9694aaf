package org.mip.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * pydicom under the system Python, an independent reader of DICOM: a snippet's output
 * ({@link #run}), a file's elements as pydicom reads them ({@link #dump}), whether files read whole
 * ({@link #read}). A test that needs it skips when Python or pydicom is missing.
 */
public final class Pydicom {
    private static Boolean available;
    private static final Map<String, JsonNode> DUMPS = new HashMap<>();

    private Pydicom() {
    }

    /** Skips the calling test unless pydicom imports under {@link Tools#PYTHON}. */
    public static synchronized void require() {
        if (available == null) {
            available = Tools.find(Tools.PYTHON) != null && Tools.run(Tools.PYTHON, "-c", "import pydicom").exit() == 0;
        }
        assumeTrue(available, "pydicom not installed for " + Tools.PYTHON);
    }

    /** The stdout lines of {@code script} (pydicom imported first). */
    public static List<String> run(String script) {
        require();
        Tools.Result r = Tools.run(Tools.PYTHON, "-c", "import pydicom\n" + script);
        if (r.exit() != 0) {
            throw new AssertionError("the pydicom script failed (exit " + r.exit() + "): " + r.stderr());
        }
        return new String(r.stdout(), StandardCharsets.UTF_8).lines().toList();
    }

    /** One element: its path in dump notation, VR, value (hex, sha256 or items=/fragments=), decoded text or null. */
    public record Element(String path, String vr, String value, List<String> text) {
    }

    /**
     * The elements pydicom reads (resource pydicom_dump.py), or throws with pydicom's error. Files in
     * the same folder are dumped by one Python process (starting one per file costs most of a second).
     */
    public static synchronized List<Element> dump(Path file) {
        require();
        String k = file.toString();
        JsonNode root = DUMPS.get(k);
        if (root == null) {
            List<String> cmd = new ArrayList<>(List.of(Tools.PYTHON, "-W", "ignore", Tools.resourceFile("pydicom_dump.py")));
            List<String> batch = new ArrayList<>();
            try (Stream<Path> s = Files.list(file.getParent())) {
                s.filter(f -> !f.toString().endsWith(".md") && Files.isRegularFile(f)).forEach(f -> batch.add(f.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!batch.contains(k)) {
                batch.add(k);
            }
            cmd.addAll(batch);
            Tools.Result r = Tools.run(cmd);
            try {
                JsonNode all = new ObjectMapper().readTree(r.stdout());
                all.properties().forEach(f -> DUMPS.putIfAbsent(f.getKey(), f.getValue()));
                root = all.get(k);
            } catch (IOException e) {
                throw new UncheckedIOException("pydicom_dump.py printed no JSON; stderr: " + r.stderr(), e);
            }
        }
        if (root == null || root.has("error")) {
            throw new IllegalStateException("pydicom cannot read " + file.getFileName() + ": "
                    + (root == null ? "no output" : root.get("error").asText()));
        }
        List<Element> out = new ArrayList<>();
        for (JsonNode e : root.get("elements")) {
            List<String> text = null;
            if (!e.get(3).isNull()) {
                text = new ArrayList<>();
                for (JsonNode t : e.get(3)) {
                    text.add(t.asText());
                }
            }
            out.add(new Element(e.get(0).asText(), e.get(1).asText(), e.get(2).asText(), text));
        }
        return out;
    }

    /**
     * Reads every file with pydicom (all elements, nested ones too, decoded to Python values): one line
     * per file, "OK &lt;path&gt;" or "FAIL &lt;path&gt; &lt;error&gt;".
     */
    public static List<String> read(List<Path> files) {
        require();
        List<String> cmd = new ArrayList<>(List.of(Tools.PYTHON, "-c", String.join("\n",
                "import sys, warnings",
                "warnings.simplefilter('ignore')",
                "import pydicom",
                "def walk(ds):",
                "    for e in ds:",
                "        if e.VR == 'SQ':",
                "            for i in e.value: walk(i)",
                "        else:",
                "            str(e.value)",
                "for f in sys.argv[1:]:",
                "    try:",
                "        ds = pydicom.dcmread(f)",
                "        walk(ds.file_meta)",
                "        walk(ds)",
                "        print('OK ' + f)",
                "    except Exception as ex:",
                "        print('FAIL ' + f + ' ' + type(ex).__name__ + ': ' + str(ex).replace(chr(10), ' '))")));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return Tools.run(120, cmd).out().lines().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).toList();
    }
}
