package org.mip.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that the test can take down: while down it resets every open
 * connection and every new one at once (what a client sees when a service or the network to it
 * fails), so the application's clients get real I/O errors on their real protocol.
 */
public final class FlakyTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean swallow = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    public FlakyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "flaky-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on every connection fails: open ones are reset, new ones reset on arrival. */
    public void down() {
        down.set(true);
        for (Socket s : open) {
            reset(s);
        }
    }

    public void up() {
        down.set(false);
        swallow.set(false);
    }

    /**
     * From now on requests reach the server, but its answers are lost: the connection is reset as
     * the response starts. The client sees a failure for a request that took effect (an upload
     * stored, a delete done): the case of a response lost on the network.
     */
    public void swallowResponses() {
        swallow.set(true);
    }

    /** Connections reset on arrival while down. */
    public long refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (down.get()) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean responses) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (down.get() || (responses && swallow.get() && !interim(buf, n))) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side went away, or the test reset the connection
            } finally {
                reset(from);
                reset(to);
            }
        }, "flaky-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** An interim "100 Continue" answer (to Expect: 100-continue), which lets the client send its body. */
    private static boolean interim(byte[] buf, int n) {
        if (n > 100) {
            return false;
        }
        String chunk = new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        return chunk.startsWith("HTTP/1.1 100 ") && chunk.endsWith("\r\n\r\n");
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0); // RST, not an orderly close
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            reset(s);
        }
    }
}
