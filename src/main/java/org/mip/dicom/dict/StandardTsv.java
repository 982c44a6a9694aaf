package org.mip.dicom.dict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the standard's tables as shared in {@code dicom-standard/} (UTF-8, tab-separated, a header
 * line, no quoting), read strictly so a changed layout fails the generator instead of producing a
 * silently wrong resource. Used only by the generators, never at run time.
 *
 * @param fileName the TSV's file name (what generated headers cite, never a machine's path)
 * @param sha256   hex SHA-256 of the file, so a resource can be traced to the exact input
 * @param edition  the DICOM edition named in the sibling {@code SOURCES.md} ("DICOM edition: **2024b**")
 * @param rows     the data rows, each with exactly as many fields as the header
 */
public record StandardTsv(String fileName, String sha256, String edition, List<String[]> rows) {

    private static final Pattern EDITION = Pattern.compile("DICOM edition: \\*\\*([0-9]{4}[a-z])\\*\\*");

    /** A generator: the text of a resource made from one of the standard's TSV files. */
    @FunctionalInterface
    public interface Generator {
        String generate(Path tsv) throws IOException;
    }

    /**
     * The {@code main} of a generator: {@code args} are the TSV and the resource to write; wrong
     * arguments print {@code usage} and exit 2.
     */
    public static void generateFromArgs(String[] args, String usage, Generator generator) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, generator.generate(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    public static StandardTsv read(Path tsv, String... expectedHeader) throws IOException {
        byte[] bytes = Files.readAllBytes(tsv);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\r') >= 0) {
            throw new IOException(tsv + ": expected LF line ends");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        String[] header = lines.remove(0).split("\t", -1);
        if (!Arrays.equals(header, expectedHeader)) {
            throw new IOException(tsv + ": header " + Arrays.toString(header)
                    + " differs from the expected " + Arrays.toString(expectedHeader));
        }
        List<String[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            if (fields.length != header.length) {
                throw new IOException(tsv + " line " + (i + 2) + ": " + fields.length + " fields, expected " + header.length);
            }
            rows.add(fields);
        }
        return new StandardTsv(tsv.getFileName().toString(), sha256(bytes), edition(tsv), List.copyOf(rows));
    }

    private static String edition(Path tsv) throws IOException {
        Path sources = tsv.resolveSibling("SOURCES.md");
        Matcher m = EDITION.matcher(Files.readString(sources, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IOException(sources + ": no \"DICOM edition: **YYYYx**\" line");
        }
        return m.group(1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
