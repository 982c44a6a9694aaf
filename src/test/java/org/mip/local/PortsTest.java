package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A port picked for a server that binds it later lies below the kernel's range for outgoing
 * connections, so no connection the JVM opens meanwhile can take it; and it can be bound.
 */
class PortsTest {

    @Test
    void aPickedPortIsBelowTheOutgoingRangeAndFree() throws Exception {
        int below = Ports.ephemeralStart();
        if (Files.isReadable(Ports.EPHEMERAL_RANGE)) {
            assertTrue(below > Ports.LOWEST, "the kernel's range was read: " + below);
        }
        for (int i = 0; i < 20; i++) {
            int port = Ports.freePort("127.0.0.1");
            assertTrue(port >= Ports.LOWEST && (port < below || below <= Ports.LOWEST), port + " (range from " + below + ")");
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertTrue(s.isBound());
            }
        }
    }

    /**
     * Ports picked for the servers of one start are all different: each is free when picked, but none is
     * bound until the servers start, so a second pick could be the first one again (200 picks from the
     * ~22,000 ports below the range would repeat one with a probability of about 0.6).
     */
    @Test
    void portsPickedForOneStartAreNeverTheSame() throws Exception {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.freePort("127.0.0.1", taken);
            assertTrue(taken.add(port), "port " + port + " handed out twice");
        }
    }
}
