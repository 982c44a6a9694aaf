package org.mip.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST API's requests read and checked, from what HTTP gives (content type, body, query string,
 * path parameter) to what the API acts on; anything malformed is a 400 or 415 {@link ApiProblem}
 * that says what and where, echoing user input only printable and short. The Camel adapters hand
 * the raw parts over and act on the result.
 */
public final class LinkRequests {
    /** Most keys one POST may ask links for. */
    public static final int MAX_KEYS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration defaultExpiry;
    private final Duration maxExpiry;

    /** @param defaultExpiry a link's lifetime when the request names none; maxExpiry the longest it may ask for */
    public LinkRequests(Duration defaultExpiry, Duration maxExpiry) {
        this.defaultExpiry = defaultExpiry;
        this.maxExpiry = maxExpiry;
    }

    /** POST /download-links: {@code {"keys": [...], "expiresInSeconds": n}}. */
    public record SignMany(List<String> keys, Duration expiry) {
    }

    /** GET /download-links?key=...&amp;expiresInSeconds=...: one key. */
    public record SignOne(String key, Duration expiry) {
    }

    /** GET /studies/{studyUid}/objects[?patient=...]. */
    public record StudyListing(String studyUid, String patient) {
    }

    public SignMany signMany(String contentType, byte[] raw) {
        requireJson(contentType);
        if (raw == null || raw.length == 0) {
            throw ApiProblem.badRequest("the body is empty: send {\"keys\": [...], \"expiresInSeconds\": n}");
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw ApiProblem.badRequest("the body cannot be read");
        }
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object {\"keys\": [...], \"expiresInSeconds\": n}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!f.equals("keys") && !f.equals("expiresInSeconds")) {
                throw ApiProblem.badRequest("unknown field \"" + printable(f) + "\" (only keys and expiresInSeconds)");
            }
        }
        JsonNode keysNode = body.get("keys");
        if (keysNode == null || !keysNode.isArray()) {
            throw ApiProblem.badRequest("keys must be an array of object keys");
        }
        if (keysNode.isEmpty() || keysNode.size() > MAX_KEYS) {
            throw ApiProblem.badRequest("keys must hold 1 to " + MAX_KEYS + " keys, not " + keysNode.size());
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keysNode.size(); i++) {
            JsonNode k = keysNode.get(i);
            if (!k.isTextual()) {
                throw ApiProblem.badRequest("keys[" + i + "] must be a string");
            }
            checkKey("keys[" + i + "]", k.asText());
            keys.add(k.asText());
        }
        JsonNode e = body.get("expiresInSeconds");
        // a JSON number is read by the same parser as the query parameter; anything else is no whole number
        String seconds = e == null || e.isNull() ? null : e.isIntegralNumber() ? e.asText() : e.toString();
        return new SignMany(keys, expiry(seconds));
    }

    public SignOne signOne(String rawQuery) {
        Map<String, String> q = query(rawQuery, List.of("key", "expiresInSeconds"));
        String key = q.get("key");
        if (key == null) {
            throw ApiProblem.badRequest("the query parameter key is required");
        }
        checkKey("key", key);
        return new SignOne(key, expiry(q.get("expiresInSeconds")));
    }

    public StudyListing studyListing(String studyUid, String rawQuery) {
        Map<String, String> q = query(rawQuery, List.of("patient"));
        if (!ObjectKeys.isUid(studyUid)) {
            throw ApiProblem.badRequest("studyUid must be a DICOM UID (digits and dots, at most 64 characters, "
                    + "no leading zeros)");
        }
        String patient = q.get("patient");
        if (patient != null && !ObjectKeys.isPatient(patient)) {
            throw ApiProblem.badRequest("patient must be one key segment (a patient pseudonym)");
        }
        return new StudyListing(studyUid, patient);
    }

    /** The one expiry parser: absent, the default; else a whole number of seconds from 1 to the maximum. */
    Duration expiry(String seconds) {
        if (seconds == null) {
            return defaultExpiry;
        }
        long s;
        try {
            s = Long.parseLong(seconds);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("expiresInSeconds must be a whole number of seconds, not \"" + printable(seconds) + "\"");
        }
        if (s < 1 || s > maxExpiry.toSeconds()) {
            throw ApiProblem.badRequest("expiresInSeconds must be between 1 and " + maxExpiry.toSeconds() + ", not " + s);
        }
        return Duration.ofSeconds(s);
    }

    /** The query string's parameters; unknown or repeated ones are a 400. */
    static Map<String, String> query(String raw, List<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("the query string is not well percent-encoded");
            }
            if (!allowed.contains(name)) {
                throw ApiProblem.badRequest("unknown query parameter \"" + printable(name) + "\" (allowed: "
                        + String.join(", ", allowed) + ")");
            }
            if (out.put(name, value) != null) {
                throw ApiProblem.badRequest("the query parameter " + name + " is given more than once");
            }
        }
        return out;
    }

    private static void checkKey(String what, String key) {
        String why = ObjectKeys.problem(key);
        if (why != null) {
            throw ApiProblem.badRequest(what + " " + why);
        }
    }

    private static void requireJson(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw ApiProblem.unsupportedMediaType("send Content-Type: application/json, not "
                    + (contentType == null ? "nothing" : "\"" + printable(contentType) + "\""));
        }
    }

    /** Echoes user input in a detail safely: printable, short. */
    static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }
}
