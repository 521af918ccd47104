package org.vdpacheck.tool.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SolversTest {
    /** Kodkod's presence probe of plingeling leaves one of these per lookup. */
    private static List<Path> probeLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("alloy-plingeling")).toList();
        }
    }

    /**
     * Kodkod remembers a probe for the life of the JVM, so this can only fail where no other test
     * of the run probed first (run alone, it failed before the fix).
     */
    @Test
    void theDefaultSolverIsFoundWithoutProbingTheOthers() throws IOException {
        List<Path> before = probeLeftovers();
        assertEquals("sat4j", Solvers.options("sat4j").solver.id());
        assertTrue(Solvers.has("sat4j"));
        List<Path> left = new ArrayList<>(probeLeftovers());
        left.removeAll(before);
        assertEquals(List.of(), left, "a lookup of sat4j left a probe file in the temporary directory");
        assertFalse(Solvers.has("no-such-solver"));
    }
}
