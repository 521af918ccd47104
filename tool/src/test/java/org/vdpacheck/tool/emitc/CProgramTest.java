package org.vdpacheck.tool.emitc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostMsg;

/**
 * The emitted C compiled with the host's gcc and run without a VM, against files that are not a
 * vhost-vdpa device: what each step prints is then fixed by the host kernel's VFS (no such file,
 * no such ioctl on /dev/null, a write to /dev/null consumes everything).
 */
class CProgramTest {
    private static final String SCENARIO = """
            scenario "every kind of step" {
              kernel v6.7
              parent vdpa_sim
              open -> ok
              set_owner -> ok
              set_backend_features IOTLB_MSG_V2 IOTLB_PERSIST -> ok
              update asid 0 iova 0x0 size 0x2000 uaddr 0x7f0000000000 perm rw -> ok
              get_status -> 0
              dma asid 0 iova 0x1000 read -> 0x7f0000001000
              expect status 0
              expect iotlb asid 0 { 0x0 size 0x2000 uaddr 0x7f0000000000 perm rw }
              get_vring_group vq 2 -> 1
              set_features VERSION_1 ACCESS_PLATFORM -> ok
              release -> ok
              virtio_bind -> ok
              get_status -> 0
            }
            """;

    @TempDir
    static Path tmp;

    private static Path program;

    @BeforeAll
    static void compile() throws Exception {
        assumeTrue(onPath("gcc"), "no gcc on this machine: the emitted C cannot be compiled here");
        TraceParser.Parsed p = TraceParser.parse(SCENARIO, "kinds.vtrace").get(0);
        Path c = tmp.resolve("kinds.c");
        Files.writeString(c, CProgram.of(p, "kinds.vtrace"));
        program = tmp.resolve("kinds");
        gcc(c, program);
    }

    private static void gcc(Path source, Path out) throws IOException, InterruptedException {
        Process gcc = new ProcessBuilder("gcc", "-Wall", "-Werror", "-o", out.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, gcc.exitValue(), log);
    }

    @Test
    void withoutTheDeviceEveryFdStepFailsWithEbadf() throws Exception {
        Map<Integer, StepLine> steps = run(tmp.resolve("no-such-device").toString());
        assertEquals(new StepLine(4, StepLine.Kind.RET, -Errno.ENOENT, null), steps.get(4));
        assertEquals(new StepLine(5, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(5));
        assertEquals(new StepLine(6, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(6));
        assertEquals(new StepLine(7, StepLine.Kind.WRITE, -Errno.EBADF, null), steps.get(7));
        assertEquals(new StepLine(8, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(8));
        assertEquals(StepLine.Kind.NA, steps.get(10).kind(), "expect status without an fd");
        assertEquals(new StepLine(12, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(12));
        assertEquals(new StepLine(13, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(13));
        assertEquals(new StepLine(14, StepLine.Kind.RET, -Errno.EBADF, null), steps.get(14));
    }

    @Test
    void onAFileThatIsNoDeviceIoctlsAreRefusedAndMessagesAreWrittenWhole() throws Exception {
        Map<Integer, StepLine> steps = run("/dev/null");
        assertEquals(new StepLine(4, StepLine.Kind.RET, 0, null), steps.get(4));
        assertEquals(new StepLine(5, StepLine.Kind.RET, -Errno.ENOTTY, null), steps.get(5));
        // The whole struct vhost_msg_v2, as many bytes as impl/'s message: a kernel that takes it says "ok".
        assertEquals(new StepLine(7, StepLine.Kind.WRITE, VhostMsg.SIZE, null), steps.get(7));
        assertEquals(new StepLine(12, StepLine.Kind.RET, -Errno.ENOTTY, null), steps.get(12));
        assertEquals(new StepLine(13, StepLine.Kind.RET, -Errno.ENOTTY, null), steps.get(13));
        assertEquals(new StepLine(14, StepLine.Kind.RET, 0, null), steps.get(14));
    }

    @Test
    void whatTheUapiCannotShowIsReportedAsNotObservableAndVirtioBindStopsTheRun() throws Exception {
        Map<Integer, StepLine> steps = run("/dev/null");
        assertEquals(StepLine.Kind.NA, steps.get(9).kind(), "dma");
        assertEquals(StepLine.Kind.NA, steps.get(11).kind(), "expect iotlb");
        assertEquals(StepLine.Kind.NA, steps.get(15).kind(), "virtio_bind");
        assertEquals(new StepLine(16, StepLine.Kind.NA, 0, "not run: it follows a virtio_bind"), steps.get(16));
    }

    /** The header's RLIMIT_MEMLOCK is set before the first step; without the option the limit is lifted. */
    @Test
    void theHeadersRlimitMemlockIsSetBeforeTheFirstStep() throws Exception {
        String scenario = "scenario \"pinned\" {\n  kernel v6.7\n  parent mlx5_vdpa\n  option rlimit_memlock 0x2000\n"
                + "  open -> ok\n}\n";
        String c = CProgram.of(TraceParser.parse(scenario, "pinned.vtrace").get(0), "pinned.vtrace");
        int set = c.indexOf("memlock.rlim_cur = memlock.rlim_max = 0x2000ULL;");
        int call = c.indexOf("if (setrlimit(RLIMIT_MEMLOCK, &memlock) < 0) {");
        assertTrue(set > 0 && set < call && call < c.indexOf("do_open(5);"), c);
        assertEquals(-1, CProgram.of(TraceParser.parse(SCENARIO, "kinds.vtrace").get(0), "kinds.vtrace")
                .indexOf("memlock.rlim_cur"));
        // Lowering the limit is allowed to anyone: the program gets past it (it exits 1 if not).
        String out = onDevNull("pinned", c);
        assertTrue(out.contains("vdpacheck-step 5 ret 0"), out);
    }

    /**
     * GET_VRING_DESC_GROUP is v6.7 uapi, defined by the program where the installed headers lack it;
     * on a file that is no device the ioctl is refused like any other.
     */
    @Test
    void theDescriptorGroupRequestCompilesWithAnyHeadersAndIsAnIoctl() throws Exception {
        String scenario = "scenario \"desc\" {\n  kernel v6.7\n  parent mlx5_vdpa\n  open -> ok\n"
                + "  get_vring_desc_group vq 0 -> 2\n}\n";
        String c = CProgram.of(TraceParser.parse(scenario, "desc.vtrace").get(0), "desc.vtrace");
        assertTrue(c.contains("do_vring(5, VHOST_VDPA_GET_VRING_DESC_GROUP, 0x0ULL, 0, 1);"), c);
        String out = onDevNull("desc", c);
        assertTrue(out.contains("vdpacheck-step 5 ret -" + Errno.ENOTTY), out);
    }

    /**
     * A garbled UPDATE is written as its garble says, /dev/null taking what it is given; a ring
     * request readable only for its index is made, and refused like any ioctl there.
     */
    @Test
    void badArgumentsAreWrittenAsTheySay() throws Exception {
        String update = "  update asid 1 iova 0x0 size 0x2000 uaddr 0x7f0000000000 perm rw ";
        String scenario = "scenario \"garbled\" {\n  kernel v6.7\n  parent vdpa_sim\n  open -> ok\n" + update
                + "bytes 6 -> EINVAL\n" + update + "msg_type 3 -> EINVAL\n" + update + "iotlb_type 1 -> EFAULT\n"
                + "  set_vring_addr vq 2 index_only -> EFAULT\n}\n";
        String c = CProgram.of(TraceParser.parse(scenario, "garbled.vtrace").get(0), "garbled.vtrace");
        assertTrue(c.contains("do_raw_msg(5, VHOST_IOTLB_MSG_V2, 6, 0x1ULL, VHOST_IOTLB_UPDATE, 0x0ULL, 0x2000ULL, "
                + "0x7f0000000000ULL, VHOST_ACCESS_RW);"), c);
        assertTrue(c.contains("do_raw_msg(6, 0x3ULL, sizeof(struct vhost_msg_v2), 0x1ULL, VHOST_IOTLB_UPDATE,"), c);
        assertTrue(c.contains("do_raw_msg(7, VHOST_IOTLB_MSG_V2, sizeof(struct vhost_msg_v2), 0x1ULL, 0x1ULL,"), c);
        assertTrue(c.contains("do_vring_index_only(8, VHOST_SET_VRING_ADDR, 2);"), c);
        String out = onDevNull("garbled", c);
        assertTrue(out.contains("vdpacheck-step 5 write 6"), out);
        assertTrue(out.contains("vdpacheck-step 6 write " + VhostMsg.SIZE), out);
        assertTrue(out.contains("vdpacheck-step 7 write " + VhostMsg.SIZE), out);
        assertTrue(out.contains("vdpacheck-step 8 ret -" + Errno.ENOTTY), out);
    }

    /** The program compiled and run on /dev/null: what it printed, once it exited 0. */
    private static String onDevNull(String name, String c) throws IOException, InterruptedException {
        Path source = tmp.resolve(name + ".c");
        Files.writeString(source, c);
        gcc(source, tmp.resolve(name));
        Process p = new ProcessBuilder(tmp.resolve(name).toString(), "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static Map<Integer, StepLine> run(String device) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(program.toString(), device).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertTrue(lines.contains("vdpacheck-end"), String.join("\n", lines));
        return lines.stream().flatMap(l -> StepLine.parse(l).stream())
                .collect(Collectors.toMap(StepLine::line, Function.identity()));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
