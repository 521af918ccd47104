package org.vdpacheck.tool;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the model-checking commands: a message with its position, exit 2, nothing else. */
class CheckCommandTest {
    @Test
    @DisplayName("a proposal with a syntax error: FILE:LINE:COLUMN, exit 2, no stack trace")
    void syntaxError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.als");
        Files.writeString(bad, "module broken\n\none sig Oops extends {}\n");
        CliRun r = CliRun.run("check", "--spec", "../spec/vdpacheck.als", "--no-cache", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(bad.toAbsolutePath() + ":3:"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    @DisplayName("a spec file that does not exist: exit 2 with its name")
    void missingSpec() {
        CliRun r = CliRun.run("audit", "--spec", "no/such/spec.als");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no/such/spec.als"), r.err());
    }

    @Test
    @DisplayName("an unknown solver: exit 2, and the solvers there are")
    void unknownSolver() {
        CliRun r = CliRun.run("audit", "--spec", "../spec/vdpacheck.als", "--solver", "z3");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("sat4j"), r.err());
    }
}
