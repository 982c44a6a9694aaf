package org.mip.deid.pixel.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The English model that ships inside the jar (the build puts Tesseract's {@code eng.traineddata}
 * beside this class), unpacked into a folder Tesseract can read. It is the last place looked at,
 * so OCR works on a machine without the tesseract-ocr-eng package and in the container image;
 * a configured folder always wins.
 *
 * <p>The folder is named by the model's SHA-256 and a file found there is used only when its
 * digest matches: a shared temporary directory must not let another user substitute the model.
 */
public final class BundledTessdata {
    /** The languages the jar carries. */
    public static final List<String> LANGUAGES = List.of("eng");
    private static final String RESOURCE = "tessdata/eng.traineddata";

    private BundledTessdata() {
    }

    /** Whether this jar carries every one of the languages. */
    public static boolean covers(List<String> languages) {
        return LANGUAGES.containsAll(languages) && BundledTessdata.class.getResource(RESOURCE) != null;
    }

    /**
     * The folder holding the unpacked model under {@code parent} (normally java.io.tmpdir), or empty
     * when the jar carries no model (a build without the resource).
     *
     * @throws IOException when it cannot be written
     */
    public static Optional<Path> unpack(Path parent) throws IOException {
        byte[] model;
        try (InputStream in = BundledTessdata.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            model = in.readAllBytes();
        }
        String digest = sha256(model);
        Path dir = parent.resolve("mip-tessdata-" + digest.substring(0, 16));
        Path file = dir.resolve("eng.traineddata");
        if (Files.isRegularFile(file) && digest.equals(sha256(Files.readAllBytes(file)))) {
            return Optional.of(dir);
        }
        if (Files.exists(dir) && !Files.isWritable(dir)) {
            dir = Files.createTempDirectory(parent, "mip-tessdata-");
            file = dir.resolve("eng.traineddata");
        }
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, "eng.", ".part");
        try {
            Files.write(part, model);
            try {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return Optional.of(dir);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
