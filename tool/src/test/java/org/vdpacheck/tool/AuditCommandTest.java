package org.vdpacheck.tool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit's machine output at a small bound: one verdict per planned check, a file per ✗. */
class AuditCommandTest {
    @Test
    @DisplayName("audit --json --out: every cell's verdict, and one .vtrace per counterexample")
    void jsonAndTraces(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.run("audit", "--spec", "../spec/vdpacheck.als", "--steps", "3", "--no-cache", "--json",
                "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        // 9 kernel invariants x 4 kernels x 5 parents for any userspace, NoFault x 9 clients x 20.
        assertEquals(9 * 20 + 9 * 20, doc.get("verdicts").size());
        long refuted = 0;
        for (JsonNode v : doc.get("verdicts")) {
            if (!v.get("holds").asBoolean()) {
                refuted++;
                assertTrue(v.get("counterexample").asText().startsWith("scenario \""), v.toString());
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(refuted, files.filter(f -> f.toString().endsWith(".vtrace")).count());
        }
    }
}
