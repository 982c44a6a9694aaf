package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.tag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.text.TextScrubbers;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;

/**
 * The unlisted-attribute corpus ({@link UnlistedCorpus}) through the shipped profiles with the
 * product's own text cleaner, in Latin-1 and UTF-8: not one planted value in the output bytes, except
 * what an option in force is allowed to keep (Retain Institution Identity: the institution), and the
 * summary names what the default changed.
 */
class UnlistedCorpusTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        Profile retainInstitution = ProfileLoader.loadString("""
                name: retain-institution
                options: [retain-institution-identity, clean-descriptors, clean-structured-content]
                """, "retain-institution.yaml");
        for (UnlistedCorpus.Charset cs : UnlistedCorpus.Charset.values()) {
            out.add(Arguments.of("basic", ProfileLoader.builtIn("basic"), cs, Set.of()));
            out.add(Arguments.of("research", ProfileLoader.builtIn("research"), cs, Set.of()));
            out.add(Arguments.of("retain-institution", retainInstitution, cs, Set.of(UnlistedCorpus.Kind.INSTITUTION)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("variants")
    void noPlantedValueLeftBeyondWhatAnOptionKeeps(String name, Profile profile, UnlistedCorpus.Charset cs,
                                                   Set<UnlistedCorpus.Kind> allowed) throws Exception {
        UnlistedCorpus corpus = new UnlistedCorpus(cs);
        Map<String, DicomFile> instances = corpus.build();
        Deidentifier deid = new Deidentifier(profile, new Pseudonymizer(DeidKit.KEY, profile.uidRoot()),
                TextScrubbers.forProfile(profile), DeidKit.PIXELS, "test-1");
        List<byte[]> inputs = new ArrayList<>();
        for (DicomFile f : instances.values()) {
            inputs.add(DeidKit.write(f));
        }
        for (String value : corpus.planted().keySet()) {
            assertTrue(inputs.stream().anyMatch(in -> found(corpus, in, value)), "corpus bug: " + value + " is in no input");
        }
        List<String> leaks = new ArrayList<>();
        Set<UnlistedCorpus.Kind> kept = EnumSet.noneOf(UnlistedCorpus.Kind.class);
        int index = 0;
        for (Map.Entry<String, DicomFile> instance : instances.entrySet()) {
            byte[] input = inputs.get(index++);
            DeidKit.Run run = DeidKit.run(deid, input);
            for (Map.Entry<String, UnlistedCorpus.Planted> p : corpus.planted().entrySet()) {
                if (found(corpus, run.output(), p.getKey())) {
                    if (allowed.contains(p.getValue().kind())) {
                        kept.add(p.getValue().kind());
                    } else {
                        leaks.add(instance.getKey() + ": " + p.getKey() + " (" + p.getValue().where() + ")");
                    }
                }
            }
            assertFalse(run.result().stats().unlisted().toString().matches("(?s).*(" + String.join("|", nonMarkers(corpus)) + ").*"),
                    "a value in the summary: " + run.result().stats().unlisted());
            try (DicomFile out = run.reread()) {
                Dataset ds = out.dataset();
                assertEquals("ACME", ds.getString(tag("Manufacturer")), "structural text kept");
                if (instance.getKey().equals("gsps")) {
                    assertEquals(1, run.result().stats().unlisted().cleaned().get("ContentDescription"),
                            "the summary names what the default changed: " + run.result().stats().unlisted());
                    assertTrue(ds.getString(tag("ContentDescription")).startsWith("Annotated by Dr."), ds.getString(tag("ContentDescription")));
                }
                if (instance.getKey().equals("sr") && profile.has(DeidOption.CLEAN_STRUCTURED_CONTENT)) {
                    // cleaned content keeps its codes: the cleaner used to turn "121071" into "[REMOVED]" (an ID-like number)
                    assertEquals(codes(DeidKit.read(input).dataset().get(tag("ContentSequence"))),
                            codes(ds.get(tag("ContentSequence"))), "code values and schemes of the cleaned SR tree");
                }
                if (instance.getKey().equals("enhanced-ct")) {
                    assertEquals("B30f", ds.getString(tag("ConvolutionKernel")), "an acquisition parameter kept");
                }
            }
        }
        assertEquals(List.of(), leaks, "planted values left in the output");
        assertEquals(allowed, kept, "what the option keeps is kept");
    }

    /**
     * dciodvfy finds no error in any output that it did not find in its input (values masked) about an
     * attribute the default decides (one neither Table E.1-1 nor the supplement lists). Errors about
     * listed attributes are issue 15's class 2 (the Types of the IOD): on this branch the only ones are
     * Presentation Creation Date/Time removed (X) from the GSPS, which the class 2 work replaces.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("variants")
    void dciodvfyFindsNoNewErrors(String name, Profile profile, UnlistedCorpus.Charset cs, Set<UnlistedCorpus.Kind> allowed,
                                  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.mip.testing.Tools.requireDciodvfy();
        Deidentifier deid = new Deidentifier(profile, new Pseudonymizer(DeidKit.KEY, profile.uidRoot()),
                TextScrubbers.forProfile(profile), DeidKit.PIXELS, "test-1");
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, DicomFile> instance : new UnlistedCorpus(cs).build().entrySet()) {
            byte[] input = DeidKit.write(instance.getValue());
            java.nio.file.Path in = DeidKit.writeTemp(dir, instance.getKey() + "-in.dcm", input);
            java.nio.file.Path out = DeidKit.writeTemp(dir, instance.getKey() + "-out.dcm", DeidKit.run(deid, input).output());
            Set<String> before = SamplesTest.errors(org.mip.testing.Tools.dciodvfy(in).output());
            for (String e : SamplesTest.errors(org.mip.testing.Tools.dciodvfy(out).output())) {
                if (!before.contains(e) && !aboutListedAttribute(e)) {
                    added.add(instance.getKey() + ": " + e);
                }
            }
        }
        assertEquals(List.of(), added, "dciodvfy errors the de-identification added");
    }

    /** Whether a dciodvfy error line names (as its last path element) an attribute Table E.1-1 or the supplement lists. */
    private static boolean aboutListedAttribute(String error) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\p{XDigit}{4}),(\\p{XDigit}{4})\\)[^(]*$")
                .matcher(error.split(" - ")[1]);
        if (!m.find()) {
            return false;
        }
        int t = Integer.parseInt(m.group(1) + m.group(2), 16);
        return org.mip.deid.table.ActionTable.standard().row(t).isPresent() || ActionResolver.SUPPLEMENT.containsKey(t);
    }

    /** Every Code Value with its Coding Scheme Designator under {@code e}, depth first. */
    private static List<String> codes(org.mip.dicom.data.Element e) {
        List<String> out = new ArrayList<>();
        if (e instanceof SequenceElement s) {
            for (Dataset item : s.items()) {
                if (item.getString(tag("CodeValue")) != null) {
                    out.add(item.getString(tag("CodeValue")) + "/" + item.getString(tag("CodingSchemeDesignator")));
                }
                for (org.mip.dicom.data.Element child : item) {
                    out.addAll(codes(child));
                }
            }
        }
        return out;
    }

    private static List<String> nonMarkers(UnlistedCorpus corpus) {
        return corpus.planted().keySet().stream().map(java.util.regex.Pattern::quote).toList();
    }

    private static boolean found(UnlistedCorpus corpus, byte[] hay, String value) {
        for (byte[] form : corpus.encodings(value)) {
            if (DeidKit.indexOf(hay, form) >= 0) {
                return true;
            }
        }
        return false;
    }
}
