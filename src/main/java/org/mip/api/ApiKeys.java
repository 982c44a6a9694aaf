package org.mip.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API keys the service accepts, held only as SHA-256 hashes. An entry reads
 * {@code NAME sha256:HEX PREFIX[,PREFIX...]}; entries are separated by new lines (a mounted secret
 * file) or by {@code ;} (one setting). Lines starting with # are comments.
 *
 * <p>Why a plain SHA-256 and not PBKDF2/bcrypt: API keys are random 256-bit values made by a
 * machine (docs/API.md shows how), not passwords; guessing a preimage of one SHA-256 is 2^256 work,
 * so key stretching would add nothing but milliseconds of CPU to every request (which an
 * unauthenticated client could then spend at will). The lookup is by hash: timing can only reveal
 * something about the hash of the attacker's own guess, never about a stored key.
 */
public final class ApiKeys {
    /** The development key of local mode, allowed everything. */
    public static final String LOCAL_DEV_KEY = "local-dev-key";
    public static final String LOCAL_DEV_NAME = "local-dev";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Map<String, Caller> byHash;

    private ApiKeys(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeys empty() {
        return new ApiKeys(Map.of());
    }

    /**
     * Parses entries; every problem is added to {@code problems} with {@code origin} (never the
     * line itself, which holds a hash). Returns what could be parsed.
     */
    public static ApiKeys parse(List<Source> sources, boolean localDevKey, List<String> problems) {
        Map<String, Caller> byHash = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        if (localDevKey) {
            byHash.put(hashOf(LOCAL_DEV_KEY), new Caller(LOCAL_DEV_NAME, Caller.Kind.API_KEY, List.of(ObjectKeys.ALL)));
            names.put(LOCAL_DEV_NAME, "the local development key");
        }
        for (Source source : sources) {
            String[] entries = source.text().split(source.separator());
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String where = source.origin() + " entry " + (i + 1);
                String[] f = entry.split("\\s+");
                if (f.length != 3) {
                    problems.add(where + " must be NAME sha256:HEX PREFIX[,PREFIX...] (three fields), not " + f.length + " fields");
                    continue;
                }
                String name = f[0];
                String hash = f[1].toLowerCase(java.util.Locale.ROOT);
                if (!NAME.matcher(name).matches()) {
                    problems.add(where + ": the name must be 1-64 letters, digits or ._@- (starting with a letter or digit)");
                    continue;
                }
                if (!HASH.matcher(hash).matches()) {
                    problems.add(where + " (" + name + "): the hash must be sha256: followed by 64 hex digits "
                            + "(printf %s \"$KEY\" | sha256sum)");
                    continue;
                }
                List<String> prefixes = new ArrayList<>();
                boolean ok = true;
                for (String p : f[2].split(",")) {
                    String why = p.isEmpty() ? "is empty" : ObjectKeys.prefixProblem(p);
                    if (why != null) {
                        problems.add(where + " (" + name + "): the prefix \"" + p + "\" " + why);
                        ok = false;
                    }
                    prefixes.add(p);
                }
                if (!ok) {
                    continue;
                }
                String other = names.put(name, where);
                if (other != null) {
                    problems.add(where + ": the name " + name + " is already used by " + other);
                    continue;
                }
                String digest = hash.substring("sha256:".length());
                Caller previous = byHash.put(digest, new Caller(name, Caller.Kind.API_KEY, prefixes));
                if (previous != null) {
                    problems.add(where + " (" + name + "): the same key hash as " + previous.name() + " (or the local development key)");
                }
            }
        }
        return new ApiKeys(byHash);
    }

    /** A text of entries, where it came from (for messages) and what separates its entries. */
    public record Source(String text, String origin, String separator) {
    }

    /** The caller of a presented key, or null. */
    public Caller lookup(String presentedKey) {
        return byHash.get(hashOf(presentedKey));
    }

    public int size() {
        return byHash.size();
    }

    /** The lower-case hex SHA-256 of a key's UTF-8 bytes (what `printf %s KEY | sha256sum` prints). */
    public static String hashOf(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
