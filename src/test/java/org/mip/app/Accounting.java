package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mip.pipeline.Hashing;

/**
 * "Nothing lost", checked from the outside once a run has settled: the raw bucket is empty, every
 * good input is in the processed bucket exactly once (its .dcm and .dcm.json, under the key its
 * "published" events name), every broken input is in quarantine exactly once (object and
 * .reason.json, under a key that carries its raw-key hash), nothing else is in either bucket, and
 * the audit trail agrees: every input has a "received" event and terminal events of one kind only,
 * naming one output key.
 */
public final class Accounting {
    private Accounting() {
    }

    /**
     * @param keys            lists a bucket: "raw", "processed", "quarantine"
     * @param exactlyOneFinal also require exactly one terminal (published/quarantined) event per input,
     *                        which holds unless the process died between an audit and the end of its exchange
     * @return the output key of every good input, by raw key
     */
    public static Map<String, String> assertEveryInputOnce(List<FaultCorpus.Input> inputs, Function<String, List<String>> keys,
                                                           List<JsonNode> audit, boolean exactlyOneFinal) {
        assertEquals(List.of(), keys.apply("raw"), "the raw bucket is empty");
        Map<String, List<JsonNode>> byKeyHash = audit.stream()
                .collect(Collectors.groupingBy(e -> e.path("source").path("keySha256").asText()));
        List<String> processed = keys.apply("processed");
        List<String> quarantine = keys.apply("quarantine");
        Map<String, String> outputs = new HashMap<>();
        Set<String> expectedProcessed = new HashSet<>();
        Set<String> expectedQuarantine = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (FaultCorpus.Input in : inputs) {
            String hash = Hashing.sha256Hex(in.key());
            List<JsonNode> events = byKeyHash.getOrDefault(hash, List.of());
            List<JsonNode> published = events.stream().filter(e -> "published".equals(e.path("outcome").asText())).toList();
            List<JsonNode> quarantined = events.stream().filter(e -> "quarantined".equals(e.path("outcome").asText())).toList();
            if (events.stream().noneMatch(e -> "received".equals(e.path("outcome").asText()))) {
                problems.add(in.key() + ": no received event");
            }
            if (in.good()) {
                Set<String> outKeys = published.stream().map(e -> e.path("output").path("key").asText()).collect(Collectors.toSet());
                if (published.isEmpty() || !quarantined.isEmpty() || outKeys.size() != 1
                        || (exactlyOneFinal && published.size() != 1)) {
                    problems.add(in.key() + ": " + published.size() + " published events naming " + outKeys + ", "
                            + quarantined.size() + " quarantined");
                    continue;
                }
                String out = outKeys.iterator().next();
                outputs.put(in.key(), out);
                expectedProcessed.add(out);
                expectedProcessed.add(out + ".json");
            } else {
                Set<String> qKeys = quarantined.stream().map(e -> e.path("quarantine").path("key").asText()).collect(Collectors.toSet());
                if (quarantined.isEmpty() || !published.isEmpty() || qKeys.size() != 1
                        || (exactlyOneFinal && quarantined.size() != 1)) {
                    problems.add(in.key() + ": " + quarantined.size() + " quarantined events naming " + qKeys + ", "
                            + published.size() + " published");
                    continue;
                }
                String q = qKeys.iterator().next();
                if (!q.contains(hash)) {
                    problems.add(in.key() + ": quarantine key " + q + " does not carry the raw-key hash");
                }
                expectedQuarantine.add(q);
                expectedQuarantine.add(q + ".reason.json");
            }
        }
        assertEquals(List.of(), problems, "audit trail per input");
        assertEquals(inputs.stream().filter(FaultCorpus.Input::good).count(), new HashSet<>(outputs.values()).size(),
                "good inputs have distinct output keys");
        assertEquals(expectedProcessed, new HashSet<>(processed), "the processed bucket holds exactly the published objects");
        assertEquals(processed.size(), new HashSet<>(processed).size());
        assertEquals(expectedQuarantine, new HashSet<>(quarantine), "the quarantine bucket holds exactly the quarantined inputs");
        for (JsonNode e : audit) {
            assertFalse(e.has("source") && e.path("source").has("key"), "no raw key in audit events");
            assertFalse(e.toString().contains("Doe^John"), "no raw key in audit events: " + e);
        }
        return outputs;
    }

    /** True once every input has a terminal (published or quarantined) audit event. */
    public static boolean settled(List<FaultCorpus.Input> inputs, List<JsonNode> audit) {
        Set<String> done = audit.stream()
                .filter(e -> Set.of("published", "quarantined").contains(e.path("outcome").asText()))
                .map(e -> e.path("source").path("keySha256").asText()).collect(Collectors.toSet());
        return inputs.stream().allMatch(in -> done.contains(Hashing.sha256Hex(in.key())));
    }

    /** Audit events of one outcome. */
    public static List<JsonNode> outcome(List<JsonNode> audit, String outcome) {
        return audit.stream().filter(e -> outcome.equals(e.path("outcome").asText())).toList();
    }

    static void assertHas(List<JsonNode> events, String what) {
        assertTrue(!events.isEmpty(), "expected " + what);
    }
}
