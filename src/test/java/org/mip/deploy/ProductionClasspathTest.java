package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The production image leaves the local-mode servers out (pom.xml profile "image"), so no class
 * outside org.mip.local may refer to them, and org.mip.local itself is reached only from the two
 * places that start it in local mode. Read from the compiled classes' constant pools (every type a
 * class uses is named there). ProdImageIT then runs the application on the production classpath.
 */
class ProductionClasspathTest {

    static final Path CLASSES = Repo.ROOT.resolve("target/classes");

    /** Packages of the local-mode servers and of the libraries only they bring in. */
    static final Pattern LOCAL_SERVERS = Pattern.compile(
            "(?:^|L|\\[)(org/gaul|org/elasticmq|org/apache/sshd|org/apache/pekko|scala|jakarta/servlet|tools/jackson|"
                    + "org/scalikejdbc|scalikejdbc|com/typesafe|org/h2)/");
    static final Pattern LOCAL_PACKAGE = Pattern.compile("(?:^|L|\\[)org/mip/local/");
    /**
     * Where local mode is started and shown: PipelineApplication.startLocal, the error handling of
     * RunCommand, the Banner's local endpoints (only when {@code app.local()} is not null). Loading
     * these org.mip.local types is harmless (they are in the jar); running them is local mode only.
     */
    static final Set<String> MAY_USE_LOCAL = Set.of("org/mip/app/PipelineApplication", "org/mip/cli/RunCommand",
            "org/mip/app/Banner");

    @Test
    void onlyOrgMipLocalUsesTheLocalServers() throws IOException {
        TreeMap<String, Set<String>> offenders = new TreeMap<>();
        TreeMap<String, Set<String>> localUsers = new TreeMap<>();
        List<Path> classes = Repo.files(CLASSES, ".class");
        assertTrue(classes.size() > 100, "compiled classes in " + CLASSES + ": " + classes.size());
        for (Path c : classes) {
            String name = CLASSES.relativize(c).toString().replace('\\', '/').replaceAll("\\.class$", "");
            String outer = name.replaceAll("\\$.*", "");
            boolean inLocal = name.startsWith("org/mip/local/");
            for (String utf8 : utf8Constants(Files.readAllBytes(c))) {
                Matcher m = LOCAL_SERVERS.matcher(utf8);
                if (!inLocal && m.find()) {
                    offenders.computeIfAbsent(name, k -> new TreeSet<>()).add(utf8);
                }
                if (!inLocal && LOCAL_PACKAGE.matcher(utf8).find()) {
                    localUsers.computeIfAbsent(outer, k -> new TreeSet<>()).add(utf8);
                }
            }
        }
        assertEquals(new TreeMap<>(), offenders, "classes outside org.mip.local that refer to the local-mode servers");
        assertTrue(MAY_USE_LOCAL.containsAll(localUsers.keySet()),
                () -> "org.mip.local is used outside local mode's start-up: " + localUsers);
    }

    @Test
    void theCheckSeesWhatItLooksFor() throws IOException {
        // The scanner finds the servers where they are used: in org.mip.local.
        Set<String> found = new TreeSet<>();
        for (Path c : Repo.files(CLASSES.resolve("org/mip/local"), ".class")) {
            for (String utf8 : utf8Constants(Files.readAllBytes(c))) {
                Matcher m = LOCAL_SERVERS.matcher(utf8);
                if (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        assertTrue(found.containsAll(Set.of("org/gaul", "org/elasticmq", "org/apache/sshd")), "found " + found);
    }

    /** The UTF-8 entries of a class file's constant pool (class names, descriptors, strings). */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        return out;
    }
}
