package org.vdpacheck.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmitCCommandTest {
    @TempDir
    Path tmp;

    @Test
    void oneFilePerScenarioUnderOut() throws IOException {
        CliRun r = CliRun.run("emit-c", "--out", tmp.toString(), "../scenarios/reset.vtrace");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(tmp.resolve("reset-2.c"))
                .contains("scenario \"v6.7 vdpa_sim without PERSIST: reset goes back to the 1:1 map\""));
        assertTrue(Files.exists(tmp.resolve("reset-4.c")));
    }

    @Test
    void severalScenariosAndNoOutIsBadUsage() {
        CliRun r = CliRun.run("emit-c", "../scenarios/reset.vtrace");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("../scenarios/reset.vtrace:1:1: 4 scenarios: give --out DIR"), r.err());
    }

    @Test
    void aMalformedFileGetsItsPositionAndNoProgram() throws IOException {
        Path bad = tmp.resolve("bad.vtrace");
        Files.writeString(bad, "scenario \"x\" {\n  kernel v6.7\n  parent vdpa_sim\n  update asid 0\n}\n");
        CliRun r = CliRun.run("emit-c", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(bad + ":4:"), r.err());
        assertEquals("", r.out());
    }
}
