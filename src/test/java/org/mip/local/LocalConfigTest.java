package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalConfigTest {

    @Test
    void defaults() {
        LocalConfig c = LocalConfig.defaults(Path.of("/tmp/mip"));
        assertEquals("127.0.0.1", c.host());
        assertEquals(List.of(9000, 9324, 2222), List.of(c.s3Port(), c.sqsPort(), c.sftpPort()));
        assertEquals(List.of("mip-local", "mip-local-secret", "us-east-1"),
                List.of(c.accessKey(), c.secretKey(), c.region()));
        assertEquals(List.of("raw", "processed", "quarantine"), c.buckets());
        assertEquals(List.of("s3-events", "audit"), c.queues());
        assertEquals(List.of("mip", "mip-local"), List.of(c.sftpUser(), c.sftpPassword()));
        assertEquals(Path.of("/tmp/mip/s3"), c.s3Dir());
        assertEquals(Path.of("/tmp/mip/sftp-hostkey"), c.sftpHostKey());
        assertFalse(c.toString().contains("mip-local-secret"), c.toString());
        assertFalse(c.toString().contains("sftpPassword"), c.toString());
    }

    @Test
    void propertiesOverrideDefaults() {
        Map<String, String> p = Map.of(
                "mip.local.data-dir", "/var/mip",
                "mip.local.s3-port", "9100",
                "mip.local.buckets", "in, out",
                "mip.local.sftp-password", "s3cret");
        LocalConfig c = LocalConfig.fromProperties(Path.of("/tmp/mip"), p::get);
        assertEquals(Path.of("/var/mip"), c.dataDir());
        assertEquals(9100, c.s3Port());
        assertEquals(9324, c.sqsPort());
        assertEquals(List.of("in", "out"), c.buckets());
        assertEquals("s3cret", c.sftpPassword());
    }
}
