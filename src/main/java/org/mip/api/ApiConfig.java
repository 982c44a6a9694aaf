package org.mip.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.config.ConfigException;
import org.mip.config.Settings;

/**
 * The REST API's settings ({@code mip.api.*}), checked: API key entries and their file, the JWT
 * issuer/audience/JWKS, link expiry bounds, the rate limit, the limit on failed authentications
 * and the trusted proxies, the study scan bound, the existence cache's lifetime and the TLS files.
 * {@link #problems} lists everything wrong at once (for the settings validator); {@link #from}
 * builds the configuration the application uses.
 */
public record ApiConfig(ApiKeys keys, JwtVerifier.Config jwt, Duration defaultExpiry, Duration maxExpiry,
                        double ratePerSecond, int rateBurst, double authFailuresPerSecond, int authFailureBurst,
                        ClientAddress clients, int maxStudyListRequests, Duration existenceCacheTtl, Path tlsCert, Path tlsKey) {
    /** S3 (SigV4) refuses presigned URLs valid for more than 7 days. */
    public static final long SEVEN_DAYS = 7L * 24 * 3600;
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
            "ES384", "ES512");

    public static List<String> problems(Settings s) {
        List<String> p = new ArrayList<>();
        parse(s, p);
        return p;
    }

    public static ApiConfig from(Settings s) {
        List<String> p = new ArrayList<>();
        ApiConfig c = parse(s, p);
        if (!p.isEmpty()) {
            throw new ConfigException(p);
        }
        return c;
    }

    public boolean jwtEnabled() {
        return jwt != null;
    }

    public boolean tlsEnabled() {
        return tlsCert != null;
    }

    private static ApiConfig parse(Settings s, List<String> p) {
        boolean dev = bool(s, p, "mip.api.local-dev-key");
        // An unknown mode is reported once by the settings check; only a real aws mode refuses the key.
        if (dev && "aws".equals(s.get("mip.mode"))) {
            p.add("mip.api.local-dev-key is true in aws mode: the development key (local-dev-key) is for local mode only");
        }
        List<ApiKeys.Source> sources = new ArrayList<>();
        if (s.isSet("mip.api.keys")) {
            sources.add(new ApiKeys.Source(s.get("mip.api.keys"), "mip.api.keys", ";"));
        }
        if (s.isSet("mip.api.keys-file")) {
            Path f = s.getPath("mip.api.keys-file");
            try {
                sources.add(new ApiKeys.Source(Files.readString(f, StandardCharsets.UTF_8), "mip.api.keys-file " + f, "\\R"));
            } catch (IOException e) {
                p.add("mip.api.keys-file: cannot read " + f + ": " + org.mip.config.FileProblems.describe(e));
            }
        }
        ApiKeys keys = ApiKeys.parse(sources, dev && s.isLocal(), p);

        JwtVerifier.Config jwt = jwt(s, p);

        long def = number(s, p, "mip.api.links.default-expiry-seconds", 1, SEVEN_DAYS);
        long max = number(s, p, "mip.api.links.max-expiry-seconds", 1, SEVEN_DAYS);
        if (def > 0 && max > 0 && def > max) {
            p.add("mip.api.links.default-expiry-seconds (" + def + ") is more than mip.api.links.max-expiry-seconds (" + max + ")");
        }
        double rate = rate(s, p, "mip.api.rate-limit.per-second", "requests per second per caller, e.g. 0.5 or 20");
        long burst = number(s, p, "mip.api.rate-limit.burst", 1, 1_000_000);
        double failureRate = rate(s, p, "mip.api.auth-failure-limit.per-second",
                "failed authentications forgiven per second per client address, e.g. 0.1");
        long failureBurst = number(s, p, "mip.api.auth-failure-limit.burst", 1, 1_000_000);
        ClientAddress clients = ClientAddress.parse(s.getList("mip.api.trusted-proxies"), "mip.api.trusted-proxies", p);
        long scan = number(s, p, "mip.api.study-scan.max-list-requests", 1, 1_000_000);
        long existence = number(s, p, "mip.api.links.existence-cache-seconds", 0, 300);

        Path cert = null;
        Path key = null;
        if (s.isSet("mip.api.tls.cert-file") != s.isSet("mip.api.tls.key-file")) {
            p.add("HTTPS needs both mip.api.tls.cert-file and mip.api.tls.key-file (PEM), or neither");
        } else if (s.isSet("mip.api.tls.cert-file")) {
            cert = s.getPath("mip.api.tls.cert-file");
            key = s.getPath("mip.api.tls.key-file");
            for (Path f : List.of(cert, key)) {
                if (!Files.isReadable(f)) {
                    p.add("the TLS file " + f + " cannot be read");
                }
            }
        }
        return new ApiConfig(keys, jwt, Duration.ofSeconds(Math.max(def, 1)), Duration.ofSeconds(Math.max(max, 1)), rate,
                (int) Math.max(burst, 1), failureRate, (int) Math.max(failureBurst, 1), clients, (int) Math.max(scan, 1),
                Duration.ofSeconds(Math.max(existence, 0)), cert, key);
    }

    private static double rate(Settings s, List<String> p, String key, String example) {
        try {
            double rate = s.getDouble(key);
            if (!(rate > 0) || rate > 1_000_000) {
                p.add(key + " is " + s.get(key) + "; it must be more than 0 (" + example + ")");
            }
            return rate;
        } catch (ConfigException e) {
            p.addAll(e.problems());
            return 0;
        }
    }

    private static JwtVerifier.Config jwt(Settings s, List<String> p) {
        boolean any = false;
        for (String k : List.of("mip.api.jwt.issuer", "mip.api.jwt.audience", "mip.api.jwt.jwks-url", "mip.api.jwt.jwks-file")) {
            any |= s.isSet(k);
        }
        if (!any) {
            return null;
        }
        int before = p.size();
        for (String k : List.of("mip.api.jwt.issuer", "mip.api.jwt.audience")) {
            if (!s.isSet(k)) {
                p.add("JWT authentication needs " + k + " (environment variable " + Settings.envName(k) + ")");
            }
        }
        URI url = null;
        Path file = null;
        if (s.isSet("mip.api.jwt.jwks-url") == s.isSet("mip.api.jwt.jwks-file")) {
            p.add("JWT authentication needs exactly one of mip.api.jwt.jwks-url and mip.api.jwt.jwks-file");
        } else if (s.isSet("mip.api.jwt.jwks-url")) {
            try {
                url = URI.create(s.get("mip.api.jwt.jwks-url"));
                String host = url.getHost();
                // Only an IP literal is known to be loopback; a name (localhost included) is what a
                // resolver says, and 127.attacker.example is anywhere.
                if (url.getScheme() == null || host == null) {
                    p.add("mip.api.jwt.jwks-url must be an https URL");
                } else if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && IpLiteral.isLoopback(host))) {
                    p.add("mip.api.jwt.jwks-url must use https (plain http only on a loopback IP address such as "
                            + "http://127.0.0.1:PORT/ or http://[::1]:PORT/, not a name, localhost included): "
                            + "keys fetched in clear text could be replaced by anyone on the path");
                }
            } catch (IllegalArgumentException e) {
                p.add("mip.api.jwt.jwks-url is not a URL");
            }
        } else {
            file = s.getPath("mip.api.jwt.jwks-file");
            if (!Files.isReadable(file)) {
                p.add("mip.api.jwt.jwks-file " + file + " cannot be read");
            } else {
                try {
                    if (com.nimbusds.jose.jwk.JWKSet.load(file.toFile()).getKeys().isEmpty()) {
                        p.add("mip.api.jwt.jwks-file " + file + " holds no key");
                    }
                } catch (IOException | java.text.ParseException e) {
                    p.add("mip.api.jwt.jwks-file " + file + " is not a JWK set (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        Set<String> algs = new LinkedHashSet<>(s.getList("mip.api.jwt.algorithms"));
        if (algs.isEmpty() || !ALGORITHMS.containsAll(algs)) {
            p.add("mip.api.jwt.algorithms is \"" + s.get("mip.api.jwt.algorithms") + "\"; allowed: "
                    + String.join(", ", new java.util.TreeSet<>(ALGORITHMS)) + " (asymmetric only: no none, no HS*)");
        }
        for (String k : List.of("mip.api.jwt.name-claim", "mip.api.jwt.prefixes-claim")) {
            if (!s.isSet(k)) {
                p.add(k + " must name a claim");
            }
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (s.isSet("mip.api.jwt.claim-prefixes")) {
            for (String entry : s.get("mip.api.jwt.claim-prefixes").split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    p.add("mip.api.jwt.claim-prefixes entry \"" + entry.strip() + "\" must be VALUE=PREFIX[,PREFIX...]");
                    continue;
                }
                List<String> prefixes = new ArrayList<>();
                for (String pr : entry.substring(eq + 1).strip().split(",")) {
                    String pref = pr.strip();
                    String why = pref.isEmpty() ? "is empty" : ObjectKeys.prefixProblem(pref);
                    if (why != null) {
                        p.add("mip.api.jwt.claim-prefixes: the prefix \"" + pref + "\" " + why);
                    }
                    prefixes.add(pref);
                }
                map.put(entry.substring(0, eq).strip(), prefixes);
            }
        }
        long skew = number(s, p, "mip.api.jwt.clock-skew-seconds", 0, 600);
        boolean plain = bool(s, p, "mip.api.jwt.allow-plain-jwt");
        long tolerance = number(s, p, "mip.api.jwt.jwks-outage-tolerance-seconds", 0, SEVEN_DAYS);
        if (p.size() > before) {
            return null;
        }
        return new JwtVerifier.Config(s.get("mip.api.jwt.issuer"), s.get("mip.api.jwt.audience"), url, file, algs,
                s.get("mip.api.jwt.name-claim"), s.get("mip.api.jwt.prefixes-claim"), map, (int) skew, plain,
                JwtVerifier.DEFAULT_JWKS_CACHE, Duration.ofSeconds(tolerance));
    }

    private static boolean bool(Settings s, List<String> p, String key) {
        try {
            return s.getBoolean(key);
        } catch (ConfigException e) {
            p.addAll(e.problems());
            return false;
        }
    }

    private static long number(Settings s, List<String> p, String key, long min, long max) {
        try {
            long v = s.getLong(key);
            if (v < min || v > max) {
                p.add(key + " is " + v + "; it must be between " + min + " and " + max
                        + (key.endsWith("expiry-seconds") ? " (7 days, the longest a SigV4 presigned URL may live)" : ""));
                return -1;
            }
            return v;
        } catch (ConfigException e) {
            p.addAll(e.problems());
            return -1;
        }
    }
}
