package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;

/** The REST routes do not keep the pipeline from starting with the harness's default ports (0, any free one). */
class DefaultPortsTest {
    @Test
    void thePipelineStartsWithPortZero(@TempDir Path dir) {
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), Map.of())) {
            assertTrue(h.app().camelContext().getRoute("api-sign-links") != null);
        }
    }
}
