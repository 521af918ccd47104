package org.vdpacheck.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * vdpacheck replay and import on QEMU logs written from QEMU's trace-events formats
 * (src/test/resources/qemu: one full VM life per format, cold boot, guest reset, stop; plus
 * failure lines, noise and a malformed line). What the results should be comes from
 * qemu-clients.md (what each QEMU era does) and kernel-semantics.md (what each kernel does).
 */
class QemuLogCommandTest {
    static final Path LOGS = Path.of("src", "test", "resources", "qemu");

    static Stream<Arguments> qemu8To10OnMlx5() {
        return Stream.of("qemu-8.0.log", "qemu-8.2.log", "qemu-9.0.log", "qemu-10.0.log")
                .flatMap(log -> Stream.of("v6.6", "v6.7").map(k -> Arguments.of(log, k)));
    }

    /**
     * Done-when, first half: upstream QEMU unmaps guest RAM after every reset and re-maps it
     * before DRIVER_OK (qemu-clients.md §0.2), so on mlx5_vdpa, which drops its MR at reset on
     * v6.6 and keeps it on v6.7, every device DMA reaches what QEMU mapped and every result the
     * log shows is what the kernel returns.
     */
    @ParameterizedTest
    @MethodSource("qemu8To10OnMlx5")
    void aFullVmLifeOfQemu8To10ReplaysCleanlyOnMlx5(String log, String kernel) {
        CliRun r = CliRun.run("replay", LOGS.resolve(log).toString(), "--kernel", kernel, "--parent", "mlx5_vdpa");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("PASS "), r.out());
        assertTrue(r.out().contains(": 0 divergences, 0 device DMA faults"), r.out());
    }

    /**
     * Done-when, second half: a client that acks IOTLB_PERSIST keeps its maps across the guest
     * reset (Si-Wei Liu's series, qemu-clients.md §4). v6.6 offers no PERSIST and mlx5's reset
     * there drops the MR back to its 1:1 DMA map, so after the restart the device's DMA into
     * guest RAM lands on host physical addresses. v6.7 offers PERSIST, the client acks it and the
     * MR survives: no fault.
     */
    @Test
    void aPersistClientKeepingItsMapsFaultsOnV66Mlx5() {
        Path log = LOGS.resolve("qemu-persist.log");
        CliRun v66 = CliRun.run("replay", log.toString(), "--kernel", "v6.6", "--parent", "mlx5_vdpa");
        assertEquals(1, v66.exit(), v66.out() + v66.err());
        assertTrue(v66.out().contains("device DMA asid 0 iova 0x0 write would reach identity, QEMU mapped it to "
                + "0x7f7903e00000"), v66.out());
        assertTrue(v66.out().contains("device DMA asid 0 iova 0xc0000 read would reach identity"), v66.out());
        assertTrue(v66.out().contains(": 0 divergences, 6 device DMA faults"), v66.out());
        CliRun v67 = CliRun.run("replay", log.toString(), "--kernel", "v6.7", "--parent", "mlx5_vdpa");
        assertEquals(0, v67.exit(), v67.out() + v67.err());
    }

    /** The same log, with an upstream QEMU's ack (no PERSIST) forced by --qemu: faults on v6.7 too. */
    @Test
    void theQemuVersionDecidesWhatIsAcked() {
        Path log = LOGS.resolve("qemu-persist.log");
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.7", "--parent", "mlx5_vdpa", "--qemu", "9.0");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("would reach identity"), r.out());
    }

    /** Every era's format, every prefix: the import is a scenario that parses, prints back the same, and replays. */
    @ParameterizedTest
    @ValueSource(strings = {"qemu-5.2.log", "qemu-7.2.log", "qemu-8.0.log", "qemu-8.2.log", "qemu-9.0.log",
        "qemu-10.0.log", "qemu-10.1.log", "qemu-persist.log", "qemu-10.0-failures.log"})
    void importPrintsAScenarioThatParsesAndPrintsBackTheSame(String log) throws Exception {
        CliRun r = CliRun.run("import", "qemu", LOGS.resolve(log).toString(), "--kernel", "v6.7", "--parent",
                "mlx5_vdpa");
        assertEquals(0, r.exit(), r.err());
        List<TraceParser.Parsed> parsed = TraceParser.parse(r.out(), log + ".vtrace");
        assertEquals(1, parsed.size());
        assertEquals(r.out(), TracePrinter.print(parsed.get(0).trace()));
        assertTrue(r.out().contains("  open  # inferred: "), r.out());
        assertTrue(r.out().contains("  release  # inferred: "), r.out());
    }

    /** 5.2-7.2 acked MSG_V2|BATCH at every start, had no ASID and no CVQ probe (qemu-clients.md §1.1). */
    @Test
    void qemu52AcksBatchAtEveryStartWithoutProbe() {
        String out = CliRun.run("import", "qemu", LOGS.resolve("qemu-5.2.log").toString()).out();
        assertEquals(2, count(out, "  set_backend_features IOTLB_MSG_V2 IOTLB_BATCH  # inferred: "), out);
        assertFalse(out.contains("get_vring_group"), out);
        assertTrue(out.contains("  client qemu-5.2..7.2\n"), out);
        assertTrue(out.contains("  update asid 0 iova 0xc0000 size 0x20000 uaddr 0x7f7a00000000 perm ro -> ok\n"), out);
        assertTrue(out.contains("  # vhost_vdpa_set_vring_ready without a vring index (QEMU before 8.0)\n"), out);
    }

    /**
     * 10.1+ acks at the first vhost_vdpa_init and maps RAM before any start; its CVQ probe's
     * raw reset runs before the last vhost_vdpa_init, so before those maps (qemu-clients.md §1.5).
     */
    @Test
    void qemu101NegotiatesAtInitAndProbesBeforeItsMaps() {
        String out = CliRun.run("import", "qemu", LOGS.resolve("qemu-10.1.log").toString()).out();
        assertTrue(out.contains("  client qemu-10.1+\n"), out);
        int negotiation = out.indexOf("set_backend_features");
        int probeReset = out.indexOf("  set_status 0  # inferred: vhost_vdpa_probe_cvq_isolation()");
        int firstMap = out.indexOf("  update asid 0");
        int firstStart = out.indexOf("set_status FEATURES_OK");
        assertTrue(negotiation > 0 && negotiation < out.indexOf("  set_owner"), out);
        assertTrue(probeReset > 0 && probeReset < firstMap && firstMap < firstStart, out);
        assertEquals(1, count(out, "set_backend_features"), out);
    }

    /** A failed write's errno becomes the preceding update's result; noise and unknown events are counted. */
    @Test
    void failureLinesGiveTheErrnoAndNoiseIsSkipped() {
        Path log = LOGS.resolve("qemu-10.0-failures.log");
        String out = CliRun.run("import", "qemu", log.toString()).out();
        assertTrue(out.contains("  update asid 0 iova 0x0 size 0x200000 uaddr 0x7f7903e00000 perm rw -> EFAULT  # "
                + "the log: failed to write, errno=14\n"), out);
        assertTrue(out.contains("  set_vring_enable vq 7 on -> ENOBUFS\n"), out);
        assertTrue(out.contains("  # 29 log lines: 16 vhost_vdpa events used, 9 not used, 4 other lines skipped;"), out);
        // The kernel refuses the overlapping map (-EEXIST from vhost_iotlb_add_range_ctx(), EFAULT at
        // write(2)) and a vring index >= nvqs (-ENOBUFS, vhost_vdpa_vring_ioctl()), as the log says.
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.6", "--parent", "mlx5_vdpa");
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void aFailureTheKernelWouldNotReportIsADivergence() {
        Path log = LOGS.resolve("qemu-10.0-disagrees.log");
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.7", "--parent", "mlx5_vdpa");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith(log + ":8: update asid 0 iova 0x0 size 0x40000000 uaddr 0x7f7903e00000 perm rw "
                + "-> EFAULT: the log shows EFAULT, impl returned ok\n"), r.out());
    }

    @Test
    void aMalformedVdpaLineIsExit2WithItsPosition() {
        Path log = LOGS.resolve("qemu-malformed.log");
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.7", "--parent", "mlx5_vdpa");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(log + ":3:89: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(2, CliRun.run("import", "qemu", log.toString()).exit());
    }

    @Test
    void badArgumentsAreExit2() {
        String log = LOGS.resolve("qemu-9.0.log").toString();
        CliRun noKernel = CliRun.run("replay", log, "--parent", "mlx5_vdpa");
        assertEquals(2, noKernel.exit());
        assertTrue(noKernel.err().startsWith(log + ":1:1: a QEMU log replays against a kernel and parent"), noKernel.err());
        CliRun badKernel = CliRun.run("replay", log, "--kernel", "v9.9", "--parent", "mlx5_vdpa");
        assertEquals(2, badKernel.exit());
        assertTrue(badKernel.err().contains("unknown kernel v9.9"), badKernel.err());
        CliRun badQemu = CliRun.run("replay", log, "--kernel", "v6.7", "--parent", "mlx5_vdpa", "--qemu", "4.2");
        assertEquals(2, badQemu.exit());
        assertTrue(badQemu.err().contains("--qemu 4.2: not a QEMU version"), badQemu.err());
        CliRun missing = CliRun.run("replay", "no-such.log", "--kernel", "v6.7", "--parent", "mlx5_vdpa");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("no-such.log:0:0: cannot read"), missing.err());
    }

    /**
     * --model: the spec (written apart from impl/) also takes a kernel's overlap check as EFAULT
     * only for an overlapping map, so a log claiming a fresh map failed is the first step it
     * cannot explain; a log whose failure is an overlap is explained, step by step.
     */
    @Test
    void theModelNamesTheFirstStepItCannotExplain() {
        Path log = LOGS.resolve("qemu-10.0-disagrees.log");
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.7", "--parent", "mlx5_vdpa", "--model",
                "--spec", "../spec/vdpacheck.als");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("MODEL " + log + ":8: update asid 0 iova 0x0 size 0x40000000 uaddr 0x7f7903e00000 "
                + "perm rw -> EFAULT: the spec cannot explain this step"), r.out());
    }

    @Test
    void theModelExplainsALogWithAnOverlapFailure() {
        Path log = LOGS.resolve("qemu-10.0-failures.log");
        CliRun r = CliRun.run("replay", log.toString(), "--kernel", "v6.6", "--parent", "mlx5_vdpa", "--model",
                "--spec", "../spec/vdpacheck.als");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("MODEL " + log + ": the spec explains every observed step"), r.out());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
