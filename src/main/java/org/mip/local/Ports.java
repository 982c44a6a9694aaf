package org.mip.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks done before any server starts, so a clash gives one clear message. */
final class Ports {

    private Ports() {
    }

    /** True if {@code host:port} can be bound now. */
    static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the servers do: a TIME_WAIT socket is not "in use"
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the kernel says the ports it hands to outgoing connections start (Linux). */
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The lowest port picked: above the usual fixed ports of development servers. */
    static final int LOWEST = 10_000;
    private static final int TRIES = 50;

    /**
     * A port that is free on {@code host} right now, for servers that cannot bind port 0 and report
     * it (ElasticMQ), or whose port must be known before they start. It is picked below the range
     * the kernel hands to outgoing connections: a port from there (what binding port 0 gives) can be
     * taken by any connection the JVM opens in the second or two before the server binds it, which
     * failed a start with "port N is in use". Falls back to the kernel's pick when no port below the
     * range is free or the range is unknown.
     */
    static int freePort(String host) throws IOException {
        return freePort(host, java.util.Set.of());
    }

    /**
     * As {@link #freePort(String)}, but never one of {@code taken}: ports already handed out for servers
     * not yet bound are still free, and two random picks for the S3 and SQS servers of one start could be
     * the same port (then one of them failed with "port N is in use").
     */
    static int freePort(String host, java.util.Set<Integer> taken) throws IOException {
        int below = ephemeralStart();
        if (below - LOWEST > TRIES) {
            for (int i = 0; i < TRIES; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!taken.contains(port) && isFree(host, port)) {
                    return port;
                }
            }
        }
        for (int i = 0; ; i++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                if (!taken.contains(s.getLocalPort()) || i == TRIES) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** The first port of the kernel's ephemeral range, or {@link #LOWEST} when it cannot be read. */
    static int ephemeralStart() {
        // one read of the whole (tiny) file: /proc/sys answers a read at an offset past 0 with its end,
        // so reading it byte by byte first (as Files.readString does with a size-0 file) gives "3"
        try (InputStream in = Files.newInputStream(EPHEMERAL_RANGE)) {
            byte[] buffer = new byte[128];
            int n = in.read(buffer);
            String[] range = new String(buffer, 0, Math.max(0, n), StandardCharsets.US_ASCII).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return LOWEST;
        }
    }
}
