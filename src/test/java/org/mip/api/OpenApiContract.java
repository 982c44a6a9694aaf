package org.mip.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

/**
 * The served OpenAPI document as a contract: {@link #check} holds a real response to what the
 * document declares for its operation and status (the status must be declared; the content type,
 * the headers it requires and the body's schema must match).
 */
final class OpenApiContract {
    static final JsonNode DOC;
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDialect(Dialects.getOpenApi30());

    static {
        try {
            DOC = ApiClient.JSON.readTree(OpenApiDocument.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpenApiContract() {
    }

    /** @param path the document's path template, e.g. /studies/{studyUid}/objects */
    static void check(String method, String path, HttpResponse<String> r) {
        JsonNode op = DOC.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (op.isMissingNode()) {
            throw new AssertionError("the document has no " + method + " " + path);
        }
        JsonNode resp = resolve(op.path("responses").path(String.valueOf(r.statusCode())));
        if (resp.isMissingNode()) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ", which the document does not declare: "
                    + r.body());
        }
        resp.path("headers").fieldNames().forEachRemaining(h -> {
            if (r.headers().firstValue(h).isEmpty()) {
                throw new AssertionError(method + " " + path + " " + r.statusCode() + " lacks the declared header " + h);
            }
        });
        JsonNode content = resp.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return;
        }
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            throw new AssertionError(method + " " + path + " " + r.statusCode() + " answered " + type + ", the document says "
                    + content.fieldNames().next());
        }
        ObjectNode schemaDoc = ApiClient.JSON.createObjectNode();
        schemaDoc.setAll((ObjectNode) media.path("schema").deepCopy());
        schemaDoc.set("components", DOC.path("components"));
        Schema schema = SCHEMAS.getSchema(schemaDoc);
        List<Error> errors = schema.validate(ApiClient.json(r));
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + path + " " + r.statusCode() + " body does not match the document: " + errors
                    + "\n" + r.body());
        }
    }

    static JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        while (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            n = DOC.at(ref.substring(1));
        }
        return n;
    }
}
