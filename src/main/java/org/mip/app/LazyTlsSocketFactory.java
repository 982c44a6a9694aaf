package org.mip.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.http.HttpHost;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * The HTTPS socket factory of the local mode's AWS SDK clients, made at their first HTTPS connection
 * instead of when they are built. The SDK's Apache client otherwise sets up TLS for each client as it
 * is built (the JDK's trust store, Apache's public suffix list): a tenth of a second of CPU on the
 * path to ready, for clients that speak plain HTTP to the embedded servers. An {@code https} endpoint
 * set in local mode still works, with the JDK's default trust store and Apache's host name checks.
 * AWS mode keeps the SDK's own factory.
 */
final class LazyTlsSocketFactory implements LayeredConnectionSocketFactory {
    private volatile LayeredConnectionSocketFactory tls;

    /** Whether TLS has been set up (for tests). */
    boolean made() {
        return tls != null;
    }

    private LayeredConnectionSocketFactory tls() {
        LayeredConnectionSocketFactory t = tls;
        if (t == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = SSLConnectionSocketFactory.getSocketFactory();
                }
                t = tls;
            }
        }
        return t;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return tls().createSocket(context);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress, HttpContext context) throws IOException {
        return tls().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
        return tls().createLayeredSocket(socket, target, port, context);
    }
}
