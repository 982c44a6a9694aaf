package org.mip.deid.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.dict.StandardFiles;

class ActionTableGeneratorTest {

    @Test
    void committedResourceIsWhatTheGeneratorProducesFromTheTsv() throws IOException {
        Path tsv = StandardFiles.require("deid-basic-profile.tsv");
        assertEquals(ActionTableGenerator.generate(tsv), StandardFiles.resource(ActionTable.class, ActionTable.RESOURCE),
                "actions.txt is stale or hand-edited; regenerate: " + ActionTableGenerator.COMMAND);
    }

    @Test
    void headerNamesEditionSourceAndRegenerateCommand() throws IOException {
        String committed = StandardFiles.resource(ActionTable.class, ActionTable.RESOURCE);
        assertTrue(committed.startsWith("# DICOM PS3.15 Table E.1-1"));
        assertTrue(committed.lines().findFirst().orElseThrow().endsWith("edition 2024b"));
        assertTrue(committed.contains("# Regenerate: " + ActionTableGenerator.COMMAND + "\n"));
        assertTrue(committed.contains("# Source: deid-basic-profile.tsv sha256 "));
    }

    @Test
    void mainWritesTheSameFile(@TempDir Path dir) throws IOException {
        Path tsv = StandardFiles.require("deid-basic-profile.tsv");
        Path out = dir.resolve("actions.txt");
        ActionTableGenerator.main(new String[] {tsv.toString(), out.toString()});
        assertEquals(ActionTableGenerator.generate(tsv), Files.readString(out));
    }

    @Test
    void refusesWhatItCannotCarryVerbatim(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("SOURCES.md"), "DICOM edition: **2099a**\n");
        String header = String.join("\t", ActionTableGenerator.header()) + "\n";
        String empties = "\t".repeat(10);
        Path badAction = Files.writeString(dir.resolve("a.tsv"),
                header + "00100010\tPatientName\tPatient's Name\tremove" + empties + "\tY\n");
        assertThrows(IllegalArgumentException.class, () -> ActionTableGenerator.generate(badAction));

        Path noPrivateRow = Files.writeString(dir.resolve("b.tsv"),
                header + "00100010\tPatientName\tPatient's Name\tZ" + empties + "\tY\n");
        assertThrows(IllegalArgumentException.class, () -> ActionTableGenerator.generate(noPrivateRow));

        Path ok = Files.writeString(dir.resolve("c.tsv"), header
                + "00100010\tPatientName\tPatient's Name\tZ" + empties + "\tY\n"
                + "ggggeeee\t\tPrivate Attributes\tX\tC" + "\t".repeat(9) + "\tN\n");
        assertTrue(ActionTableGenerator.generate(ok).endsWith(
                "# rows: 2\n00100010 Z - Y PatientName Patient's Name\nggggeeee X 113111=C N - Private Attributes\n"));
    }
}
