package org.vdpacheck.tool.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TraceSyntaxException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files generate writes, from a result made by hand: layout, staleness, replacement. */
class GeneratedFilesTest {
    private static final Goal OPEN = new Goal("V67", "Mlx5", Goal.Kind.EVENT_IN_STATUS, "Open", "S0");
    private static final Goal OPEN_OK = new Goal("V67", "Mlx5", Goal.Kind.EVENT_RESULT, "Open", "Ok");
    private static final Goal UNREACHED = new Goal("V67", "Mlx5", Goal.Kind.EVENT_IN_STATUS, "Open", "DriverOk");

    private static GeneratedFiles files() {
        Trace t = new Trace("open in status 0", "v6.7", "mlx5_vdpa", null, null, null, Map.of(), List.of(
                new Statement.Comment("goal: open in status 0"), new Statement.Op("open", List.of(), "ok"),
                new Statement.Expect(List.of("status", "0"))));
        Map<Goal, Generator.Status> goals = new LinkedHashMap<>();
        goals.put(OPEN, Generator.Status.COVERED);
        goals.put(OPEN_OK, Generator.Status.COVERED);
        goals.put(UNREACHED, Generator.Status.UNREACHABLE);
        return GeneratedFiles.of(new Generator.Result(goals, List.of(new Generator.Test(t, List.of(OPEN, OPEN_OK))), List.of()),
                "test provenance\n");
    }

    @Test
    void oneClassPerCellOneTracePerTestAndTheCoverage() throws TraceSyntaxException {
        Map<String, String> f = files().files();
        assertEquals(3, f.size(), f.keySet().toString());
        String java = f.get("src/test/java/org/vdpacheck/generated/V67Mlx5VdpaTest.java");
        assertTrue(java.startsWith("// test provenance\n"), java);
        assertTrue(java.contains("void openInStatus0(Dma dma)"), java);
        assertTrue(java.contains("Device.create(\"v6.7\", ParentDriver.MLX5_VDPA, dma)"), java);
        String trace = f.get("src/test/resources/generated/traces/v6.7/mlx5_vdpa/openInStatus0.vtrace");
        // The test names the line each step stands on in its trace.
        int line = trace.lines().toList().indexOf("  open -> ok") + 1;
        assertTrue(java.contains("assertEquals(0L, d.open(), at + " + line + ");"), java);
        assertEquals("open in status 0", TraceParser.parse(trace, "t.vtrace").get(0).trace().name());
        String coverage = f.get("src/test/resources/generated/coverage.txt");
        assertTrue(coverage.contains("covered     v6.7 mlx5_vdpa: open -> ok  ->  V67Mlx5VdpaTest.openInStatus0"), coverage);
        assertTrue(coverage.contains("unreachable v6.7 mlx5_vdpa: open in status DRIVER_OK\n"), coverage);
    }

    @Test
    void writeThenNothingIsStale(@TempDir Path root) throws IOException {
        GeneratedFiles g = files();
        g.write(root);
        assertEquals(List.of(), g.stale(root));
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of("src"), left.map(p -> p.getFileName().toString()).toList(), "no temporary tree left");
        }
    }

    @Test
    void aChangedAMissingAndAnExtraFileAreStale(@TempDir Path root) throws IOException {
        GeneratedFiles g = files();
        g.write(root);
        Path java = root.resolve("src/test/java/org/vdpacheck/generated/V67Mlx5VdpaTest.java");
        Files.writeString(java, Files.readString(java).replace("d.open()", "d.open() + 1"));
        Files.delete(root.resolve("src/test/resources/generated/coverage.txt"));
        Files.writeString(root.resolve("src/test/resources/generated/traces/old.vtrace"), "");
        assertEquals(List.of("src/test/java/org/vdpacheck/generated/V67Mlx5VdpaTest.java",
                "src/test/resources/generated/coverage.txt", "src/test/resources/generated/traces/old.vtrace"),
                g.stale(root));
    }

    @Test
    void writeReplacesTheTreesWhole(@TempDir Path root) throws IOException {
        Path stray = root.resolve("src/test/java/org/vdpacheck/generated/Removed.java");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "class Removed {}");
        Path harness = root.resolve("src/test/java/org/vdpacheck/harness/Device.java");
        Files.createDirectories(harness.getParent());
        Files.writeString(harness, "class Device {}");
        files().write(root);
        assertFalse(Files.exists(stray), "a test the spec no longer generates is gone");
        assertTrue(Files.exists(harness), "what the generator does not own is left alone");
    }
}
