package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mip.config.ConfigException;

/** The clients are built beside the rest of a start: what the main thread gets is what the constructor gave. */
class AwsClientsTest {
    private static Map<String, String> localSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("mip.aws.region", "eu-west-1");
        s.put("mip.local.access-key", "mip-local");
        s.put("mip.local.secret-key", "mip-local-secret");
        s.put("mip.s3.path-style", "true");
        s.put("mip.s3.endpoint", "http://127.0.0.1:9");
        s.put("mip.sqs.endpoint", "http://127.0.0.1:9");
        return s;
    }

    @Test
    void clientsAreBuiltOffTheCallersThreadFromTheSettingsGiven() {
        AtomicReference<String> builtOn = new AtomicReference<>();
        try (AwsClients clients = AwsClients.await(AwsClients.buildAsync(localSettings(), true)
                .whenComplete((c, e) -> builtOn.set(Thread.currentThread().getName())))) {
            assertEquals("eu-west-1", clients.s3().serviceClientConfiguration().region().id());
            assertEquals("http://127.0.0.1:9", clients.sqs().serviceClientConfiguration().endpointOverride().orElseThrow().toString());
        }
        assertNotEquals(Thread.currentThread().getName(), builtOn.get());
    }

    @Test
    void aBuildThatFailsIsThrownAsTheConstructorsOwnProblem() {
        System.setProperty(AwsClients.INTERCEPTORS_PROPERTY, "org.mip.NoSuchInterceptor");
        try {
            ConfigException e = assertThrows(ConfigException.class, () -> AwsClients.await(AwsClients.buildAsync(localSettings(), true)));
            assertTrue(e.getMessage().contains("names org.mip.NoSuchInterceptor, which is not an AWS SDK ExecutionInterceptor"),
                    e.getMessage());
        } finally {
            System.clearProperty(AwsClients.INTERCEPTORS_PROPERTY);
        }
    }
}
