package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.apache.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

/** Local mode's HTTPS socket factory sets up TLS at its first HTTPS connection, not before, and then speaks TLS. */
class LazyTlsSocketFactoryTest {

    @Test
    void tlsIsSetUpAtTheFirstHttpsConnectionOnly() throws Exception {
        LazyTlsSocketFactory factory = new LazyTlsSocketFactory();
        assertFalse(factory.made(), "nothing set up before an HTTPS connection");
        // a peer that answers the TLS handshake by closing: the factory tried TLS over the connection
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket plain = new Socket(server.getInetAddress(), server.getLocalPort())) {
            server.accept().close();
            assertThrows(IOException.class, () -> factory.createLayeredSocket(plain, "localhost", server.getLocalPort(),
                    new BasicHttpContext()));
        }
        assertTrue(factory.made());
    }
}
