package org.vdpacheck.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.client.VirtioVdpa;
import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.datapath.DeviceIotlb;
import org.vdpacheck.datapath.Iov;
import org.vdpacheck.datapath.MemoryRegion;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * The world a generated test runs in: a fresh parent device under a kernel profile, vhost-vdpa
 * bound to it, and one userspace process with 4 MiB of shared, file-backed guest RAM at
 * 0x7f0000000000 (where the generator puts every mapping) that opens it. What the device's DMA
 * translates through is read either from the reference ({@link DeviceMap}) or from the optimised
 * datapath, whose region and per-group caches live as long as the test, so that a cache an event
 * did not invalidate answers with a stale translation and fails the test.
 */
public final class Device {
    /** Which side of the device a test observes. */
    public enum Dma { REFERENCE, DATAPATH }

    private static final long RAM = 0x7f00_0000_0000L;
    private static final long RAM_SIZE = 4L << 20;

    private final ParentDevice vdpa;
    private final Mm mm = new Mm("generated").mmap(Vma.guestRam(RAM, RAM_SIZE));
    private final Dma dma;
    private final Datapath datapath;
    private final Map<Integer, DeviceIotlb> caches = new TreeMap<>();
    private final Iov iov = new Iov(1);
    private VhostVdpa vhost;
    private VhostVdpaFd fd;

    private Device(ParentDevice vdpa, Dma dma) {
        this.vdpa = vdpa;
        this.dma = dma;
        this.vhost = VhostVdpa.bind(vdpa);
        this.datapath = new Datapath(vdpa);
        for (int idx = 0; idx < vdpa.nvqs(); idx++) {
            for (DeviceIotlb c : List.of(datapath.vqIotlb(idx), datapath.descIotlb(idx))) {
                caches.putIfAbsent(c.group(), c);
            }
        }
    }

    public static Device create(String kernel, ParentDriver driver, Dma dma) {
        KernelProfile profile = KernelProfile.byName(kernel)
                .orElseThrow(() -> new IllegalArgumentException("impl/ has no kernel " + kernel));
        return new Device(driver.create(profile), dma);
    }

    /** open(2) of /dev/vhost-vdpa-N: 0 or -errno; the process keeps the fd. */
    public long open() {
        VhostVdpaFd opened = VhostVdpaFd.open(vhost, mm);
        if (opened == null) {
            return vhost.open();
        }
        fd = opened;
        return 0;
    }

    /** The process's fd, as of its last open. */
    public VhostVdpaFd fd() {
        return fd;
    }

    /**
     * The in-kernel virtio-vdpa driver takes the released device and gives it back: its probe
     * (0, or -EIO where its DMA does not reach its buffers), its remove's vdpa_reset(vdpa, 0),
     * and vhost-vdpa bound again (a new node: the process opens again). -EBUSY while open.
     */
    public long virtioBind() {
        if (vhost.isOpen()) {
            return Uapi.EBUSY;
        }
        long r = new VirtioVdpa(vdpa).probe();
        vdpa.vdpaReset(0);
        vhost = VhostVdpa.bind(vdpa);
        return r;
    }

    /** VHOST_VDPA_GET_STATUS as the device reports it. */
    public int status() {
        return vhost.state().status();
    }

    /** The backend features acked on vqs[0]. */
    public long backendFeatures() {
        return vhost.state().ackedBackendFeatures();
    }

    /** The vhost-side IOTLB of an address space, as the trace language writes it. */
    public String iotlb(int asid) {
        DeviceMap.Table t = vhost.state().vhostIotlb().get(asid);
        return t == null ? "empty" : table(t.entries());
    }

    /** What the device's DMA for an address space translates through: identity, empty or its entries. */
    public String device(int asid) {
        if (dma == Dma.REFERENCE) {
            DeviceMap m = vdpa.currentMap(asid);
            return m instanceof DeviceMap.Table t ? table(t.entries()) : "identity";
        }
        MemoryRegion r = datapath.region(asid);
        if (r.identity()) {
            return "identity";
        }
        StringJoiner j = new StringJoiner(" ", "{ ", " }").setEmptyValue("empty");
        for (int i = 0; i < r.size(); i++) {
            j.add(entry(r.start(i), r.last(i) - r.start(i) + 1, r.addr(i), r.perm(i)));
        }
        return j.toString();
    }

    /**
     * A one-byte device access: the user address it lands on ("0x…"), "identity" or "fault".
     * Through the datapath it is asked of the address space's region and of the cache of every
     * group bound to it; answers that differ are all returned, so the assertion fails.
     */
    public String dma(int asid, long iova, Access access) {
        if (dma == Dma.REFERENCE) {
            return vdpa.dma(asid, iova, access).toString();
        }
        List<String> answers = new ArrayList<>();
        answers.add(answer(datapath.translate(asid, iova, 1, access, iov)));
        caches.forEach((group, cache) -> {
            if (vdpa.groupAsid(group) == asid) {
                String a = answer(cache.translate(iova, 1, access, iov));
                if (!answers.contains(a)) {
                    answers.add(a + " (group " + group + "'s cache)");
                }
            }
        });
        return String.join(" / ", answers);
    }

    private String answer(int r) {
        return r < 0 ? "fault" : iov.identity() ? "identity" : "0x" + Long.toHexString(iov.addr(0));
    }

    private static String table(List<IotlbMap> entries) {
        StringJoiner j = new StringJoiner(" ", "{ ", " }").setEmptyValue("empty");
        entries.forEach(m -> j.add(entry(m.start(), m.size(), m.addr(), m.perm())));
        return j.toString();
    }

    private static String entry(long iova, long size, long uaddr, int perm) {
        String p = switch (perm) {
            case Uapi.VHOST_ACCESS_RO -> "ro";
            case Uapi.VHOST_ACCESS_WO -> "wo";
            default -> "rw";
        };
        return "0x" + Long.toHexString(iova) + " size 0x" + Long.toHexString(size) + " uaddr 0x"
                + Long.toHexString(uaddr) + " perm " + p;
    }
}
