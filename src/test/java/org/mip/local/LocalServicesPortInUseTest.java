package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A taken port is reported once, naming the setting to change, before anything starts. */
class LocalServicesPortInUseTest {

    @TempDir
    Path dataDir;

    @Test
    void eachTakenPortNamesItsSetting() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int p = busy.getLocalPort();
            LocalConfig c = LocalConfig.defaults(dataDir);
            assertMessage("port " + p + " is in use: set mip.local.s3-port to another port", c.withPorts(p, 0, 0));
            assertMessage("port " + p + " is in use: set mip.local.sqs-port to another port", c.withPorts(0, p, 0));
            assertMessage("port " + p + " is in use: set mip.local.sftp-port to another port", c.withPorts(0, 0, p));
        }
        // the check comes first: no server had started, so nothing was written
        assertNull(Files.list(dataDir).findAny().orElse(null));
    }

    @Test
    void badPortSettingIsOneClearMessage() {
        LocalServicesException e = assertThrows(LocalServicesException.class, () -> LocalConfig.fromProperties(
                dataDir, k -> k.equals(LocalConfig.SQS_PORT) ? "nine" : null));
        assertEquals("mip.local.sqs-port must be a port number (0-65535), not 'nine'", e.getMessage());
    }

    private static void assertMessage(String expected, LocalConfig config) {
        LocalServicesException e = assertThrows(LocalServicesException.class, () -> LocalServices.start(config));
        assertEquals(expected, e.getMessage());
        assertNull(e.getCause());
    }
}
