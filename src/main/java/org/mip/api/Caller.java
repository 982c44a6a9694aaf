package org.mip.api;

import java.util.List;

/**
 * An authenticated caller: a name (the API key's name, or the token's subject) for the audit trail
 * and the rate limiter, how it authenticated, and the key prefixes of the processed bucket it may
 * see. A prefix ends with {@code /} (a whole path segment), or is {@link ObjectKeys#ALL} for all.
 */
public record Caller(String name, Kind kind, List<String> prefixes) {
    public enum Kind {
        API_KEY("api-key"), JWT("jwt");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Caller {
        prefixes = List.copyOf(prefixes);
    }

    public boolean mayAccess(String key) {
        for (String p : prefixes) {
            if (p.equals(ObjectKeys.ALL) || key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every key under {@code prefix} (whole segments, ending with /) is within the caller's prefixes. */
    public boolean mayList(String prefix) {
        return mayAccess(prefix);
    }

    public boolean mayAccessEverything() {
        return prefixes.contains(ObjectKeys.ALL);
    }

    /** The rate limiter's bucket: a key name and a token subject never share one. */
    public String id() {
        return kind.label() + ":" + name;
    }
}
