package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.kernel.KernelProfile.RFC;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.MLX5_VDPA;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.MSG_SIZE;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.PERSIST;
import static org.vdpacheck.vhost.Fixture.RAM;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.iommu.DmaDevice;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.parent.Ifcvf;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;

/** open(2) and release(2) of /dev/vhost-vdpa-N: kernel-semantics.md (b7), (b8), d2 open/release, d3.4. */
class OpenReleaseTest {
    static final long IOVA = 0x100000;
    static final long SIZE = 0x10000;

    enum After { IDENTITY, EMPTY, USER_MAP_KEPT, FAULT }

    static Stream<Arguments> releaseCases() {
        return Stream.of(
                // v6.6: release resets (vdpa_sim .reset -> 1:1); set_map parent gets no call in cleanup.
                Arguments.of(VDPA_SIM, V6_6, false, After.IDENTITY),
                // v6.7: CLEAN_MAP reset iff no PERSIST, then reset_map(asid) unconditionally (1d0f874bfe78).
                Arguments.of(VDPA_SIM, V6_7, false, After.IDENTITY),
                Arguments.of(VDPA_SIM, V6_7, true, After.IDENTITY),
                // vdpa_sim batch_mapping=0 on v6.6: reset -> 1:1, then cleanup's dma_unmap wipes it: EMPTY (d).
                Arguments.of(VDPA_SIM_DMA_MAP, V6_6, false, After.EMPTY),
                // ... on v6.7 reset_map restores 1:1 after the dma_unmaps.
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, false, After.IDENTITY),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, true, After.IDENTITY),
                // VDUSE: no reset_map; the last set_map snapshot stays in the domain (d3.4).
                Arguments.of(VDUSE, V6_6, false, After.USER_MAP_KEPT),
                Arguments.of(VDUSE, V6_7, false, After.USER_MAP_KEPT),
                // Platform: the domain is detached and freed; userspace IOVAs no longer translate.
                Arguments.of(PLATFORM, V6_6, false, After.FAULT),
                Arguments.of(PLATFORM, V6_7, true, After.FAULT),
                // RFC: mlx5's reset keeps the MR, then reset_map(0) (RFC 3/4 at release, RFC 2/4 in mlx5)
                // puts the DMA MR back, PERSIST or not.
                Arguments.of(MLX5_VDPA, RFC, false, After.IDENTITY),
                Arguments.of(MLX5_VDPA, RFC, true, After.IDENTITY),
                // vdpa_sim has no reset_map in the RFC: release is v6.6's, EMPTY included for dma_map.
                Arguments.of(VDPA_SIM, RFC, false, After.IDENTITY),
                Arguments.of(VDPA_SIM_DMA_MAP, RFC, false, After.EMPTY),
                Arguments.of(VDUSE, RFC, false, After.USER_MAP_KEPT),
                Arguments.of(PLATFORM, RFC, true, After.FAULT));
    }

    @ParameterizedTest(name = "{0} {1} persist={2} -> {3}")
    @MethodSource("releaseCases")
    @DisplayName("vhost_vdpa_release -> vhost_vdpa_cleanup/remove_as: device map after close (v6.6 vs v6.7, b8)")
    void deviceMapAfterRelease(ParentDriver driver, KernelProfile profile, boolean persist, After after) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | (persist ? PERSIST : 0));
        f.map(0, IOVA, SIZE, 0);
        f.driverOk();
        assertEquals(0, f.fd.close());
        assertFalse(f.state().open());
        switch (after) {
            case IDENTITY -> assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(0));
            case EMPTY -> assertEquals(DeviceMap.EMPTY, f.parent.currentMap(0));
            case USER_MAP_KEPT -> assertEquals(new Translation.Mapped(RAM + 4),
                    f.parent.dma(0, IOVA + 4, Access.WRITE));
            case FAULT -> assertTrue(f.parent.dma(0, IOVA + 4, Access.WRITE).isFault());
        }
        assertEquals(0, f.parent.getStatus(), "release resets the device");
    }

    @Test
    @DisplayName("vhost_vdpa_release: reset_map only for ASIDs with an AS; ASID 1 mapped too -> both 1:1 (v6.7, b8 4.1.3)")
    void releaseResetsEveryTouchedAsid() {
        Fixture f = Fixture.owned(VDPA_SIM_DMA_MAP, V6_7, MSG_V2 | ASID | PERSIST);
        f.map(0, IOVA, SIZE, 0);
        f.map(1, IOVA, SIZE, SIZE);
        assertEquals(0, f.fd.close());
        assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(0));
        assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "VDUSE", "PLATFORM"})
    @DisplayName("vhost_vdpa_open: exclusive, a second open -> -EBUSY and nothing changes (every version, b7 step 1)")
    void secondOpenIsBusy(ParentDriver driver) {
        Fixture f = Fixture.owned(driver, V6_7);
        f.map(0, IOVA, SIZE, 0);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EBUSY, f.dev.open());
        assertNull(VhostVdpaFd.open(f.dev, Fixture.qemuMm()));
        assertEquals(before, f.state());
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, IOVA, SIZE), "the first fd still works");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("reopenCases")
    @DisplayName("vhost_vdpa_open after release: no AS, acks 0, status 0, in_batch 0, new owner allowed (b7, d1)")
    void reopenStartsClean(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | ASID);
        f.map(0, IOVA, SIZE, 0);
        assertEquals(MSG_SIZE, f.fd.batchBegin(0));
        f.driverOk();
        assertEquals(0, f.fd.close());

        Mm other = Fixture.qemuMm();
        VhostVdpaFd fd2 = VhostVdpaFd.open(f.dev, other);
        assertNotNull(fd2);
        VhostVdpaState s = f.state();
        assertTrue(s.open());
        assertEquals(0, s.ackedBackendFeatures());
        assertEquals(0, s.status());
        assertFalse(s.inBatch());
        assertTrue(s.vhostIotlb().isEmpty());
        assertNull(f.dev.iotlb(0));
        assertEquals(0, fd2.setOwner(), "the owner was dropped at release");
        assertEquals(MSG_SIZE, fd2.iotlbUpdate(0, IOVA, SIZE, RAM, Fixture.RW), "no -EEXIST from the old session");
    }

    static Stream<Arguments> reopenCases() {
        return Stream.of(Arguments.of(VDPA_SIM, V6_6), Arguments.of(VDPA_SIM, V6_7),
                Arguments.of(VDUSE, V6_7), Arguments.of(PLATFORM, V6_7));
    }

    @Test
    @DisplayName("vhost_vdpa_alloc_domain: a new empty domain at every open; mappings gone after re-open (ifcvf, every version)")
    void platformDomainPerOpen() {
        Fixture f = Fixture.owned(PLATFORM, V6_7);
        f.map(0, IOVA, SIZE, 0);
        assertEquals(0, f.fd.close());
        VhostVdpaFd fd2 = VhostVdpaFd.open(f.dev, Fixture.qemuMm());
        assertNotNull(fd2);
        assertEquals(DeviceMap.EMPTY, f.parent.currentMap(0));
        assertTrue(f.parent.dma(0, IOVA, Access.READ).isFault());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    @DisplayName("vhost_vdpa_alloc_domain: non-coherent platform IOMMU -> open fails -ENOTSUPP, device stays closed (b0)")
    void nonCoherentPlatformOpenFails(KernelProfile profile) {
        Ifcvf parent = new Ifcvf(profile, new DmaDevice(false));
        VhostVdpa dev = VhostVdpa.bind(parent);
        assertEquals(-Errno.ENOTSUPP, dev.open());
        assertFalse(dev.isOpen());
        assertFalse(dev.state().open());
        assertEquals(-Errno.ENOTSUPP, dev.open(), "opened was reset, so the open is retried, not -EBUSY");
    }

    static Stream<KernelProfile> profiles() {
        return Stream.of(V6_6, V6_7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    @DisplayName("vhost_vdpa_open: device reset at open brings back status 0 and group->ASID 0 (v6.6, v6.7, b7)")
    void openResetsDevice(KernelProfile profile) {
        var parent = VDPA_SIM.create(profile);
        parent.setStatus(Fixture.ACKNOWLEDGE | Fixture.DRIVER);
        parent.setGroupAsid(1, 1);
        VhostVdpa dev = VhostVdpa.bind(parent);
        assertNotNull(VhostVdpaFd.open(dev, Fixture.qemuMm()));
        assertEquals(0, parent.getStatus());
        assertEquals(0, parent.groupAsid(1));
    }
}
