package org.mip.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** The REST API's response bodies (docs/API.md, openapi.json): links, a study's objects, RFC 9457 problems. */
public final class ApiJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiJson() {
    }

    /** {@code {"expiresInSeconds": n, "links": [...]}}. */
    public static String links(List<DownloadLinks.Result> results, Duration expiry) {
        ObjectNode out = JSON.createObjectNode();
        out.put("expiresInSeconds", expiry.toSeconds());
        ArrayNode arr = out.putArray("links");
        for (DownloadLinks.Result r : results) {
            arr.add(link(r));
        }
        return write(out);
    }

    /** One link, or one key's error. */
    public static String linkBody(DownloadLinks.Result r) {
        return write(link(r));
    }

    /** {@code {"studyUid": ..., "count": n, "objects": [...]}}. */
    public static String study(String studyUid, List<DownloadLinks.StudyObject> objects) {
        ObjectNode out = JSON.createObjectNode();
        out.put("studyUid", studyUid);
        out.put("count", objects.size());
        ArrayNode arr = out.putArray("objects");
        for (DownloadLinks.StudyObject o : objects) {
            ObjectNode n = arr.addObject();
            n.put("key", o.key());
            n.put("patient", o.patient());
            n.put("seriesUid", o.seriesUid());
            n.put("sopInstanceUid", o.sopInstanceUid());
            n.put("sizeBytes", o.sizeBytes());
            n.put("lastModified", o.lastModified() == null ? null : o.lastModified().toString());
        }
        return write(out);
    }

    /** An RFC 9457 problem body; {@code requestId} is its instance. */
    public static String problem(ApiProblem p, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        body.put("instance", "urn:uuid:" + requestId);
        return write(body);
    }

    private static ObjectNode link(DownloadLinks.Result r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", r.key());
        if (r instanceof DownloadLinks.Signed s) {
            n.put("url", s.url());
            n.put("expiresAt", s.expiresAt().toString());
            n.put("sizeBytes", s.sizeBytes());
            n.put("contentType", s.contentType());
        } else if (r instanceof DownloadLinks.Failed f) {
            n.put("error", f.error());
            n.put("detail", f.detail());
        }
        return n;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
