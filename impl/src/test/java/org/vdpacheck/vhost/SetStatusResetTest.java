package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.kernel.KernelProfile.RFC;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.MLX5_VDPA;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ACKNOWLEDGE;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.BATCH;
import static org.vdpacheck.vhost.Fixture.DRIVER;
import static org.vdpacheck.vhost.Fixture.MSG_SIZE;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.PERSIST;
import static org.vdpacheck.vhost.Fixture.RAM;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;

/** VHOST_VDPA_SET_STATUS and the device reset, kernel-semantics.md (b2), (c3), d2, d3.1-d3.3, d3.5. */
class SetStatusResetTest {
    static final long IOVA = 0x100000;
    static final long SIZE = 0x10000;

    static Stream<Arguments> resetCases() {
        return Stream.of(
                // vdpa_sim v6.6: .reset rewrites every iommu[] to 1:1.
                Arguments.of(VDPA_SIM, V6_6, false, true),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_6, false, true),
                // vdpa_sim v6.7: compat_reset(CLEAN_MAP) iff PERSIST not acked.
                Arguments.of(VDPA_SIM, V6_7, false, true),
                Arguments.of(VDPA_SIM, V6_7, true, false),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, false, true),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, true, false),
                // VDUSE and platform parents never touch mappings on reset (TL;DR 4).
                Arguments.of(VDUSE, V6_6, false, false),
                Arguments.of(VDUSE, V6_7, false, false),
                Arguments.of(PLATFORM, V6_6, false, false),
                Arguments.of(PLATFORM, V6_7, false, false),
                Arguments.of(PLATFORM, V6_7, true, false),
                // mlx5: v6.6 .reset destroys the MRs and recreates the DMA MR; v6.7 only without PERSIST.
                Arguments.of(MLX5_VDPA, V6_6, false, true),
                Arguments.of(MLX5_VDPA, V6_7, false, true),
                Arguments.of(MLX5_VDPA, V6_7, true, false),
                // RFC 2/4 drops the cleaning from .reset with no compat path: old userspace, which never
                // acks PERSIST, now keeps the MR across reset where v6.6 gave it the 1:1 DMA MR back.
                Arguments.of(MLX5_VDPA, RFC, false, false),
                Arguments.of(MLX5_VDPA, RFC, true, false),
                // vdpa_sim got no reset_map in the RFC: PERSIST cannot be acked and every reset cleans.
                Arguments.of(VDPA_SIM, RFC, false, true),
                Arguments.of(VDPA_SIM_DMA_MAP, RFC, false, true),
                Arguments.of(VDUSE, RFC, false, false),
                Arguments.of(PLATFORM, RFC, true, false));
    }

    @ParameterizedTest(name = "{0} {1} persist={2} -> identity={3}")
    @MethodSource("resetCases")
    @DisplayName("vhost_vdpa_set_status(0) / _compat_vdpa_reset: device map after reset (v6.6 vs v6.7, c3, d2)")
    void deviceMapAfterReset(ParentDriver driver, KernelProfile profile, boolean persist, boolean identity) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | (persist ? PERSIST : 0));
        f.map(0, IOVA, SIZE, 0);
        f.driverOk();
        DeviceMap mapped = f.parent.currentMap(0);
        assertEquals(new Translation.Mapped(RAM + 0x10), f.parent.dma(0, IOVA + 0x10, Access.WRITE));

        assertEquals(0, f.fd.setStatus(0));

        if (identity) {
            assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(0));
            assertInstanceOf(Translation.Identity.class, f.parent.dma(0, IOVA + 0x10, Access.WRITE));
        } else {
            assertEquals(mapped, f.parent.currentMap(0));
            assertEquals(new Translation.Mapped(RAM + 0x10), f.parent.dma(0, IOVA + 0x10, Access.WRITE));
        }
        assertEquals(0, f.parent.getStatus());
    }

    @ParameterizedTest(name = "{0} {1} persist={2}")
    @MethodSource("resetCases")
    @DisplayName("vhost_vdpa_set_status(0): vhost-side IOTLB never changed by reset (every version, d3.1)")
    void vhostIotlbSurvivesReset(ParentDriver driver, KernelProfile profile, boolean persist, boolean ignored) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | (persist ? PERSIST : 0));
        f.map(0, IOVA, SIZE, 0);
        f.driverOk();
        var before = f.state().vhostIotlb();
        assertEquals(0, f.fd.setStatus(0));
        assertEquals(before, f.state().vhostIotlb());
        // ... so re-UPDATE of the same range without INVALIDATE is -EEXIST, seen as -EFAULT.
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, IOVA, SIZE, RAM, Fixture.RW));
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, IOVA, SIZE));
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(0, IOVA, SIZE, RAM, Fixture.RW));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP"})
    @DisplayName("_compat_vdpa_reset reads PERSIST at each reset: ack then drop it -> next reset cleans (v6.7, d3.5)")
    void persistToggledMidSession(ParentDriver driver) {
        Fixture f = Fixture.owned(driver, V6_7, MSG_V2 | PERSIST);
        f.map(0, IOVA, SIZE, 0);
        DeviceMap mapped = f.parent.currentMap(0);
        assertEquals(0, f.fd.setStatus(0));
        assertEquals(mapped, f.parent.currentMap(0), "PERSIST acked: kept");
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2));
        assertEquals(0, f.fd.setStatus(0));
        assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(0), "PERSIST dropped: CLEAN_MAP");
    }

    static Stream<KernelProfile> profiles() {
        return Stream.of(V6_6, V6_7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    @DisplayName("vdpasim_do_reset: every group back to ASID 0, even with PERSIST (v6.6, v6.7, b5)")
    void resetRebindsGroups(KernelProfile profile) {
        long persist = profile == V6_7 ? PERSIST : 0;
        Fixture f = Fixture.owned(VDPA_SIM, profile, MSG_V2 | ASID | persist);
        assertEquals(0, f.fd.setGroupAsid(1, 1));
        assertEquals(List.of(0, 1), f.state().groupAsid());
        assertEquals(0, f.fd.setStatus(0));
        assertEquals(List.of(0, 0), f.state().groupAsid());
    }

    @Test
    @DisplayName("vhost_vdpa_set_status(0) leaves in_batch set: updates stay deferred on set_map parents (v6.7, d)")
    void inBatchSurvivesReset() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7, MSG_V2 | BATCH);
        assertEquals(MSG_SIZE, f.fd.batchBegin(0));
        assertEquals(0, f.fd.setStatus(0));
        assertTrue(f.state().inBatch());
        f.map(0, IOVA, SIZE, 0);
        assertEquals(DeviceMap.IDENTITY, f.parent.currentMap(0), "set_map still deferred");
        assertEquals(MSG_SIZE, f.fd.batchEnd(0));
        assertEquals(new Translation.Mapped(RAM), f.parent.dma(0, IOVA, Access.WRITE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    @DisplayName("vhost_vdpa_set_status: a non-zero status that clears a bit -> -EINVAL, nothing changes (b2 step 1)")
    void clearingABitIsRefused(KernelProfile profile) {
        Fixture f = Fixture.owned(VDPA_SIM, profile);
        assertEquals(0, f.fd.setStatus(ACKNOWLEDGE | DRIVER));
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EINVAL, f.fd.setStatus(ACKNOWLEDGE));
        assertEquals(-Errno.EINVAL, f.fd.setStatus(0x80 | ACKNOWLEDGE)); // FAILED added, DRIVER removed
        assertEquals(before, f.state());
        assertEquals(0, f.fd.setStatus(ACKNOWLEDGE | DRIVER), "same status again removes nothing");
        assertEquals(0, f.fd.setStatus(0), "0 may always be written");
        assertEquals(0, f.parent.getStatus());
    }

    @Test
    @DisplayName("vhost_vdpa_set_status: no owner check (C-15), works on a fresh fd (v6.7)")
    void setStatusNeedsNoOwner() {
        Fixture f = Fixture.open(PLATFORM, V6_7);
        assertEquals(0, f.fd.setStatus(ACKNOWLEDGE));
        assertEquals(ACKNOWLEDGE, f.parent.getStatus());
        assertEquals(0, f.fd.setStatus(0));
    }

    static Stream<KernelProfile> simCreationProfiles() {
        return Stream.of(V6_6, RFC, V6_7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simCreationProfiles")
    @DisplayName("vdpasim_create: v6.6 (and the RFC) device starts EMPTY until the first reset, v6.7 starts 1:1 (c3)")
    void simInitialMap(KernelProfile profile) {
        var parent = VDPA_SIM.create(profile);
        assertEquals(profile == V6_7 ? DeviceMap.IDENTITY : DeviceMap.EMPTY, parent.currentMap(0));
        // The reset at open brings v6.6 to 1:1 as well (d2 "open").
        var f = org.vdpacheck.client.VhostVdpaFd.open(VhostVdpa.bind(parent), Fixture.qemuMm());
        assertEquals(DeviceMap.IDENTITY, parent.currentMap(0));
        assertEquals(DeviceMap.IDENTITY, parent.currentMap(1));
        f.close();
    }
}
