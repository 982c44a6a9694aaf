package org.mip.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: a dotted quad of decimal octets (no leading
 * zeros, which some parsers read as octal) or an IPv6 literal (with or without brackets). Anything
 * else, a host name included, is not a literal: a name means whatever a resolver says it means.
 */
public final class IpLiteral {
    private static final String OCTET = "(0|[1-9][0-9]{0,2})";
    private static final Pattern V4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address {@code text} spells, or null when it is not an IP literal. */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.length() > 2 && t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        Matcher m = V4.matcher(t);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(m.group(i + 1));
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return byAddress(b);
        }
        if (!V6.matcher(t).matches()) {
            return null;
        }
        try {
            // With a ':' in it, InetAddress parses a literal or throws; it never resolves it as a name.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code host} is a loopback IP literal (127.0.0.0/8, ::1); a name never is. */
    public static boolean isLoopback(String host) {
        InetAddress a = parse(host);
        return a != null && a.isLoopbackAddress();
    }

    private static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
