package org.mip.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.config.ConfigException;

/**
 * HTTPS for the REST API from the PEM files a Kubernetes TLS secret or cert-manager gives
 * ({@code tls.crt}: the certificate chain, leaf first; {@code tls.key}: an unencrypted PKCS#8
 * "PRIVATE KEY" (RSA or EC) or a PKCS#1 "RSA PRIVATE KEY"), read into an in-memory key store: the
 * key is never written to disk. The REST adapters turn it into Camel's TLS settings
 * ({@code org.mip.rest.ApiTls}).
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemTls() {
    }

    /** The certificate chain and key in an in-memory PKCS#12 store, under a random password of this run. */
    public record Keys(KeyStore store, String password) {
        /** The alias of the one key entry. */
        public static final String ALIAS = "mip-api";
    }

    /** Reads the PEM files into a key store; a file that cannot be used is a configuration problem naming it. */
    public static Keys keyStore(Path certFile, Path keyFile) {
        try {
            List<Certificate> chain = certificates(certFile);
            PrivateKey key = privateKey(keyFile);
            char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(Keys.ALIAS, key, password, chain.toArray(Certificate[]::new));
            return new Keys(store, new String(password));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(List.of("HTTPS: cannot use mip.api.tls.cert-file " + certFile + " and mip.api.tls.key-file "
                    + keyFile + ": " + e.getMessage()));
        }
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + file);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    for (String alg : List.of("RSA", "EC", "Ed25519")) {
                        try {
                            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                        } catch (GeneralSecurityException e) {
                            // try the next algorithm
                        }
                    }
                    throw new IllegalArgumentException("the PKCS#8 key is not an RSA, EC or Ed25519 key");
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("the key is encrypted: give an unencrypted key "
                        + "(a Kubernetes secret protects it), e.g. openssl pkcs8 -topk8 -nocrypt");
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException("SEC1 EC keys are not read: convert with "
                        + "openssl pkcs8 -topk8 -nocrypt -in tls.key");
                default -> {
                    // e.g. EC PARAMETERS before the key: skip
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key in " + file);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(version, algorithm, octets);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
