package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The deployed routes are the files of routes/: the image carries them as classpath:routes/*.yaml
 * (pom.xml resource entry) and nothing in k8s/ replaces them (K8sChecks). Here: the build output
 * holds exactly routes/*.yaml, byte for byte. ProdImageIT checks the packaged jar the same way and
 * that the application loads them from there.
 */
class RoutesPackagingTest {

    static Map<String, byte[]> yamlFiles(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, String where) {
        assertEquals(expected.keySet(), actual.keySet(), where + ": not the same route files as routes/");
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), where + "/" + name + " differs from routes/" + name));
    }

    @Test
    void buildOutputHoldsExactlyTheRoutesOfRoutesFolder() throws IOException {
        Map<String, byte[]> routes = yamlFiles(Repo.ROUTES);
        assertTrue(routes.size() >= 5, "routes/: " + routes.keySet());
        assertSameFiles(routes, yamlFiles(Repo.ROOT.resolve("target/classes/routes")), "target/classes/routes");
    }

    @Test
    void theApplicationFallsBackToThePackagedRoutes() throws IOException {
        // PipelineApplication: routes-dir when it exists, else classpath:routes/*.yaml; the image has no routes/ folder.
        String source = Files.readString(Repo.ROOT.resolve("src/main/java/org/mip/app/PipelineApplication.java"));
        assertTrue(source.contains("\"classpath:routes/*.yaml\""), "PipelineApplication no longer loads classpath:routes/*.yaml");
        List<String> dockerfile = Files.readAllLines(Repo.ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.stream().noneMatch(l -> l.matches("(?i)^\\s*(COPY|ADD)\\b.*routes.*")),
                "the Dockerfile copies a routes folder: the packaged routes are the deployed ones");
    }
}
