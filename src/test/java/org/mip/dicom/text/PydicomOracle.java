package org.mip.dicom.text;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mip.dicom.VR;
import org.mip.testing.Pydicom;

/**
 * Runs {@code pydicom_text.py} (test resource) with /usr/bin/python3. Tests call {@link #require()}
 * first, which skips them when Python or pydicom is missing.
 */
final class PydicomOracle {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One text element as pydicom sees it. */
    record Element(String file, String path, VR vr, List<String> terms, byte[] raw, List<String> values) {
        @Override
        public String toString() {
            return Path.of(file).getFileName() + " " + path + " " + vr + " " + terms;
        }
    }

    private final Path script;

    private PydicomOracle(Path script) {
        this.script = script;
    }

    static PydicomOracle require() {
        Pydicom.require();
        try {
            return new PydicomOracle(Path.of(PydicomOracle.class.getResource("pydicom_text.py").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every non-empty text element of the files, at every depth. */
    List<Element> dump(List<Path> files) {
        List<String> args = new ArrayList<>(List.of("dump"));
        files.forEach(f -> args.add(f.toString()));
        List<Element> out = new ArrayList<>();
        for (JsonNode n : run(args, "")) {
            List<String> terms = new ArrayList<>();
            n.get("terms").forEach(t -> terms.add(t.asText()));
            out.add(new Element(n.get("file").asText(), n.get("path").asText(), VR.ofName(n.get("vr").asText()),
                terms, HexFormat.of().parseHex(n.get("hex").asText()), values(n)));
        }
        return out;
    }

    /** The chr*.dcm files that ship inside pydicom. */
    List<Path> bundledCharsetFiles() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), "charset-files").start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return text.lines().filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** pydicom's values for each raw value, read as dcmread reads an element of that VR and charset. */
    List<List<String>> decode(List<List<String>> terms, List<VR> vrs, List<byte[]> raws) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < raws.size(); i++) {
            try {
                in.append(JSON.writeValueAsString(Map.of("terms", terms.get(i), "vr", vrs.get(i).name(),
                    "hex", HexFormat.of().formatHex(raws.get(i))))).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run(List.of("decode"), in.toString()).stream().map(PydicomOracle::values).toList();
    }

    private static List<String> values(JsonNode n) {
        List<String> v = new ArrayList<>();
        n.get("values").forEach(x -> v.add(x.asText()));
        return v;
    }

    private List<JsonNode> run(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>(Arrays.asList(PYTHON.toString(), script.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pydicom helper failed: " + args.get(0));
            }
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * How pydicom presents a decoded value, applied to our whole decoded string: split into values
     * (not LT/ST/UT), trailing NUL/space padding stripped, and for PN trailing empty component groups
     * dropped (str(PersonName)).
     */
    static List<String> presentedAsPydicom(String decoded, VR vr) {
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT) {
            return List.of(stripPadding(decoded));
        }
        if (vr == VR.PN) {
            List<String> names = new ArrayList<>();
            for (String name : stripPadding(decoded).split("\\\\", -1)) {
                List<String> groups = new ArrayList<>(Arrays.asList(name.split("=", -1)));
                while (!groups.isEmpty() && groups.get(groups.size() - 1).isEmpty()) {
                    groups.remove(groups.size() - 1);
                }
                names.add(String.join("=", groups));
            }
            return names;
        }
        return Arrays.stream(decoded.split("\\\\", -1)).map(PydicomOracle::stripPadding).toList();
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }
}
