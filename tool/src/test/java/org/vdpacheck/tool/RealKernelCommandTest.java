package org.vdpacheck.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What realkernel refuses before it builds or boots anything. The VM itself is run by .ci/run. */
class RealKernelCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownKernelIsBadUsage() {
        CliRun r = CliRun.run("realkernel", "--kernel", "5.10", "../scenarios/reset.vtrace");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown kernel 5.10 (6.1 or 6.12)"), r.err());
    }

    @Test
    void aMalformedScenarioIsReportedWithItsPositionBeforeAnythingIsBuilt() throws IOException {
        Path bad = tmp.resolve("bad.vtrace");
        Files.writeString(bad, "scenario \"x\" {\n  kernel v6.7\n  parent vdpa_sim\n  opne\n}\n");
        CliRun r = CliRun.run("realkernel", "--cache", tmp.resolve("cache").toString(), bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(bad + ":4:"), r.err());
        assertTrue(Files.notExists(tmp.resolve("cache")), "nothing built for a malformed file");
    }
}
