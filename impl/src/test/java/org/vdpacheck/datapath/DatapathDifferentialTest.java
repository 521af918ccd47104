package org.vdpacheck.datapath;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.EPERM;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_PERSIST;

/**
 * The datapath against the reference under the real driver: random sequences of the events that
 * change what a device may reach (UPDATE, INVALIDATE, batches, SET_STATUS 0 with and without
 * IOTLB_PERSIST, SET_GROUP_ASID, release and reopen, suspend) on every parent under v6.6, v6.7
 * and newest. After every step every probe is translated three ways and must agree: the
 * reference (the parent's current map, through the vringh oracle, and its point DMA), the
 * uncached datapath per ASID, and each virtqueue's {@link DeviceIotlb}, which lives as long as
 * the device, so a cache entry that outlives its mapping fails the comparison.
 */
class DatapathDifferentialTest {
    private static final int EXAMPLES = MemoryRegionPropertyTest.EXAMPLES;
    private static final GuestMemory RAM = GuestMemory.SMALL;
    private static final long[] IOVAS = {0, 0x1000, 0x1ff000, 0x200000, 0x400000, 0x5ff000, -0x2000L};
    private static final long[] SIZES = {0x1000, 0x2000, 0x200000, 0x400000, 0x1001, 0x3000};
    private static final long[] UADDR_OFFSETS = {0, 0x1000, 0x200000, 0x400000, 0x7fe000, 0x5000};
    private static final int[] STATUSES = {0, 0x1, 0x3, 0xb, 0xf};
    private static final long[] BACKEND_FEATURES = {
        VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID),
        VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, IOTLB_PERSIST),
        VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_ASID, IOTLB_PERSIST),
    };
    /** Probes: IOVAs at and around the mapped ones, lengths within a page, across entries, and to the top. */
    private static final long[] PROBE_IOVAS = {0, 0xfff, 0x1000, 0x1ffffe, 0x200000, 0x3fffff, 0x400000, 0x5ff800,
        0x7ff000, -0x2000L};
    private static final long[] PROBE_LENS = {1, 0x1000, 0x2001, 0x200000};

    /** One step: what to do and four raw arguments it interprets. */
    record Op(int kind, int a, int b, int c, int d) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "release+open(features " + a % BACKEND_FEATURES.length + ")";
                case 1, 2 -> String.format("update(asid %d, 0x%x, 0x%x, +0x%x, perm %d)", a % 3, IOVAS[b], SIZES[c],
                        UADDR_OFFSETS[d], 1 + d % 3);
                case 3 -> String.format("invalidate(asid %d, 0x%x, 0x%x)", a % 3, IOVAS[b], SIZES[c]);
                case 4 -> "batch_begin(" + a % 3 + ")";
                case 5 -> "batch_end(" + a % 3 + ")";
                case 6 -> "set_status(0x" + Integer.toHexString(STATUSES[a % STATUSES.length]) + ")";
                case 7 -> "set_backend_features(" + a % BACKEND_FEATURES.length + ")";
                case 8 -> "set_group_asid(" + a % 3 + ", " + b % 2 + ")";
                default -> a % 2 == 0 ? "suspend" : "resume";
            };
        }
    }

    private static final int KINDS = 10;

    private static Gen<Op> op() {
        Gen<Integer> small = integers().between(0, 5);
        return integers().between(0, KINDS - 1).zip(small, small, small, (k, a, b, c) -> new Op(k, a, b, c, 0))
                .zip(small, (o, d) -> new Op(o.kind(), o.a(), o.b(), o.c(), d));
    }

    @Test
    @DisplayName("random event sequences: uncached and cached datapath translate as the reference, after every step")
    void datapathAgreesWithReference() {
        AtomicLong runs = new AtomicLong();
        qt().withFixedSeed(0x7d0a_5eedL).withExamples(EXAMPLES + 1).withShrinkCycles(300)
                .forAll(arbitrary().enumValues(ParentDriver.class), arbitrary().pick(KernelProfile.named()),
                        lists().of(op()).ofSizeBetween(1, 24))
                .checkAssert((driver, profile, ops) -> {
                    runs.incrementAndGet();
                    run(driver, profile, ops);
                });
        assertTrue(runs.get() >= EXAMPLES, () -> "only " + runs + " sequences ran");
    }

    private static void run(ParentDriver driver, KernelProfile profile, List<Op> ops) {
        ParentDevice parent = driver.create(profile);
        VhostVdpa dev = VhostVdpa.bind(parent);
        Mm qemu = RAM.newProcess("qemu");
        Datapath datapath = new Datapath(parent);
        List<DeviceIotlb> queues = new ArrayList<>();
        for (int vq = 0; vq < parent.nvqs(); vq++) {
            queues.add(datapath.vqIotlb(vq));
            queues.add(datapath.descIotlb(vq));
        }
        VhostVdpaFd fd = open(dev, qemu, 0);
        List<Op> done = new ArrayList<>();
        compare(parent, datapath, queues, 0, done);
        for (Op op : ops) {
            done.add(op);
            if (op.kind() == 0) {
                fd.close();
                compare(parent, datapath, queues, done.size(), done);
                fd = open(dev, qemu, op.a());
            } else {
                step(fd, op);
            }
            compare(parent, datapath, queues, done.size(), done);
        }
        fd.close();
        compare(parent, datapath, queues, done.size(), done);
    }

    private static VhostVdpaFd open(VhostVdpa dev, Mm mm, int features) {
        VhostVdpaFd fd = VhostVdpaFd.open(dev, mm);
        fd.setOwner();
        fd.getBackendFeatures();
        fd.setBackendFeatures(fd.value() & BACKEND_FEATURES[features % BACKEND_FEATURES.length]);
        return fd;
    }

    private static void step(VhostVdpaFd fd, Op op) {
        int asid = op.a() % 3;
        switch (op.kind()) {
            case 1, 2 -> fd.iotlbUpdate(asid, IOVAS[op.b()], SIZES[op.c()], RAM.hva() + UADDR_OFFSETS[op.d()],
                    1 + op.d() % 3);
            case 3 -> fd.iotlbInvalidate(asid, IOVAS[op.b()], SIZES[op.c()]);
            case 4 -> fd.batchBegin(asid);
            case 5 -> fd.batchEnd(asid);
            case 6 -> fd.setStatus(STATUSES[op.a() % STATUSES.length]);
            case 7 -> {
                fd.getBackendFeatures();
                fd.setBackendFeatures(fd.value() & BACKEND_FEATURES[op.a() % BACKEND_FEATURES.length]);
            }
            case 8 -> fd.setGroupAsid(op.a() % 3, op.b() % 2);
            default -> {
                if (op.a() % 2 == 0) {
                    fd.suspend();
                } else {
                    fd.resume();
                }
            }
        }
    }

    /**
     * Every probe, through each ASID uncached and through each queue's cache, against the
     * reference. The step number rotates which access and iov size each probe uses, so the cache
     * sees reads and writes of the same pages across steps.
     */
    private static void compare(ParentDevice parent, Datapath datapath, List<DeviceIotlb> queues, int stepNo,
            List<Op> done) {
        DeviceMap[] maps = new DeviceMap[parent.nas()];
        for (int asid = 0; asid < parent.nas(); asid++) {
            maps[asid] = parent.currentMap(asid);
        }
        Iov iov = new Iov(stepNo % 2 == 0 ? 2 : Iov.IOTLB_IOV_STRIDE);
        for (int p = 0; p < PROBE_IOVAS.length * PROBE_LENS.length; p++) {
            long iova = PROBE_IOVAS[p % PROBE_IOVAS.length];
            long len = PROBE_LENS[p / PROBE_IOVAS.length];
            Access access = (p + stepNo) % 2 == 0 ? Access.READ : Access.WRITE;
            for (int asid = 0; asid < parent.nas(); asid++) {
                ReferenceTranslation.Result want = expected(maps[asid], iova, len, access, iov);
                ReferenceTranslation.Result got = ReferenceTranslation.Result.of(
                        datapath.translate(asid, iova, len, access, iov), iov);
                assertAgree(want, got, "ASID " + asid, iova, len, access, maps[asid], done);
            }
            for (DeviceIotlb q : queues) {
                int asid = parent.groupAsid(q.group());
                ReferenceTranslation.Result want = expected(maps[asid], iova, len, access, iov);
                ReferenceTranslation.Result got = ReferenceTranslation.Result.of(q.translate(iova, len, access, iov),
                        iov);
                assertAgree(want, got, "group " + q.group() + " (ASID " + asid + ") cached", iova, len, access,
                        maps[asid], done);
            }
        }
    }

    /**
     * The oracle's answer, checked against the point reference at its first byte (what
     * VdpaDevice.dma() answers: the same current map's translate()).
     */
    private static ReferenceTranslation.Result expected(DeviceMap map, long iova, long len, Access access, Iov iov) {
        ReferenceTranslation.Result r = ReferenceTranslation.translate(map, iova, len, access, iov.capacity());
        Translation point = map.translate(iova, access);
        boolean same;
        if (len == 0 || Long.compareUnsigned(len - 1, -1L - iova) > 0) {
            same = r.ret() == (len == 0 ? 0 : -EINVAL);
        } else if (r.segments().isEmpty()) {
            same = point.equals(r.ret() == -EPERM ? Translation.PERMISSION : Translation.NO_MAPPING);
        } else {
            long addr = r.segments().get(0).get(0);
            same = point instanceof Translation.Mapped m ? m.addr() == addr && !r.identity()
                    : point instanceof Translation.Identity i && i.pa() == addr && r.identity();
        }
        if (!same) {
            fail("oracle and VdpaDevice.dma disagree at " + Long.toHexString(iova) + ": " + r + " vs " + point);
        }
        return r;
    }

    private static void assertAgree(ReferenceTranslation.Result want, ReferenceTranslation.Result got, String where,
            long iova, long len, Access access, DeviceMap map, List<Op> done) {
        assertEquals(want, got, () -> String.format("%s: translate(0x%x, 0x%x, %s) over %s after %s", where, iova, len,
                access, map, done));
    }
}
