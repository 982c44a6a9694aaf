package org.mip.dicom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.stream.Stream;
import java.nio.file.Files;

/** pydicom's view of a file, from src/test/resources/org/mip/dicom/io/pydicom_dump.py. */
final class Pydicom {

    /** One element: path as in {@link Flat}, VR, value (hex, sha256 or items=/fragments=), decoded text or null. */
    record Element(String path, String vr, String value, List<String> text) {
    }

    private Pydicom() {
    }

    private static final Map<String, JsonNode> CACHE = new HashMap<>();

    /**
     * The elements pydicom reads, or throws with pydicom's error. Files in the same folder are dumped by
     * one Python process (starting one per file would cost most of a second each).
     */
    static synchronized List<Element> dump(Path file) {
        String k = file.toString();
        JsonNode root = CACHE.get(k);
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
                all.properties().forEach(f -> CACHE.putIfAbsent(f.getKey(), f.getValue()));
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
}
