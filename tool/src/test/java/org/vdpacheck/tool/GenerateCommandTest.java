package org.vdpacheck.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed generated-tests/ are what the spec generates now (so generation is deterministic
 * across runs and machines), and each generated trace is a scenario replay agrees with.
 */
class GenerateCommandTest {
    private static final Path TRACES = Path.of("..", "generated-tests", "src", "test", "resources", "generated",
            "traces");

    @Test
    @DisplayName("generate --check: the committed tests are what the spec generates, byte for byte")
    void committedTestsAreCurrent() {
        CliRun r = CliRun.run("generate", "--check", "--spec", "../spec/vdpacheck.als", "--out", "../generated-tests");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("generated-tests/ is up to date"), r.out());
    }

    @Test
    @DisplayName("every generated trace parses and replays against impl/ without a divergence")
    void everyTraceReplays() throws IOException {
        List<String> args = new ArrayList<>(List.of("replay"));
        try (Stream<Path> files = Files.walk(TRACES)) {
            files.filter(f -> f.toString().endsWith(".vtrace")).sorted().forEach(f -> args.add(f.toString()));
        }
        assertTrue(args.size() > 300, "the generator's 300 tests");
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out().lines().filter(l -> !l.startsWith("PASS")).toList());
        assertEquals(args.size() - 1, r.out().lines().filter(l -> l.startsWith("PASS")).count());
    }

    @Test
    @DisplayName("an --out that is not a directory is bad input, said before any search")
    void aMissingOutDirectoryIsBadInput(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-module");
        CliRun r = CliRun.run("generate", "--spec", "../spec/vdpacheck.als", "--out", missing.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(missing + ": no such directory"), r.err());
        assertTrue(r.out().isEmpty(), "no goal was searched: " + r.out());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aBoundBelowOneIsBadInput() {
        CliRun r = CliRun.run("generate", "--check", "--steps", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--steps and --scope must be at least 1"), r.err());
    }
}
