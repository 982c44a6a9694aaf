package org.mip.api;

import java.io.IOException;
import java.io.InputStream;

/** The OpenAPI 3 document of the REST API ({@code org/mip/api/openapi.json}), served as it is and held against the routes by tests. */
public final class OpenApiDocument {
    private static final String RESOURCE = "/org/mip/api/openapi.json";

    private OpenApiDocument() {
    }

    /** The document's bytes (UTF-8 JSON). */
    public static byte[] bytes() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
