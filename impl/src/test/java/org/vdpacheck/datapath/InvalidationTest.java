package org.vdpacheck.datapath;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_PERSIST;

/**
 * One test per event that changes what a device may reach: a translation cached before it must
 * not survive it. Each test fills the virtqueue caches, applies the event through the real
 * driver, and requires every cache to answer as the reference does afterwards, and differently
 * from before where the event took the mapping away. A stale entry here would be the device
 * reaching memory it no longer may.
 */
class InvalidationTest {
    private static final GuestMemory RAM = GuestMemory.SMALL;
    private static final long IOVA = 0x1000;
    private static final long SIZE = 0x1000;
    private static final long UADDR_A = RAM.hva() + 0x3000;
    private static final long UADDR_B = RAM.hva() + 0x5000;
    /** An IOVA no test maps: only the 1:1 map reaches it. */
    private static final long UNMAPPED = 0x10_0000;

    /** A device with vhost-vdpa open by QEMU, its datapath, and the caches of rx (group 0) and cvq (group 1). */
    private static final class Rig {
        final ParentDevice parent;
        final VhostVdpa dev;
        final VhostVdpaFd fd;
        final Datapath datapath;
        final DeviceIotlb rx;
        final DeviceIotlb cvq;
        final Iov iov = new Iov(Iov.IOTLB_IOV_STRIDE);

        Rig(ParentDriver driver, KernelProfile profile, boolean persist) {
            parent = driver.create(profile);
            dev = VhostVdpa.bind(parent);
            fd = VhostVdpaFd.open(dev, RAM.newProcess("qemu"));
            assertEquals(0, fd.setOwner());
            fd.getBackendFeatures();
            long want = VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID)
                    | (persist ? IOTLB_PERSIST.mask() : 0);
            assertEquals(0, fd.setBackendFeatures(fd.value() & want));
            datapath = new Datapath(parent);
            rx = datapath.vqIotlb(0);
            cvq = datapath.vqIotlb(2);
        }

        void map(int asid, long uaddr) {
            assertTrue(fd.iotlbUpdate(asid, IOVA, SIZE, uaddr, VhostAccess.RW) > 0, "UPDATE");
        }

        /** The cached translation of one byte, checked against the reference. */
        ReferenceTranslation.Result translate(DeviceIotlb q, long iova) {
            ReferenceTranslation.Result got = ReferenceTranslation.Result.of(q.translate(iova, 1, Access.READ, iov), iov);
            ReferenceTranslation.Result want = ReferenceTranslation.translate(parent.currentMap(parent.groupAsid(q.group())),
                    iova, 1, Access.READ, iov.capacity());
            assertEquals(want, got, () -> parent.name() + " " + parent.profile() + " group " + q.group());
            return got;
        }

        /** Caches IOVA through rx and asserts it reaches {@code uaddr}. */
        ReferenceTranslation.Result cached(long uaddr) {
            ReferenceTranslation.Result r = translate(rx, IOVA);
            assertEquals(uaddr, r.segments().get(0).get(0));
            translate(rx, IOVA);
            assertTrue(rx.hits() > 0, "the second translation is a cache hit");
            return r;
        }
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("IOTLB UPDATE: the first map replaces the 1:1 map a cached translation went through")
    void updateDropsIdentity(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.V6_7, false);
        assertTrue(r.translate(r.rx, UNMAPPED).identity());
        r.translate(r.rx, UNMAPPED);
        r.map(0, UADDR_A);
        assertEquals(-EINVAL, r.translate(r.rx, UNMAPPED).ret());
        assertEquals(UADDR_A, r.translate(r.rx, IOVA).segments().get(0).get(0));
    }

    @ParameterizedTest
    @EnumSource(ParentDriver.class)
    @DisplayName("IOTLB UPDATE: a new mapping is seen where a fault was answered before")
    void updateIsSeen(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.V6_7, false);
        r.map(0, UADDR_A);
        assertEquals(-EINVAL, r.translate(r.rx, 0x8000).ret());
        assertTrue(r.fd.iotlbUpdate(0, 0x8000, SIZE, UADDR_B, VhostAccess.RW) > 0);
        assertEquals(UADDR_B, r.translate(r.rx, 0x8000).segments().get(0).get(0));
    }

    @ParameterizedTest
    @EnumSource(ParentDriver.class)
    @DisplayName("IOTLB INVALIDATE: the cached entry goes (dma_unmap, set_map, iommu_unmap)")
    void invalidate(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.V6_7, false);
        r.map(0, UADDR_A);
        r.cached(UADDR_A);
        r.fd.iotlbInvalidate(0, IOVA, SIZE);
        assertEquals(-EINVAL, r.translate(r.rx, IOVA).ret());
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "MLX5_VDPA", "VDUSE"})
    @DisplayName("BATCH_END: a set_map parent keeps the old table during the batch and drops it at the end")
    void batchEnd(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.V6_7, false);
        r.map(0, UADDR_A);
        r.cached(UADDR_A);
        r.fd.batchBegin(0);
        r.fd.iotlbInvalidate(0, IOVA, SIZE);
        assertEquals(UADDR_A, r.translate(r.rx, IOVA).segments().get(0).get(0), "set_map waits for BATCH_END");
        r.fd.batchEnd(0);
        assertEquals(-EINVAL, r.translate(r.rx, IOVA).ret());
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("reset before v6.7: .reset rewrites the maps to 1:1")
    void resetV66(ParentDriver driver) {
        resetCleans(new Rig(driver, KernelProfile.V6_6, false));
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("reset without IOTLB_PERSIST (v6.7): compat_reset(CLEAN_MAP) rewrites the maps to 1:1")
    void compatResetCleanMap(ParentDriver driver) {
        resetCleans(new Rig(driver, KernelProfile.V6_7, false));
    }

    private static void resetCleans(Rig r) {
        r.map(0, UADDR_A);
        r.cached(UADDR_A);
        r.fd.setStatus(0);
        ReferenceTranslation.Result after = r.translate(r.rx, IOVA);
        assertTrue(after.identity(), "back on the 1:1 map");
        assertNotEquals(UADDR_A, after.segments().get(0).get(0));
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("reset with IOTLB_PERSIST: the maps stay, but every group is back on ASID 0")
    void resetWithPersist(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.NEWEST, true);
        r.map(0, UADDR_A);
        r.map(1, UADDR_B);
        assertEquals(0, r.fd.setGroupAsid(0, 1));
        r.cached(UADDR_B);
        r.fd.setStatus(0);
        assertEquals(UADDR_A, r.translate(r.rx, IOVA).segments().get(0).get(0));
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("reset_map at release (v6.7, PERSIST acked so the reset kept the maps): every ASID back to its default")
    void resetMapAtRelease(ParentDriver driver) {
        Rig r = new Rig(driver, KernelProfile.V6_7, true);
        r.map(0, UADDR_A);
        r.map(1, UADDR_B);
        assertEquals(0, r.fd.setGroupAsid(1, 1));
        r.cached(UADDR_A);
        assertEquals(UADDR_B, r.translate(r.cvq, IOVA).segments().get(0).get(0));
        r.fd.close();
        assertTrue(r.translate(r.rx, IOVA).identity());
        // cvq's group is back on ASID 0 too, whose default is 1:1 everywhere.
        assertNotEquals(UADDR_B, r.translate(r.cvq, IOVA).segments().get(0).get(0));
    }

    @Test
    @DisplayName("reset_map of an ASID nothing is bound to: mlx5's ASID 1 loses its MR")
    void resetMapLeavesMlx5Asid1Empty() {
        Rig r = new Rig(ParentDriver.MLX5_VDPA, KernelProfile.V6_7, true);
        r.map(1, UADDR_B);
        Iov iov = new Iov(1);
        assertEquals(1, r.datapath.translate(1, IOVA, 1, Access.READ, iov));
        r.fd.close();
        assertEquals(-EINVAL, r.datapath.translate(1, IOVA, 1, Access.READ, iov));
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "MLX5_VDPA"})
    @DisplayName("SET_GROUP_ASID: the queue now translates through the other address space (v6.6 and v6.7)")
    void setGroupAsid(ParentDriver driver) {
        for (KernelProfile profile : KernelProfile.named()) {
            Rig r = new Rig(driver, profile, false);
            r.map(0, UADDR_A);
            r.map(1, UADDR_B);
            r.cached(UADDR_A);
            assertEquals(0, r.fd.setGroupAsid(0, 1));
            // mlx5 before v6.7 (and the RFC, written on v6.6's MRs) has one data MR, built by the set_map
            // of whichever ASID the data group was on (ASID 0 here): ASID 1's set_map built nothing, and
            // the rebind moves the MR along.
            // 6.1's mlx5 has the same single mvdev->mr (61:core/mr.c).
            boolean oneDataMr = driver == ParentDriver.MLX5_VDPA
                    && (profile == KernelProfile.V6_1 || profile == KernelProfile.V6_6 || profile == KernelProfile.RFC);
            assertEquals(oneDataMr ? UADDR_A : UADDR_B, r.translate(r.rx, IOVA).segments().get(0).get(0),
                    profile.name());
            assertEquals(0, r.fd.setGroupAsid(0, 0));
            assertEquals(UADDR_A, r.translate(r.rx, IOVA).segments().get(0).get(0), profile.name());
        }
    }

    @ParameterizedTest
    @EnumSource(ParentDriver.class)
    @DisplayName("release: nothing cached survives (dma_unmap, reset, domain detach), except what VDUSE itself keeps")
    void release(ParentDriver driver) {
        for (KernelProfile profile : KernelProfile.named()) {
            Rig r = new Rig(driver, profile, false);
            r.map(0, UADDR_A);
            r.cached(UADDR_A);
            r.fd.close();
            ReferenceTranslation.Result after = r.translate(r.rx, IOVA);
            if (driver == ParentDriver.VDUSE) {
                // The kernel's own exception (kernel-semantics.md (f) 6, VduseReleaseTest): no reset_map,
                // and cleanup sends a set_map parent nothing, so the domain keeps the last table.
                assertEquals(UADDR_A, after.segments().get(0).get(0));
            } else {
                assertTrue(after.segments().isEmpty() || after.segments().get(0).get(0) != UADDR_A,
                        () -> driver + " " + profile + " still reaches the released process: " + after);
            }
        }
    }

    @Test
    @DisplayName("platform parent: the domain's attach at open and detach at release reach the cache")
    void platformAttachDetach() {
        Rig r = new Rig(ParentDriver.PLATFORM, KernelProfile.V6_7, false);
        r.map(0, UADDR_A);
        r.cached(UADDR_A);
        r.fd.close();
        assertEquals(-EINVAL, r.translate(r.rx, IOVA).ret(), "default domain");
        VhostVdpaFd again = VhostVdpaFd.open(r.dev, RAM.newProcess("qemu"));
        assertEquals(-EINVAL, r.translate(r.rx, IOVA).ret(), "a fresh, empty domain");
        again.close();
    }

    @Test
    @DisplayName("exactly what it must: a change to ASID 1 leaves the cache of a queue on ASID 0 alone")
    void otherAsidKeepsCache() {
        Rig r = new Rig(ParentDriver.VDPA_SIM, KernelProfile.V6_7, false);
        r.map(0, UADDR_A);
        r.cached(UADDR_A);
        long hits = r.rx.hits();
        r.map(1, UADDR_B);
        r.fd.iotlbInvalidate(1, IOVA, SIZE);
        r.translate(r.rx, IOVA);
        assertEquals(hits + 1, r.rx.hits());
    }
}
