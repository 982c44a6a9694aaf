package org.mip.rest;

import java.util.List;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.mip.api.PemTls;

/** The REST API's HTTPS as Camel's {@link SSLContextParameters}: the PEM key store of {@link PemTls}, TLS 1.2 and 1.3 only. */
public final class ApiTls {
    private ApiTls() {
    }

    public static SSLContextParameters sslContextParameters(PemTls.Keys keys) {
        KeyStoreParameters ksp = new KeyStoreParameters();
        ksp.setKeyStore(keys.store());
        ksp.setPassword(keys.password());
        KeyManagersParameters kmp = new KeyManagersParameters();
        kmp.setKeyStore(ksp);
        kmp.setKeyPassword(keys.password());
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setKeyManagers(kmp);
        ssl.setSecureSocketProtocol("TLS");
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        ssl.setSecureSocketProtocols(protocols);
        ssl.setServerParameters(new SSLContextServerParameters());
        return ssl;
    }
}
