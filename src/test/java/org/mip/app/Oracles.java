package org.mip.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The independent readers the end-to-end tests hold published files to: pydicom (system Python) and
 * dcmtk's dcmdump. Each returns null when the tool is not installed, so a test can skip that check.
 */
final class Oracles {
    static final String PYTHON = "/usr/bin/python3";
    static final String DCMDUMP = "/usr/bin/dcmdump";
    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * Per file: pydicom reads it whole (every element, at every depth, converted to text), the
     * markers, and whether the JSON sidecar (when given) loads as DICOM JSON into a data set with
     * the same SOP Instance UID.
     */
    private static final String SCRIPT = String.join("\n",
            "import json, sys, pydicom",
            "out = []",
            "args = sys.argv[1:]",
            "for i in range(0, len(args), 2):",
            "    f, sidecar = args[i], args[i + 1]",
            "    r = {'file': f}",
            "    try:",
            "        ds = pydicom.dcmread(f)",
            "        text = str(ds)",
            "        r['elements'] = len(list(ds.iterall()))",
            "        r['PatientIdentityRemoved'] = str(ds.get('PatientIdentityRemoved', ''))",
            "        r['DeidentificationMethod'] = str(ds.get('DeidentificationMethod', ''))",
            "        r['codes'] = len(ds.get('DeidentificationMethodCodeSequence', []))",
            "        r['sop'] = str(ds.get('SOPInstanceUID', ''))",
            "        if sidecar != '-':",
            "            with open(sidecar) as s:",
            "                js = pydicom.Dataset.from_json(s.read())",
            "            r['sidecarSop'] = str(js.get('SOPInstanceUID', ''))",
            "            r['sidecarRemoved'] = str(js.get('PatientIdentityRemoved', ''))",
            "    except Exception as e:",
            "        r['error'] = type(e).__name__ + ': ' + str(e)",
            "    out.append(r)",
            "print(json.dumps(out))");

    private Oracles() {
    }

    static boolean hasPydicom() {
        try {
            return PipelineHarness.run(java.util.Map.of(), Path.of("."), List.of(PYTHON, "-c", "import pydicom")).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** pydicom's reading of each (file, sidecar-or-null) pair; null when pydicom is missing. */
    static List<JsonNode> pydicom(Path workDir, List<Path[]> files) throws IOException, InterruptedException {
        if (!PipelineHarness.has(PYTHON) || !hasPydicom()) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", SCRIPT));
        for (Path[] pair : files) {
            command.add(pair[0].toString());
            command.add(pair[1] == null ? "-" : pair[1].toString());
        }
        PipelineHarness.Result r = PipelineHarness.run(java.util.Map.of(), workDir, command);
        if (r.exit() != 0) {
            throw new AssertionError("pydicom script failed: " + r.out());
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.out().lines().reduce((a, b) -> b).orElse("[]")).forEach(out::add);
        return out;
    }

    /** dcmdump's output for {@code file}; null when dcmdump is missing. */
    static PipelineHarness.Result dcmdump(Path file) throws IOException, InterruptedException {
        if (!PipelineHarness.has(DCMDUMP)) {
            return null;
        }
        return PipelineHarness.run(java.util.Map.of(), file.getParent(), List.of(DCMDUMP, "-q", file.toString()));
    }
}
