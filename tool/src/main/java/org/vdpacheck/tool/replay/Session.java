package org.vdpacheck.tool.replay;

import java.util.List;
import java.util.Map;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * One device of a kernel profile and parent, bound to vhost-vdpa, and one process, driven a
 * statement at a time: what a scenario and a QEMU log are both replayed in. Holds nothing of
 * the statements it ran, so a log of any length replays in constant memory.
 */
public final class Session {
    /**
     * A log's process: one shared, file-backed VMA of 2 MiB pages over the user half of the x86_64
     * address space, since a log's user addresses are known only as they come. QEMU's guest RAM
     * and its CVQ buffers are such mappings (qemu-clients.md §1.2).
     */
    private static final long LOG_RAM_START = Trace.HUGE_PAGE;
    private static final long LOG_RAM_END = 0x7fff_ffe0_0000L;

    private final Rig rig;
    private final DmaCheck dma;
    private final Operations operations;
    private final Expectations expectations;

    private Session(ParentDevice vdpa, Vma ram, long rlimitMemlock) {
        this.rig = new Rig(vdpa, new Mm("replay").mmap(ram).setMemlockLimit(rlimitMemlock));
        this.dma = new DmaCheck(rig.vdpa());
        this.operations = new Operations(rig, dma);
        this.expectations = new Expectations(rig, dma);
    }

    static Session of(Setup setup, Vma ram) throws ReplayException {
        return new Session(setup.parent().create(setup.kernel()), ram, setup.rlimitMemlock());
    }

    /**
     * For a log: the kernel profile and parent by the names a trace header uses.
     *
     * @throws ReplayException impl/ has no such kernel or parent (position 0:0: they come from
     *     the command line)
     */
    public static Session forLog(String kernel, String parent) throws ReplayException {
        return of(setup(kernel, parent), Vma.guestRam(LOG_RAM_START, LOG_RAM_END - LOG_RAM_START));
    }

    /** What VHOST_GET_BACKEND_FEATURES answers on a fresh device of this kernel and parent. */
    public static long offered(String kernel, String parent) throws ReplayException {
        Setup setup = setup(kernel, parent);
        VhostVdpaFd fd = VhostVdpaFd.open(VhostVdpa.bind(setup.parent().create(setup.kernel())), new Mm("probe"));
        if (fd == null || fd.getBackendFeatures() != 0) {
            throw new IllegalStateException("impl/ refused VHOST_GET_BACKEND_FEATURES on a fresh device");
        }
        return fd.value();
    }

    private static Setup setup(String kernel, String parent) {
        Position cli = new Position(0, 0);
        return new Setup(new TraceParser.Parsed(new Trace("log", kernel, parent, null, null, null, Map.of(), List.of()),
                cli, Map.of("kernel", cli, "parent", cli), List.of()));
    }

    Rig rig() {
        return rig;
    }

    /** The step an operation or expectation makes; null for a comment. */
    public Step run(Statement s, Position at) throws ReplayException {
        if (s instanceof Statement.Op op) {
            return operations.run(op, at);
        }
        if (s instanceof Statement.Expect e) {
            return expectations.check(e, at);
        }
        return null;
    }

    /**
     * A one-byte DMA by the device now: {@code 0x…} (a user address), {@code identity} or
     * {@code fault}, as the reference answers; where the datapath disagrees, both.
     */
    public String dma(int asid, long iova, Access access) {
        DmaCheck.Answer a = dma.dma(asid, iova, access);
        return a.disagreements().isEmpty() ? a.reference() : a.both();
    }
}
