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
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.Ifcvf;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.parent.VdpaSim;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * The world a generated test runs in: a fresh parent device under a kernel profile, vhost-vdpa
 * bound to it, and one userspace process with 4 MiB of shared, file-backed guest RAM at
 * 0x7f0000000000 (where the generator puts every mapping; a trace's {@code option guest_ram} says
 * how much, for an update past its end) that opens it. What the device's DMA
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
    private final Mm mm;
    private final Dma dma;
    private final Datapath datapath;
    private final Map<Integer, DeviceIotlb> caches = new TreeMap<>();
    private final Iov iov = new Iov(1);
    private final Iov spans = new Iov(4);
    private VhostVdpa vhost;
    private VhostVdpaFd fd;

    private Device(ParentDevice vdpa, Dma dma, long guestRam) {
        this.vdpa = vdpa;
        this.mm = new Mm("generated").mmap(Vma.guestRam(RAM, guestRam));
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
        return create(kernel, driver, dma, RAM_SIZE);
    }

    /** With {@code guestRam} bytes of guest RAM, and nothing of the process mapped above it. */
    public static Device create(String kernel, ParentDriver driver, Dma dma, long guestRam) {
        KernelProfile profile = KernelProfile.byName(kernel)
                .orElseThrow(() -> new IllegalArgumentException("impl/ has no kernel " + kernel));
        return new Device(driver.create(profile), dma, guestRam);
    }

    /** setrlimit(RLIMIT_MEMLOCK) of the process, in bytes: what vhost_vdpa_pa_map() may pin. */
    public void setrlimitMemlock(long bytes) {
        mm.setMemlockLimit(bytes);
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

    /** An ioctl whose argument is a bad address (NULL); {@code request} as {@link Uapi} spells it. */
    public long ioctlBadAddress(int request) {
        return fd().ioctl(request, UserPtr.NULL);
    }

    /**
     * A ring ioctl whose struct is readable only for its first field, the index: the process's
     * memory ends 4 bytes into it. {@code request} as {@link Uapi} spells it.
     */
    public long ioctlIndexOnly(int request, int index) {
        UserPtr indexOnly = UserPtr.alloc(4);
        indexOnly.putU32(0, index);
        return fd().ioctl(request, indexOnly);
    }

    /**
     * write(2) of an IOTLB message from a bad address (NULL). impl/'s write takes the bytes
     * copy_from_iter() can read, none here: vfs_write()'s access_ok() passes NULL, and the kernel
     * answers a zero-length write the same.
     */
    public long writeBadAddress() {
        return fd().write(new byte[0]);
    }

    /**
     * The in-kernel virtio-vdpa driver takes the released device and gives it back: its probe
     * (0 with the device at DRIVER_OK, or -EIO where its DMA does not reach its buffers), its
     * remove's vdpa_reset(vdpa, 0), and vhost-vdpa bound again (a new node: the process opens
     * again). -EBUSY while open.
     */
    public long virtioBind() {
        if (vhost.isOpen()) {
            return Uapi.EBUSY;
        }
        long r = new VirtioVdpa(vdpa).probe();
        // virtio_dev_probe() takes the status to FEATURES_OK and virtnet_probe()'s
        // virtio_device_ready() to DRIVER_OK: a driver that probed left the device running.
        int running = Uapi.ACKNOWLEDGE | Uapi.DRIVER | Uapi.FEATURES_OK | Uapi.DRIVER_OK;
        if (r == 0 && vdpa.getStatus() != running) {
            throw new AssertionError("virtio-vdpa probed the device but left it at status 0x"
                    + Integer.toHexString(vdpa.getStatus()));
        }
        vdpa.vdpaReset(0);
        vhost = VhostVdpa.bind(vdpa);
        return r;
    }

    /**
     * The status byte as the device reports it (ops->get_status()); while the process's fd is
     * open, VHOST_VDPA_GET_STATUS on it must answer the same. Every step reads it, so the
     * platform parent's IOMMU domain is checked here too.
     */
    public int status() {
        int status = vhost.state().status();
        if (fd != null && vhost.isOpen()) {
            agree("VHOST_VDPA_GET_STATUS", status, copiedOut(fd().getStatus(), Uapi.VHOST_VDPA_GET_STATUS, 1));
        }
        platformDomainAgrees();
        return status;
    }

    /**
     * ifcvf, the one parent with neither set_map nor dma_map, has its DMA device on vhost-vdpa's
     * unmanaged domain exactly while the fd is open (vhost_vdpa_alloc_domain() at open,
     * vhost_vdpa_free_domain() at release): left attached, virtio-vdpa's DMA API mappings would
     * not exist for the next driver. Decided from the kernel, not from the ops impl/ gives it.
     */
    private void platformDomainAgrees() {
        if (vdpa instanceof Ifcvf && vdpa.dmaDev().onDefaultDomain() == vhost.isOpen()) {
            throw new AssertionError("the platform parent's DMA device is on its "
                    + (vhost.isOpen() ? "default domain while the fd is open" : "vhost-vdpa domain after release"));
        }
    }

    /** The backend features acked on vqs[0]. */
    public long backendFeatures() {
        return vhost.state().ackedBackendFeatures();
    }

    /** v->in_batch with v->batch_asid, as the trace language writes it: "asid N" or "none". */
    public String batch() {
        return vhost.inBatch() ? "asid " + vhost.batchAsid() : "none";
    }

    /** v->suspended (v6.8+). */
    public boolean suspended() {
        return vhost.suspended();
    }

    /**
     * Whether the fd has an owner (vhost_dev_has_owner()). A use_va vdpa_sim on a kernel with
     * bind_mm (v6.5+, vdpasim_bind_mm()) must have its worker on the owner's mm exactly then
     * (vhost_vdpa_bind_mm() at SET_OWNER, vhost_vdpa_unbind_mm() at release): where it has not,
     * this fails. Decided from the kernel, not from the ops impl/ gives the parent.
     */
    public boolean owned() {
        boolean owned = vhost.hasOwner();
        if (vdpa instanceof VdpaSim sim && sim.useVa() && sim.profile().has(KernelChange.BIND_MM)
                && sim.mmBound() != (owned ? mm : null)) {
            throw new AssertionError("vdpa_sim's worker is on mm " + sim.mmBound() + " while the fd has "
                    + (owned ? "the owner " + mm : "no owner"));
        }
        return owned;
    }

    /** VHOST_VDPA_GET_AS_NUM on the fd: the count, or -errno. */
    public long asNum() {
        return copiedOut(fd().getAsNum(), Uapi.VHOST_VDPA_GET_AS_NUM, 4);
    }

    /** VHOST_VDPA_GET_GROUP_NUM on the fd: the count, or -errno. */
    public long groupNum() {
        return copiedOut(fd().getGroupNum(), Uapi.VHOST_VDPA_GET_GROUP_NUM, 4);
    }

    /** VHOST_VDPA_GET_VQS_COUNT on the fd: the count, or -errno. */
    public long vqsCount() {
        return copiedOut(fd().getVqsCount(), Uapi.VHOST_VDPA_GET_VQS_COUNT, 4);
    }

    /** VHOST_VDPA_GET_DEVICE_ID on the fd: the virtio device id, or -errno. */
    public long deviceId() {
        return copiedOut(fd().getDeviceId(), Uapi.VHOST_VDPA_GET_DEVICE_ID, 4);
    }

    /** VHOST_VDPA_GET_VRING_NUM on the fd: the largest ring the parent takes, or -errno. */
    public long vringNum() {
        return copiedOut(fd().getVringNum(), Uapi.VHOST_VDPA_GET_VRING_NUM, 2);
    }

    /** VHOST_VDPA_GET_IOVA_RANGE on the fd, as the trace language writes it: "FIRST LAST", or -errno. */
    public String iovaRange() {
        long r = fd().getIovaRange();
        if (r != 0) {
            return Long.toString(r);
        }
        UserPtr p = poisoned(Uapi.VHOST_VDPA_GET_IOVA_RANGE, 16, -1);
        agree("VHOST_VDPA_GET_IOVA_RANGE's first, into 0xff bytes", fd().value(), p.getU64(0));
        agree("VHOST_VDPA_GET_IOVA_RANGE's last, into 0xff bytes", fd().rangeLast(), p.getU64(8));
        agree("VHOST_VDPA_GET_IOVA_RANGE into 15 bytes", Uapi.EFAULT,
                fd().ioctl(Uapi.VHOST_VDPA_GET_IOVA_RANGE, UserPtr.alloc(15)));
        return "0x" + Long.toHexString(fd().value()) + " 0x" + Long.toHexString(fd().rangeLast());
    }

    /**
     * The num a GET_VRING_GROUP, GET_VRING_DESC_GROUP or GET_VRING_BASE the fd just made copied
     * out for virtqueue {@code idx}, checked as {@link #copiedOut(long, int, int)} checks the counts.
     */
    public long vringStateNum(int request, int idx) {
        long num = fd().value();
        agree("the num of ioctl 0x" + Integer.toHexString(request) + ", into 0xff bytes", num,
                Integer.toUnsignedLong(poisoned(request, 8, idx).getU32(4)));
        return num;
    }

    /**
     * What a successful GET copied out, asked again into a buffer of 0xff bytes and into one a
     * byte too short. The kernel's copy_to_user() writes the whole value: both answers agree
     * unless it left bytes of it unwritten (which the fd's zeroed buffer alone would hide for a
     * value with zero bytes), and the short buffer is -EFAULT.
     */
    private long copiedOut(long r, int request, int size) {
        if (r != 0) {
            return r;
        }
        String ioctl = "ioctl 0x" + Integer.toHexString(request);
        agree(ioctl + " into 0xff bytes", fd().value(), unsigned(poisoned(request, size, -1), size));
        agree(ioctl + " into " + (size - 1) + " bytes", Uapi.EFAULT, fd().ioctl(request, UserPtr.alloc(size - 1)));
        return fd().value();
    }

    /**
     * The request's argument after the ioctl: {@code size} bytes of 0xff before it, with the
     * index in its first u32 if one is given.
     */
    private UserPtr poisoned(int request, int size, int index) {
        UserPtr p = UserPtr.alloc(size);
        for (int i = 0; i < size; i++) {
            p.putU8(i, 0xff);
        }
        if (index >= 0) {
            p.putU32(0, index);
        }
        long r = fd().ioctl(request, p);
        if (r != 0) {
            throw new AssertionError("ioctl 0x" + Integer.toHexString(request) + " asked again returned " + r);
        }
        return p;
    }

    /** A little-endian value of {@code size} bytes, read byte by byte. */
    private static long unsigned(UserPtr p, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | p.getU8(i);
        }
        return v;
    }

    /** Fails, naming the call, unless it gave what the fd's own call (or the kernel's rule) says. */
    private static void agree(String what, long expected, long got) {
        if (expected != got) {
            throw new AssertionError(what + " gave " + got + " (0x" + Long.toHexString(got) + "), not " + expected);
        }
    }

    /** The address space a virtqueue group is bound to (set_group_asid; 0 again after reset). */
    public int groupAsid(int group) {
        return vhost.state().groupAsid().get(group);
    }

    /**
     * The ring addresses the parent holds for a virtqueue (what set_vq_address() was last given),
     * as the trace language writes them.
     */
    public String vqAddress(int idx) {
        ParentDevice.VqSetup vq = vdpa.vqSetup(idx);
        return "desc 0x" + Long.toHexString(vq.desc()) + " avail 0x" + Long.toHexString(vq.driver()) + " used 0x"
                + Long.toHexString(vq.device());
    }

    /** The available index the parent reports for a virtqueue (get_vq_state()). */
    public String vqBase(int idx) {
        return Long.toString(vqState(idx));
    }

    /** get_vq_state()'s available index, which GET_VRING_BASE copies out as it finds it. */
    public long vqState(int idx) {
        return vdpa.getVqState(idx);
    }

    /** The vhost-side IOTLB of an address space, as the trace language writes it. */
    public String iotlb(int asid) {
        DeviceMap.Table t = vhost.state().vhostIotlb().get(asid);
        return t == null ? "empty" : table(t.entries());
    }

    /**
     * What the device's DMA for an address space translates through: identity, empty or its
     * entries, read from the side the test observes. Then every entry's edges are translated the
     * same way (first and last byte, and the bytes just outside it that no entry holds, read and
     * write), and through the datapath a packet is looped through the entries ({@link Loopback}):
     * where a translation or a packet does not agree with the table, that is appended, so the
     * test's assertion fails naming the access.
     */
    public String device(int asid) {
        List<Entry> entries = new ArrayList<>();
        boolean identity;
        if (dma == Dma.REFERENCE) {
            DeviceMap m = vdpa.currentMap(asid);
            identity = !(m instanceof DeviceMap.Table);
            if (m instanceof DeviceMap.Table t) {
                t.entries().forEach(e -> entries.add(new Entry(e.start(), e.last(), e.addr(), e.perm())));
            }
        } else {
            MemoryRegion r = datapath.region(asid);
            identity = r.identity();
            for (int i = 0; !identity && i < r.size(); i++) {
                entries.add(new Entry(r.start(i), r.last(i), r.addr(i), r.perm(i)));
            }
        }
        if (identity) {
            return "identity" + disagreements(asid, List.of(), List.of(0L, 0x1000L, -1L), "identity");
        }
        StringJoiner j = new StringJoiner(" ", "{ ", " }").setEmptyValue("empty");
        entries.forEach(e -> j.add(e.toString()));
        String wrong = disagreements(asid, entries, List.of(), null);
        return j + (dma == Dma.DATAPATH
                ? wrong + spanDisagreements(asid, entries) + Loopback.disagreements(vdpa, datapath, asid, entries)
                : wrong);
    }

    /**
     * Multi-byte accesses through the datapath (a descriptor's buffer): each whole entry, and
     * the three bytes across each of its ends. vringh's iotlb_translate() gives one segment per
     * entry crossed, and fails the whole access on a hole or a permission it lacks.
     */
    private String spanDisagreements(int asid, List<Entry> entries) {
        StringBuilder wrong = new StringBuilder();
        for (Entry e : entries) {
            for (long[] span : List.of(new long[] {e.start(), e.last() - e.start() + 1},
                    new long[] {e.start() - 1, 3}, new long[] {e.last() - 1, 3})) {
                for (Access access : Access.values()) {
                    String expected = spanExpected(entries, span[0], span[1], access);
                    List<String> got = new ArrayList<>(List.of(segments(datapath.translate(asid, span[0], span[1],
                            access, spans))));
                    caches.forEach((group, cache) -> {
                        if (vdpa.groupAsid(group) == asid) {
                            got.add(segments(cache.translate(span[0], span[1], access, spans)));
                        }
                    });
                    for (String g : got) {
                        if (!g.equals(expected)) {
                            wrong.append(" but dma ").append(access.name().toLowerCase()).append(" of 0x")
                                    .append(Long.toHexString(span[1])).append(" bytes at 0x")
                                    .append(Long.toHexString(span[0])).append(" -> ").append(g);
                        }
                    }
                }
            }
        }
        return wrong.toString();
    }

    private static String spanExpected(List<Entry> entries, long iova, long len, Access access) {
        StringJoiner segments = new StringJoiner(" ");
        long at = iova;
        long left = len;
        while (left > 0) {
            long cur = at;
            Entry e = entries.stream().filter(x -> x.holds(cur)).findFirst().orElse(null);
            if (e == null || !access.allowedBy(e.perm())) {
                return "fault";
            }
            long n = Math.min(left, e.last() - cur + 1);
            segments.add("0x" + Long.toHexString(e.addr() + (cur - e.start())) + "+0x" + Long.toHexString(n));
            at += n;
            left -= n;
        }
        return segments.toString();
    }

    /** A translation's segments, "fault", or what was wrong with its answer: a success is the segment count. */
    private String segments(int r) {
        if (r < 0) {
            return "fault";
        }
        StringJoiner segments = new StringJoiner(" ");
        for (int i = 0; i < spans.count(); i++) {
            segments.add("0x" + Long.toHexString(spans.addr(i)) + "+0x" + Long.toHexString(spans.len(i)));
        }
        return r == spans.count() ? segments.toString() : segments + " (returned " + r + ")";
    }

    /** One entry of a translation table: [start, last] to addr, with a VHOST_ACCESS_* permission. */
    record Entry(long start, long last, long addr, int perm) {
        boolean holds(long iova) {
            return Long.compareUnsigned(iova, start) >= 0 && Long.compareUnsigned(iova, last) <= 0;
        }

        boolean overlaps(long from, long to) {
            return Long.compareUnsigned(from, last) <= 0 && Long.compareUnsigned(start, to) <= 0;
        }

        /** Bytes, saturated: an entry of 2^64 bytes does not fit a long. */
        long size() {
            long n = last - start + 1;
            return n <= 0 ? Long.MAX_VALUE : n;
        }

        String expected(long iova, Access access) {
            return access.allowedBy(perm) ? "0x" + Long.toHexString(addr + (iova - start)) : "fault";
        }

        @Override
        public String toString() {
            return entry(start, last - start + 1, addr, perm);
        }
    }

    /** The edge accesses whose translation is not what the table (or the 1:1 map) says. */
    private String disagreements(int asid, List<Entry> entries, List<Long> identityProbes, String identity) {
        StringBuilder wrong = new StringBuilder();
        List<Long> probes = new ArrayList<>(identityProbes);
        for (Entry e : entries) {
            probes.addAll(List.of(e.start(), e.last(), e.start() - 1, e.last() + 1));
        }
        if (entries.isEmpty() && identity == null) {
            probes.add(0L);
        }
        for (long iova : probes) {
            for (Access access : Access.values()) {
                String expected = identity != null ? identity : entries.stream().filter(e -> e.holds(iova))
                        .map(e -> e.expected(iova, access)).findFirst().orElse("fault");
                String got = dma(asid, iova, access);
                if (!got.equals(expected)) {
                    wrong.append(" but dma ").append(access.name().toLowerCase()).append(" at 0x")
                            .append(Long.toHexString(iova)).append(" -> ").append(got);
                }
            }
        }
        return wrong.toString();
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

    /** A one-byte translation: one segment, so a success returns 1. */
    private String answer(int r) {
        String a = r < 0 ? "fault" : iov.identity() ? "identity" : "0x" + Long.toHexString(iov.addr(0));
        return r < 0 || r == 1 && iov.count() == 1 ? a : a + " (returned " + r + ")";
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
