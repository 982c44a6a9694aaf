package org.mip.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request comes from, as the key of {@link AuthFailureLimiter}: the TCP peer; or,
 * when the peer is a trusted proxy ({@code mip.api.trusted-proxies}, e.g. the ingress controller's
 * pods), the nearest {@code X-Forwarded-For} entry, walking right to left past trusted proxies only.
 * Entries left of the first untrusted hop are whatever a client wrote, so they are never read. An
 * IPv6 client counts by its /64 (one host is usually given a whole /64 to pick addresses from).
 */
public final class ClientAddress {
    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Only the TCP peer counts. */
    public static ClientAddress peerOnly() {
        return new ClientAddress(List.of());
    }

    /** Trusted proxies as CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}, or one address); problems are added. */
    public static ClientAddress parse(List<String> cidrs, String setting, List<String> problems) {
        List<Cidr> out = new ArrayList<>();
        for (String c : cidrs) {
            Cidr cidr = Cidr.parse(c);
            if (cidr == null) {
                problems.add(setting + ": \"" + c + "\" is not an IP address or CIDR block (e.g. 10.42.0.0/16, fd00::/8)");
            } else {
                out.add(cidr);
            }
        }
        return new ClientAddress(out);
    }

    public boolean trustsProxies() {
        return !trusted.isEmpty();
    }

    /**
     * The client key of a request from {@code peer} with these {@code X-Forwarded-For} values (each
     * may hold several comma-separated entries; later headers and entries are nearer hops).
     */
    public String of(String peer, List<String> forwardedFor) {
        InetAddress current = IpLiteral.parse(peer);
        if (current == null) {
            return "peer:" + peer;
        }
        if (!trusted.isEmpty() && forwardedFor != null) {
            List<String> hops = new ArrayList<>();
            for (String header : forwardedFor) {
                for (String entry : header.split(",")) {
                    if (!entry.isBlank()) {
                        hops.add(entry.strip());
                    }
                }
            }
            for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
                InetAddress next = IpLiteral.parse(hops.get(i));
                if (next == null) {
                    break; // a trusted proxy wrote something that is not an address: keep the proxy's
                }
                current = next;
            }
        }
        return key(current);
    }

    private boolean isTrusted(InetAddress a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    static String key(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    /** An address block. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            InetAddress a = IpLiteral.parse(slash < 0 ? t : t.substring(0, slash));
            if (a == null) {
                return null;
            }
            int max = a.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (bits < 0 || bits > max) {
                    return null;
                }
            }
            return new Cidr(a.getAddress(), bits);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
