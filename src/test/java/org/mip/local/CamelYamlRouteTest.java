package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Camel dependency set (camel-main, YAML DSL, aws2-s3 and the rest) starts next to the
 * embedded servers on one classpath, and a YAML route delivers one message to the local S3.
 */
class CamelYamlRouteTest {

    @TempDir
    Path dataDir;

    @Test
    void yamlRouteStartsProcessesOneMessageAndStops() throws Exception {
        try (LocalServices local = LocalServices.start(LocalConfig.defaults(dataDir).withPorts(0, 0, 0));
                S3Client s3 = Clients.s3(local)) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:org/mip/local/smoke-route.camel.yaml");
            // camel-observability-services would open /observe/* on 0.0.0.0:8080: keep it private
            main.addInitialProperty("camel.server.host", "127.0.0.1");
            main.addInitialProperty("camel.server.port", "0");
            main.addInitialProperty("mip.s3.endpoint", local.s3Endpoint().toString());
            main.addInitialProperty("mip.s3.region", local.config().region());
            main.addInitialProperty("mip.s3.access-key", local.config().accessKey());
            main.addInitialProperty("mip.s3.secret-key", local.config().secretKey());
            main.start();
            try {
                assertEquals(ServiceStatus.Started, main.getCamelContext().getRouteController()
                        .getRouteStatus("local-smoke"));
                ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
                assertEquals("stored smoke/hello.txt", producer.requestBody("direct:smoke", "hello", String.class));
            } finally {
                main.stop();
            }
            assertEquals(ServiceStatus.Stopped, main.getCamelContext().getStatus());
            String stored = s3.getObjectAsBytes(r -> r.bucket("raw").key("smoke/hello.txt"))
                    .asString(StandardCharsets.UTF_8);
            assertEquals("HELLO", stored);
        }
    }
}
