package org.vdpacheck.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VhostMsg;
import org.vdpacheck.uapi.VirtioStatus;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * A userspace program driving /dev/vhost-vdpa-N the way a real one does (qemu-clients.md): the
 * ioctl and write(2) sequence of its start-up, of a guest-driven device start, of a guest reset,
 * and of shutdown. It remembers what it believes the device can reach, so a test can ask whether
 * the device's DMA agrees with the client's belief.
 */
public abstract class UserspaceClient {
    /** Every modelled device is virtio-net with one queue pair and a control vq. */
    protected static final int NVQS = 3;
    protected static final int CVQ_INDEX = 2;
    protected static final int VRING_NUM = 256;

    protected final VhostVdpa dev;
    protected final GuestMemory ram;
    protected final Mm mm;
    protected VhostVdpaFd fd;
    /** The backend features this client acked last (its own record, as QEMU's backend_cap). */
    protected long acked;
    private final Set<Mapping> believed = new LinkedHashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final Vring[] vrings = new Vring[NVQS];

    /** Where the guest's driver put a virtqueue: its size and its rings' GPAs (here also IOVAs). */
    public record Vring(int num, long desc, long avail, long used) {
    }

    protected UserspaceClient(VhostVdpa dev, GuestMemory ram, String comm) {
        this.dev = dev;
        this.ram = ram;
        this.mm = ram.newProcess(comm);
    }

    /** The client's name, as the README and the audit rows use it. */
    public abstract String name();

    /** Process start-up up to the point where the guest can drive the device. */
    public abstract void boot();

    /** The guest driver brings the device up (up to DRIVER_OK and enabled rings). */
    public abstract void start();

    /** A guest-initiated virtio reset, or a VM stop, as the client handles it. */
    public abstract void guestReset();

    /** The process exits: the fd is closed (release). */
    public void exit() {
        if (fd != null) {
            call("close", fd::close);
            fd = null;
            believed.clear();
        }
    }

    public final Set<Mapping> believed() {
        return Set.copyOf(believed);
    }

    public final List<Call> calls() {
        return List.copyOf(calls);
    }

    public final long acked() {
        return acked;
    }

    /** The rings the client passed on for a virtqueue with SET_VRING_NUM/ADDR, or null before. */
    public final Vring vring(int idx) {
        return vrings[idx];
    }

    /**
     * The believed mappings the device's DMA does not reach as the client expects: each should
     * translate to its user address, for writes if its permission allows them.
     */
    public final List<Mapping> unreachable() {
        List<Mapping> bad = new ArrayList<>();
        for (Mapping m : believed) {
            Access a = (m.perm() & VhostAccess.WO) != 0 ? Access.WRITE : Access.READ;
            for (long off : new long[] {0, m.size() - 1}) {
                Translation t = dev.vdpa().dma(m.asid(), m.iova() + off, a);
                if (!(t instanceof Translation.Mapped mapped) || mapped.addr() != m.uaddr() + off) {
                    bad.add(m);
                    break;
                }
            }
        }
        return bad;
    }

    protected final long call(String what, LongSupplier syscall) {
        long r = syscall.getAsLong();
        calls.add(new Call(what, r));
        return r;
    }

    protected final boolean openFd() {
        fd = VhostVdpaFd.open(dev, mm);
        calls.add(new Call("open", fd == null ? -Errno.EBUSY : 0));
        return fd != null;
    }

    /** open, VHOST_SET_OWNER, VHOST_GET_FEATURES: how rust-vmm and DPDK bring an fd up. */
    protected final boolean openAsOwner() {
        if (!openFd()) {
            return false;
        }
        call("SET_OWNER", fd::setOwner);
        call("GET_FEATURES", fd::getFeatures);
        return true;
    }

    /** VHOST_GET_FEATURES, then VHOST_SET_FEATURES of all of them (the guest driver's choice). */
    protected final void ackDeviceFeatures() {
        call("GET_FEATURES", fd::getFeatures);
        long features = fd.value();
        call("SET_FEATURES", () -> fd.setFeatures(features));
    }

    protected final boolean ackedHas(VhostBackendFeature f) {
        return f.in(acked);
    }

    /** GET_BACKEND_FEATURES, then SET of what was offered within {@code mask}. */
    protected final void negotiateBackendFeatures(long mask) {
        if (call("GET_BACKEND_FEATURES", fd::getBackendFeatures) != 0) {
            return;
        }
        long want = fd.value() & mask;
        if (call("SET_BACKEND_FEATURES " + VhostBackendFeature.names(want), () -> fd.setBackendFeatures(want)) == 0) {
            acked = want;
        }
    }

    /** IOTLB UPDATE of these RAM sections in ASID 0, bracketed by BATCH_BEGIN/END if acked. */
    protected final void mapRam(List<GuestMemory.Section> sections, boolean batch) {
        batched(batch, () -> updateRamSections(sections));
    }

    /** One UPDATE (RW) per RAM section in ASID 0, each believed mapped once write(2) succeeds. */
    protected final void updateRamSections(List<GuestMemory.Section> sections) {
        for (GuestMemory.Section s : sections) {
            long uaddr = ram.uaddr(s);
            if (iotlbWrite(String.format("UPDATE 0 0x%x 0x%x", s.gpa(), s.size()),
                    () -> fd.iotlbUpdate(0, s.gpa(), s.size(), uaddr, VhostAccess.RW))) {
                believed.add(new Mapping(0, s.gpa(), s.size(), uaddr, VhostAccess.RW));
            }
        }
    }

    /**
     * IOTLB INVALIDATE of these RAM sections in ASID 0, bracketed if batching. The client forgets
     * them whatever the kernel answers, as QEMU's vhost_vdpa_listener_region_del() does.
     */
    protected final void unmapRam(List<GuestMemory.Section> sections, boolean batch) {
        batched(batch, () -> {
            for (GuestMemory.Section s : sections) {
                iotlbWrite(String.format("INVALIDATE 0 0x%x 0x%x", s.gpa(), s.size()),
                        () -> fd.iotlbInvalidate(0, s.gpa(), s.size()));
                believed.removeIf(m -> m.asid() == 0 && m.iova() == s.gpa());
            }
        });
    }

    /**
     * The IOTLB writes of {@code body} between BATCH_BEGIN and BATCH_END of ASID 0 when
     * {@code batch}: QEMU's vhost_vdpa_iotlb_batch_begin_once() and DPDK's
     * vhost_vdpa_iotlb_batch_begin() send them only with IOTLB_BATCH acked.
     */
    protected final void batched(boolean batch, Runnable body) {
        if (batch) {
            iotlbWrite("BATCH_BEGIN 0", () -> fd.batchBegin(0));
        }
        body.run();
        if (batch) {
            iotlbWrite("BATCH_END 0", () -> fd.batchEnd(0));
        }
    }

    /**
     * write(2) of one struct vhost_msg_v2, done only if all of it was written: QEMU's
     * vhost_vdpa_dma_map() and DPDK's vhost_vdpa_dma_map() treat any other count as a failure.
     */
    protected final boolean iotlbWrite(String what, LongSupplier write) {
        return call(what, write) == VhostMsg.SIZE;
    }

    protected final void believe(Mapping m) {
        believed.add(m);
    }

    protected final void forget(Mapping m) {
        believed.remove(m);
    }

    protected final void forgetAll() {
        believed.clear();
    }

    /** SET_VRING_NUM/BASE/ADDR for every vq, rings placed in low guest RAM. */
    protected final void setupVrings() {
        for (int i = 0; i < NVQS; i++) {
            int vq = i;
            long base = 0x10000L * (i + 1);
            Vring r = new Vring(VRING_NUM, base, base + 0x1000, base + 0x2000);
            vrings[vq] = r;
            call("SET_VRING_NUM " + vq, () -> fd.setVringNum(vq, r.num()));
            call("SET_VRING_BASE " + vq, () -> fd.setVringBase(vq, 0));
            call("SET_VRING_ADDR " + vq, () -> fd.setVringAddr(vq, r.desc(), r.used(), r.avail()));
        }
    }

    protected final void enableVrings(boolean enable) {
        for (int i = 0; i < NVQS; i++) {
            int vq = i;
            call("SET_VRING_ENABLE " + vq + " " + (enable ? 1 : 0), () -> fd.setVringEnable(vq, enable));
        }
    }

    protected final void setStatus(int status) {
        call("SET_STATUS " + VirtioStatus.names(status), () -> fd.setStatus(status));
    }
}
