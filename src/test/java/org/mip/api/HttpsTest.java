package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;

/**
 * With mip.api.tls.cert-file and key-file (PEM, as a Kubernetes TLS secret holds them) the REST
 * API speaks HTTPS only. The certificate is made here with the JDK's keytool; the key is given in
 * the PKCS#1 form cert-manager writes (and PKCS#8 is checked by PemTls directly).
 */
class HttpsTest {

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void theApiSpeaksHttpsWithAPemCertificateAndKey(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(dir, java, "-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", "ks.p12", "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("ks.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("api");
        Path certFile = dir.resolve("tls.crt");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        byte[] pkcs8 = ks.getKey("api", "changeit".toCharArray()).getEncoded();
        Path pkcs8File = dir.resolve("pkcs8.key");
        Files.writeString(pkcs8File, pem("PRIVATE KEY", pkcs8));
        Path keyFile = pkcs8File;
        if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            run(dir, "/usr/bin/openssl", "rsa", "-in", "pkcs8.key", "-traditional", "-out", "tls.key");
            assertTrue(Files.readString(dir.resolve("tls.key")).contains("BEGIN RSA PRIVATE KEY"));
            keyFile = dir.resolve("tls.key");
        }
        assertEquals(PemTls.privateKey(pkcs8File), PemTls.privateKey(keyFile));

        Map<String, String> o = new HashMap<>(ApiClient.ports());
        o.put("mip.api.tls.cert-file", certFile.toString());
        o.put("mip.api.tls.key-file", keyFile.toString());
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), o)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("api", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            String port = h.app().settings().get("mip.http.port");
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/openapi.json"))
                    .header("Authorization", "Bearer " + ApiClient.DEV_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"openapi\""));
            HttpResponse<String> anon = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/openapi.json"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anon.statusCode());

            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/openapi.json"))
                    .build(), HttpResponse.BodyHandlers.ofString()), "plain HTTP on the HTTPS port");
        }
    }

    @Test
    void unusableKeysAreConfigErrors(@TempDir Path dir) throws Exception {
        Path enc = dir.resolve("enc.key");
        Files.writeString(enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path cert = dir.resolve("c.pem");
        Files.writeString(cert, "nothing");
        var e = assertThrows(org.mip.config.ConfigException.class, () -> PemTls.keyStore(cert, enc));
        assertTrue(e.getMessage().startsWith("HTTPS: cannot use"), e.getMessage());
        for (String body : List.of("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "no pem here")) {
            Files.writeString(enc, body);
            assertThrows(IllegalArgumentException.class, () -> PemTls.privateKey(enc));
        }
    }
}
