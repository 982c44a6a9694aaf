package org.mip.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SFTP on Apache MINA SSHD: one user, jailed in {@code <dataDir>/sftp} (it sees that folder as
 * {@code /}, with {@code /upload} in it), logging in with its password or with a key listed in an
 * OpenSSH authorized_keys file ({@link LocalConfig#sftpAuthorizedKeys()}, read again when it
 * changes, so a key added while the server runs works at the next login; no file, no key login).
 * Scripts use keys: OpenSSH's {@code sftp -b} turns password prompts off. SFTP only: no shell, no
 * exec, no forwarding. Writes the ingest route would never pick up are refused
 * ({@link UploadFolderPolicy}), and the login banner says where files go.
 *
 * <p>The host key is generated on first start into {@code <dataDir>/sftp-hostkey} and reused,
 * so clients' known_hosts entries stay valid across restarts.
 */
public final class LocalSftpServer implements AutoCloseable {

    /** Created inside the SFTP root: where partners drop files. */
    public static final String UPLOAD_DIR = "upload";
    /** Shown by clients at login (OpenSSH sftp prints it unless its LogLevel is ERROR or quieter). */
    static final String BANNER = "medical-imaging-pipeline (local mode): put files into /" + UPLOAD_DIR
            + " (cd /" + UPLOAD_DIR + " first). Only files directly in /" + UPLOAD_DIR
            + " are taken and de-identified; writes anywhere else are refused.\n";

    private final String host;
    private final int requestedPort;
    private final String user;
    private final byte[] password;
    private final Path root;
    private final Path hostKey;
    private final Path authorizedKeys;
    private SshServer sshd;
    private int port;

    public LocalSftpServer(LocalConfig config) {
        this.host = config.host();
        this.requestedPort = config.sftpPort();
        this.user = config.sftpUser();
        this.password = config.sftpPassword().getBytes(StandardCharsets.UTF_8);
        this.root = config.sftpDir();
        this.hostKey = config.sftpHostKey();
        this.authorizedKeys = config.sftpAuthorizedKeys();
    }

    public void start() throws Exception {
        Files.createDirectories(root.resolve(UPLOAD_DIR));
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm("EC"); // ECDSA P-256: built into the JDK, accepted by OpenSSH
        keys.setKeySize(256);

        sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(requestedPort);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((u, p, session) -> user.equals(u)
                && MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8)));
        AuthorizedKeysAuthenticator keyFile = new AuthorizedKeysAuthenticator(authorizedKeys);
        sshd.setPublickeyAuthenticator((u, key, session) -> user.equals(u) && keyFile.authenticate(u, key, session));
        sshd.setKeyboardInteractiveAuthenticator(null);
        CoreModuleProperties.WELCOME_BANNER.set(sshd, BANNER);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new UploadFolderPolicy(UPLOAD_DIR));
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        port = sshd.getPort();
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
            sshd = null;
        }
    }
}
