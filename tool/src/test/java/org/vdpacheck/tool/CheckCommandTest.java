package org.vdpacheck.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new String[] {"" + exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    @DisplayName("a proposal with a syntax error: FILE:LINE:COLUMN, exit 2, no stack trace")
    void syntaxError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.als");
        Files.writeString(bad, "module broken\n\none sig Oops extends {}\n");
        String[] r = run("check", "--spec", "../spec/vdpacheck.als", "--no-cache", bad.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith(bad.toAbsolutePath() + ":3:"), r[2]);
        assertFalse(r[2].contains("\tat "), r[2]);
    }

    @Test
    @DisplayName("a spec file that does not exist: exit 2 with its name")
    void missingSpec() {
        String[] r = run("audit", "--spec", "no/such/spec.als");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no/such/spec.als"), r[2]);
    }

    @Test
    @DisplayName("an unknown solver: exit 2, and the solvers there are")
    void unknownSolver() {
        String[] r = run("audit", "--spec", "../spec/vdpacheck.als", "--solver", "z3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("sat4j"), r[2]);
    }
}
