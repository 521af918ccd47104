package org.vdpacheck.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vdpacheck replay on hand-written scenarios whose results come from kernel-semantics.md (each
 * file cites its sections), and on copies of them with one thing made wrong.
 */
class ReplayCommandTest {
    static final Path SCENARIOS = Path.of("src", "test", "resources", "replay");
    static final Path FORMAT_EXAMPLE = SCENARIOS.resolve("format-example.vtrace");
    /** The user-facing corpus at the top of the checkout. */
    static final Path CORPUS = Path.of("..", "scenarios");

    @TempDir
    Path tmp;

    static Stream<Path> handWritten() throws IOException {
        return vtraceFiles(SCENARIOS);
    }

    static Stream<Path> corpus() throws IOException {
        return vtraceFiles(CORPUS);
    }

    static Stream<Path> vtraceFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".vtrace")).sorted().toList();
            assertFalse(all.isEmpty(), "no .vtrace in " + dir);
            return all.stream();
        }
    }

    /** Every scenario of the file passes: exit 0, one PASS line each, nothing on stderr. */
    static void assertAllPass(Path file) throws IOException {
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("", r.err());
        long scenarios = Files.readAllLines(file).stream().filter(l -> l.startsWith("scenario \"")).count();
        assertEquals(scenarios, r.out().lines().filter(l -> l.startsWith("PASS \"")).count(), r.out());
    }

    @ParameterizedTest
    @MethodSource("handWritten")
    void scenariosDerivedFromTheKernelFactsReplayOnImpl(Path file) throws IOException {
        assertAllPass(file);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void theScenariosCorpusReplaysOnImpl(Path file) throws IOException {
        assertAllPass(file);
    }

    /** A copy of a file with one line replaced; returns the copy. */
    private Path withLine(Path file, String line, String replacement) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(line), line);
        Path copy = tmp.resolve(file.getFileName());
        Files.writeString(copy, text.replace(line, replacement));
        return copy;
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    /** The format example with one line made wrong diverges there: exit 1, one line naming it. */
    private void assertExampleDivergesAt(String line, String wrong, String explanation) throws IOException {
        Path bad = withLine(FORMAT_EXAMPLE, line, wrong);
        CliRun r = CliRun.run("replay", bad.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(bad + ":" + lineOf(bad, wrong) + ": \"persist keeps mappings across reset\": " + wrong.strip()
                + ": " + explanation + "\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aWrongExpectationIsReportedAtItsLineAndExitsOne() throws IOException {
        assertExampleDivergesAt("expect iotlb asid 0 { 0x0 size 0x10000 uaddr 0x7f0000000000 perm rw }",
                "expect iotlb asid 0 { 0x0 size 0x10000 uaddr 0x7f0000100000 perm rw }",
                "expected { 0x0 size 0x10000 uaddr 0x7f0000100000 perm rw }, "
                        + "impl returned { 0x0 size 0x10000 uaddr 0x7f0000000000 perm rw }");
    }

    @Test
    void aWrongDmaResultIsCaught() throws IOException {
        // After a PERSIST reset the MR is kept (c3 mlx5 v6.7): identity would be the v6.6 answer.
        assertExampleDivergesAt("dma asid 0 iova 0x1000 read -> 0x7f0000001000", "dma asid 0 iova 0x1000 read -> identity",
                "expected identity, impl returned 0x7f0000001000");
    }

    @Test
    void aDivergenceStopsItsScenarioButNotTheNextOne() throws IOException {
        Path file = tmp.resolve("two.vtrace");
        Files.writeString(file, """
                scenario "wrong offer" {
                  kernel v6.6
                  parent vduse
                  open -> ok
                  set_owner -> ok
                  get_backend_features -> IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID SUSPEND
                  set_status 0 -> EINVAL
                }
                # The offer compares as a set, in any order (b1: vduse has no suspend op, C-2).
                scenario "right offer" {
                  kernel v6.6
                  parent vduse
                  open -> ok
                  set_owner -> ok
                  get_backend_features -> IOTLB_ASID IOTLB_BATCH IOTLB_MSG_V2
                }
                """);
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(file + ":6: \"wrong offer\": get_backend_features -> IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID SUSPEND: "
                + "expected IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID SUSPEND, impl returned IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID\n"
                + "PASS \"right offer\" (3 steps)\n", r.out());
    }

    @Test
    void aGroupBindingIsCheckedAndAResetUndoesIt() throws IOException {
        Path file = tmp.resolve("bound.vtrace");
        // b5: every parent's reset binds each group to ASID 0 again, PERSIST or not.
        Files.writeString(file, """
                scenario "kept" {
                  kernel v6.7
                  parent vdpa_sim
                  open -> ok
                  set_owner -> ok
                  set_backend_features IOTLB_MSG_V2 IOTLB_ASID IOTLB_PERSIST -> ok
                  set_group_asid group 1 asid 1 -> ok
                  set_status 0 -> ok
                  expect group 1 asid 0x1
                }
                """);
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(file + ":9: \"kept\": expect group 1 asid 0x1: expected 0x1, impl returned 0\n", r.out());
    }

    @Test
    void aGroupTheParentDoesNotHaveDiverges() throws IOException {
        Path file = tmp.resolve("nogroup.vtrace");
        // vdpa_sim_net has 2 groups (c2); an index past an int is no group either, not a crash.
        Files.writeString(file, "scenario \"g\" {\n  kernel v6.7\n  parent vdpa_sim\n  expect group 2 asid 0\n}\n");
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(file + ":4: \"g\": expect group 2 asid 0: expected 0, impl returned no group 2 (the parent has 2)\n",
                r.out());
        file = tmp.resolve("hugegroup.vtrace");
        Files.writeString(file, "scenario \"g\" {\n  kernel v6.7\n  parent vdpa_sim\n  expect group 0x100000000 asid 0\n}\n");
        r = CliRun.run("replay", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(file + ":4: \"g\": expect group 0x100000000 asid 0: expected 0, impl returned no group 0x100000000 "
                + "(the parent has 2)\n", r.out());
    }

    @Test
    void aHeaderThatDescribesAnotherDeviceDiverges() throws IOException {
        Path file = tmp.resolve("groups.vtrace");
        // v6.7 mlx5 has the descriptor group: 3 groups (c2, C-7).
        Files.writeString(file, "scenario \"g\" {\n  kernel v6.7\n  parent mlx5_vdpa\n  asids 2\n  groups 2\n  open\n}\n");
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(file + ":5: \"g\": groups 2: expected 2, impl returned 3 (mlx5_vdpa on v6.7)\n", r.out());
    }

    @Test
    void aMalformedFileExitsTwoWithItsPosition() throws IOException {
        Path file = tmp.resolve("bad.vtrace");
        Files.writeString(file, "scenario \"s\" {\n  kernel v6.7\n  parent vdpa_sim\n  update asid 0 iova 0x0 -> ok\n}\n");
        CliRun r = CliRun.run("replay", file.toString());
        assertEquals(2, r.exit());
        assertEquals(file + ":4:26: unexpected '->', expecting 'size'\n", r.err());
        assertEquals("", r.out());
    }

    /** Replays a one-scenario file with the given header lines and body; what the run printed. */
    private CliRun scenario(String headers, String body) throws IOException {
        Path file = tmp.resolve("s.vtrace");
        Files.writeString(file, "scenario \"s\" {\n" + headers + body + "}\n");
        return CliRun.run("replay", file.toString());
    }

    /** The scenario is bad input: exit 2 and one FILE:LINE:COLUMN message, nothing else. */
    private void assertCannotReplay(String headers, String body, String expected) throws IOException {
        CliRun r = scenario(headers, body);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(tmp.resolve("s.vtrace") + ":" + expected + "\n", r.err());
        assertEquals("", r.out());
    }

    private void assertSetUpError(String headers, String expected) throws IOException {
        assertCannotReplay(headers, "  open -> ok\n", expected);
    }

    @Test
    void anUnknownKernelParentOrOptionExitsTwoAtItsLine() throws IOException {
        assertSetUpError("  kernel v6.8\n  parent vdpa_sim\n", "2:10: unknown kernel v6.8 (impl/ has v6.1, v6.6, rfc, v6.7, newest, v6.12)");
        assertSetUpError("  kernel v6.7\n  parent octeon_ep\n", "3:10: unknown parent octeon_ep (impl/ has vdpa_sim, "
                + "mlx5_vdpa, vduse, platform; vdpa_sim's dma_map mode is `option batch_mapping 0`)");
        assertSetUpError("  kernel v6.7\n  parent vdpa_sim\n  option use_va 0\n",
                "4:10: impl/'s vdpa_sim has no option use_va (vdpa_sim has batch_mapping; every parent takes rlimit_memlock "
                        + "and guest_ram)");
        assertSetUpError("  kernel v6.7\n  parent mlx5_vdpa\n  option batch_mapping 0\n",
                "4:10: impl/'s mlx5_vdpa has no option batch_mapping (vdpa_sim has batch_mapping; every parent takes "
                + "rlimit_memlock and guest_ram)");
        assertSetUpError("  kernel v6.7\n  parent vdpa_sim\n  option batch_mapping 2\n",
                "4:10: batch_mapping is 0 or 1, not 2");
        assertSetUpError("  kernel v6.7\n  parent vdpa_sim\n  option batch_mapping 0xffffffffffffffff\n",
                "4:10: batch_mapping is 0 or 1, not 0xffffffffffffffff");
    }

    @Test
    void anFdOperationBeforeTheFirstOpenCannotBeReplayed() throws IOException {
        assertCannotReplay("  kernel v6.7\n  parent vdpa_sim\n", "  dma asid 0 iova 0x0 read -> identity\n  set_owner -> ok\n",
                "5:3: set_owner before the first open: the process has no fd to call it on");
    }

    @Test
    void afterReleaseTheClosedFdAnswersEbadf() throws IOException {
        CliRun r = scenario("  kernel v6.6\n  parent vdpa_sim\n",
                "  open -> ok\n  release -> ok\n  set_owner -> EBADF\n  release -> EBADF\n  open -> ok\n  set_owner -> ok\n");
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void aNumberTooLargeForItsUapiFieldCannotBeReplayed() throws IOException {
        assertCannotReplay("  kernel v6.7\n  parent vdpa_sim\n", "  open\n  set_owner\n  batch_begin asid 0x100000000\n",
                "6:3: asid 0x100000000 does not fit the 32-bit field it is passed in");
    }
}
