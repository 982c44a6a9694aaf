package org.mip.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every shell block of the documentation says whether the docs test runs it (and what it must print)
 * or why it cannot run here; every block names its language. Cheap, so it runs with the unit tests;
 * DocsIT runs the blocks themselves against the packaged jar.
 */
class DocBlocksTest {
    static final Path ROOT = Path.of("");

    @Test
    void everyShellBlockOfTheDocsIsMarkedAndEveryBlockNamesItsLanguage() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> docs = DocBlocks.documents(ROOT.toAbsolutePath());
        assertTrue(docs.contains(Path.of("README.md")) && docs.contains(Path.of("docs/USER_GUIDE.md")), docs.toString());
        for (Path doc : docs) {
            List<DocBlocks.Block> blocks = DocBlocks.of(ROOT.toAbsolutePath(), doc);
            problems.addAll(DocBlocks.problems(blocks));
            for (DocBlocks.Block b : blocks) {
                if (b.shell()) {
                    counts.merge(b.marker().kind().name(), 1, Integer::sum);
                }
            }
        }
        System.out.println("docs: shell blocks by marker " + counts + " in " + docs.size() + " Markdown files");
        assertTrue(problems.isEmpty(), "\n" + String.join("\n", problems));
        assertTrue(counts.getOrDefault("RUN", 0) >= 10, "the docs test runs real commands: " + counts);
    }

    @Test
    void markersParse() {
        DocBlocks.Marker m = DocBlocks.marker(" exit 2; prints \"a; \\\"b\\\"\"; within 30 s; prints \"c\" ");
        assertEquals(DocBlocks.Marker.Kind.RUN, m.kind());
        assertEquals(2, m.exit());
        assertEquals(30, m.withinSeconds());
        assertEquals(List.of("a; \"b\"", "c"), m.prints());
        assertEquals("needs AWS", DocBlocks.marker("not run: needs AWS").reason());
        assertEquals("trial.yaml", DocBlocks.marker("file trial.yaml").file());
        assertEquals(DocBlocks.Marker.Kind.ENDPOINTS, DocBlocks.marker("endpoints").kind());
        assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("prints \"x\""), "the exit status is required");
        assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("exit 0; maybe"));
        assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("not run:"));
        assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("file ../x"));
    }

    @Test
    void unmarkedUnlabelledAndPromptInTextAreEachReported() {
        String md = String.join("\n",
                "# x",
                "```bash",                           // 2: no marker
                "ls",
                "```",
                "```",                               // 5: no language
                "text",
                "```",
                "```text",                           // 8: a command in disguise
                "$ bin/mip dump x.dcm",
                "```",
                "<!-- test: exit 0; sometimes -->",
                "```sh",                             // 12: a marker that does not parse
                "true",
                "```",
                "<!-- test: exit 0 -->",
                "  ```console",                      // 16: fine, indented in a list
                "  $ echo hi",
                "  hi",
                "  ```",
                "");
        List<DocBlocks.Block> blocks = DocBlocks.parse(Path.of("x.md"), md);
        assertEquals(5, blocks.size());
        List<String> p = DocBlocks.problems(blocks);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("x.md:2: a shell block without a test marker"), p.get(0));
        assertTrue(p.get(1).startsWith("x.md:5: a block without a language"), p.get(1));
        assertTrue(p.get(2).startsWith("x.md:8: ```text block with a \"$ \" command"), p.get(2));
        assertTrue(p.get(3).startsWith("x.md:12: unknown clause \"sometimes\""), p.get(3));
        DocBlocks.Block console = blocks.get(4);
        assertEquals("echo hi\n", console.script());
        assertEquals(List.of("hi"), console.shownOutput());
    }
}
