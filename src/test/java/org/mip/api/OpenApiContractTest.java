package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is valid OpenAPI 3 and describes exactly the REST definitions of
 * routes/rest-api.yaml: every operation (method, path, operationId = verb id), every parameter
 * (name, where, required), the request body, and every response code, both ways. (That the
 * bodies match the schemas is checked on real responses in the other API tests.)
 */
class OpenApiContractTest {
    static final String BASE = "/api/v1";

    @Test
    void theDocumentIsValidOpenApi3() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(
                new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8), null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "parser messages: " + result.getMessages());
        OpenAPI doc = result.getOpenAPI();
        assertNotNull(doc);
        assertTrue(doc.getOpenapi().startsWith("3."));
        assertEquals(BASE, doc.getServers().get(0).getUrl());
        assertEquals("bearer", doc.getComponents().getSecuritySchemes().get("bearer").getScheme());
    }

    @Test
    void theDocumentDescribesExactlyTheRestDefinitions() throws Exception {
        List<RestDefinition> rests = restDefinitions();
        JsonNode paths = OpenApiContract.DOC.path("paths");
        Set<String> fromRoutes = new TreeSet<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String full = rest.getPath() + verb.getPath();
                assertTrue(full.startsWith(BASE + "/"), full);
                String path = full.substring(BASE.length());
                String method = verb.asVerb().toLowerCase(Locale.ROOT);
                fromRoutes.add(method + " " + path);
                JsonNode op = paths.path(path).path(method);
                assertFalse(op.isMissingNode(), "the document lacks " + method + " " + path);
                assertEquals(verb.getId(), op.path("operationId").asText(), method + " " + path);

                TreeMap<String, String> routeParams = new TreeMap<>();
                boolean body = false;
                for (ParamDefinition p : verb.getParams()) {
                    if (p.getType() == RestParamType.body) {
                        body = true;
                        continue;
                    }
                    routeParams.put(p.getName(), p.getType().name() + (p.getRequired() ? " required" : ""));
                }
                TreeMap<String, String> docParams = new TreeMap<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode r = OpenApiContract.resolve(p);
                    docParams.put(r.path("name").asText(), r.path("in").asText() + (r.path("required").asBoolean() ? " required" : ""));
                }
                assertEquals(routeParams, docParams, "parameters of " + method + " " + path);
                assertEquals(body, op.has("requestBody"), "request body of " + method + " " + path);
                if (body) {
                    assertTrue(op.path("requestBody").path("required").asBoolean());
                }

                Set<String> routeCodes = new TreeSet<>();
                for (ResponseMessageDefinition m : verb.getResponseMsgs()) {
                    routeCodes.add(m.getCode());
                }
                Set<String> docCodes = new TreeSet<>();
                op.path("responses").fieldNames().forEachRemaining(docCodes::add);
                assertEquals(routeCodes, docCodes, "response codes of " + method + " " + path);
            }
        }
        Set<String> fromDoc = new TreeSet<>();
        paths.fieldNames().forEachRemaining(p -> paths.path(p).fieldNames().forEachRemaining(m -> fromDoc.add(m + " " + p)));
        assertEquals(fromRoutes, fromDoc, "operations of the document and of the routes");
        assertEquals(4, fromRoutes.size());
    }

    @Test
    void everyProblemTypeIsInTheDocument() {
        JsonNode types = OpenApiContract.DOC.path("components").path("schemas").path("Problem").path("properties").path("type").path("enum");
        Set<String> doc = new TreeSet<>();
        types.forEach(t -> doc.add(t.asText()));
        Set<String> made = new TreeSet<>();
        for (ApiProblem p : List.of(ApiProblem.badRequest("x"), ApiProblem.scanTooBroad("x"), ApiProblem.unauthorized("x", null),
                ApiProblem.forbidden("x"), ApiProblem.notFound("x"), ApiProblem.unsupportedMediaType("x"),
                ApiProblem.tooManyRequests("x", 1), ApiProblem.tooManyFailedAuthentications("x", 1), ApiProblem.unavailable("x", 1),
                ApiProblem.internal("x"))) {
            made.add(p.type());
        }
        assertEquals(made, doc);
        assertEquals(ApiProblem.class.getDeclaredMethods().length > 0, true);
        List<String> factories = new ArrayList<>();
        for (var m : ApiProblem.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getReturnType() == ApiProblem.class) {
                factories.add(m.getName());
            }
        }
        assertEquals(made.size(), factories.size(), "a problem factory missing from this test: " + factories);
    }

    /** The REST definitions of routes/rest-api.yaml, loaded by Camel's YAML DSL (not started). */
    static List<RestDefinition> restDefinitions() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("mip.http.port", "8080");
            context.getPropertiesComponent().setInitialProperties(p);
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context)
                    .resolveResource("file:" + Path.of("routes/rest-api.yaml").toAbsolutePath()));
            List<RestDefinition> rests = context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
            assertFalse(rests.isEmpty());
            return List.copyOf(rests);
        }
    }
}
