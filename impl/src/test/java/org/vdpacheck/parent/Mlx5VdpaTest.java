package org.vdpacheck.parent;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.client.VirtioVdpa;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mlx5_vdpa's memory regions per kernel version (kernel-semantics.md c3, C-6, C-7, C-8). */
class Mlx5VdpaTest {
    private static final long RAM = GuestMemory.SMALL.hva();
    private static final long MIB2 = 2L << 20;

    private Mlx5Vdpa mlx5;
    private VhostVdpaFd fd;

    private VhostVdpaFd open(KernelProfile profile, Mlx5Vdpa.Caps caps) {
        mlx5 = new Mlx5Vdpa(profile, caps);
        fd = VhostVdpaFd.open(VhostVdpa.bind(mlx5), GuestMemory.SMALL.newProcess("qemu"));
        assertEquals(0, fd.setOwner());
        // IOTLB_ASID acked, so the V2 asid field is read.
        assertEquals(0, fd.setBackendFeatures(VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_MSG_V2,
                VhostBackendFeature.IOTLB_ASID)));
        return fd;
    }

    private VhostVdpaFd open(KernelProfile profile) {
        return open(profile, Mlx5Vdpa.Caps.ALL);
    }

    private static DeviceMap table(long iova, long size, long uaddr) {
        VhostVdpaFd scratch = VhostVdpaFd.open(VhostVdpa.bind(new Vduse(KernelProfile.V6_7)),
                GuestMemory.SMALL.newProcess("scratch"));
        scratch.setOwner();
        scratch.iotlbUpdate(0, iova, size, uaddr, VhostAccess.RW);
        return new DeviceMap.Table(scratch.device().iotlb(0));
    }

    @Test
    @DisplayName("mlx5_vdpa_dev_add(): the 1:1 DMA MR on ASID 0 before any set_map")
    void dmaMrAtCreation() {
        open(KernelProfile.V6_6);
        assertEquals(DeviceMap.IDENTITY, mlx5.currentMap(0));
        assertTrue(mlx5.kernelDmaWorks());
    }

    @Test
    @DisplayName("v6.6 mlx5_vdpa_reset(): MRs destroyed, DMA MR recreated, so userspace's map is gone")
    void v66ResetDropsTheMap() {
        open(KernelProfile.V6_6);
        fd.iotlbUpdate(0, 0, MIB2, RAM, VhostAccess.RW);
        assertEquals(table(0, MIB2, RAM), mlx5.currentMap(0));
        assertEquals(0, fd.setStatus(0));
        assertEquals(DeviceMap.IDENTITY, mlx5.currentMap(0));
    }

    @Test
    @DisplayName("v6.6 set_map follows the groups: a map for the cvq's ASID leaves the data MR alone "
            + "(mlx5_vdpa_destroy_mr_asid in change_map)")
    void v66SetMapFollowsGroupBinding() {
        open(KernelProfile.V6_6);
        assertEquals(0, fd.setGroupAsid(Mlx5Vdpa.CVQ_GROUP, 1));
        fd.iotlbUpdate(1, 0x1000, 0x1000, RAM, VhostAccess.RW);
        assertEquals(DeviceMap.IDENTITY, mlx5.currentMap(0));
        assertEquals(table(0x1000, 0x1000, RAM), mlx5.currentMap(1));
    }

    @Test
    @DisplayName("set_map for an ASID no group is bound to: v6.6 builds nothing, v6.7 builds mr[asid]")
    void unboundAsid() {
        open(KernelProfile.V6_6);
        fd.iotlbUpdate(1, 0x1000, 0x1000, RAM, VhostAccess.RW);
        assertEquals(DeviceMap.EMPTY, mlx5.currentMap(1));
        open(KernelProfile.V6_7);
        fd.iotlbUpdate(1, 0x1000, 0x1000, RAM, VhostAccess.RW);
        assertEquals(table(0x1000, 0x1000, RAM), mlx5.currentMap(1));
    }

    @Test
    @DisplayName("C-8: set_map with an empty table leaves ASID 0 without any MR, even the DMA MR (v6.7)")
    void emptyTableDestroysDmaMr() {
        open(KernelProfile.V6_7);
        fd.iotlbUpdate(0, 0, MIB2, RAM, VhostAccess.RW);
        fd.iotlbInvalidate(0, 0, MIB2);
        assertEquals(DeviceMap.EMPTY, mlx5.currentMap(0));
        assertFalse(mlx5.kernelDmaWorks());
    }

    @Test
    @DisplayName("v6.7 mlx5_vdpa_reset_map() at release: DMA MR back on ASID 0, no MR on ASID 1")
    void resetMapAtRelease() {
        open(KernelProfile.V6_7);
        assertEquals(0, fd.setBackendFeatures(VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_ASID,
                VhostBackendFeature.IOTLB_PERSIST)));
        fd.iotlbUpdate(0, 0, MIB2, RAM, VhostAccess.RW);
        fd.iotlbUpdate(1, 0, MIB2, RAM, VhostAccess.RW);
        assertEquals(0, fd.setStatus(0));
        assertEquals(table(0, MIB2, RAM), mlx5.currentMap(0));
        fd.close();
        assertEquals(List.of(DeviceMap.IDENTITY, DeviceMap.EMPTY), List.of(mlx5.currentMap(0), mlx5.currentMap(1)));
    }

    @Test
    @DisplayName("RFC reset_map at release: the DMA MR is back, but the cvq iotlb keeps the released table, "
            + "so virtio-vdpa's control vq breaks")
    void rfcReleaseLeavesTheCvqIotlb() {
        open(KernelProfile.RFC);
        fd.iotlbUpdate(0, 0, MIB2, RAM, VhostAccess.RW);
        fd.close();
        assertEquals(DeviceMap.IDENTITY, mlx5.currentMap(0));
        // Bound away from the data group, the cvq shows its own iotlb: neither the reset nor reset_map touched it.
        assertEquals(0, mlx5.setGroupAsid(Mlx5Vdpa.CVQ_GROUP, 1));
        assertEquals(table(0, MIB2, RAM), mlx5.currentMap(1));
        assertEquals(-Errno.EIO, new VirtioVdpa(mlx5).probe());
    }

    @Test
    @DisplayName("RFC mlx5_vdpa_reset_mr(): ASID 0 only, so a data MR built through ASID 1 outlives release")
    void rfcResetMapIgnoresOtherAsids() {
        open(KernelProfile.RFC);
        assertEquals(0, fd.setGroupAsid(Mlx5Vdpa.DATAVQ_GROUP, 1));
        fd.iotlbUpdate(1, 0x1000, 0x1000, RAM, VhostAccess.RW);
        fd.close();
        // Release put every group back on ASID 0 and called reset_map(1) alone, which returned 0 untouched.
        assertEquals(new Translation.Mapped(RAM), mlx5.dma(0, 0x1000, Access.READ));
        assertFalse(mlx5.kernelDmaWorks());
        assertEquals(0, mlx5.resetMap(Mlx5Vdpa.NUM_AS), "no range check in the RFC");
        assertEquals(-Errno.EINVAL, new Mlx5Vdpa(KernelProfile.V6_7).resetMap(Mlx5Vdpa.NUM_AS));
    }

    @Test
    @DisplayName("C-7: three groups from v6.7 (descriptor group), two before; two address spaces throughout")
    void groupsAndAddressSpaces() {
        assertEquals(2, new Mlx5Vdpa(KernelProfile.V6_6).ngroups());
        assertEquals(2, new Mlx5Vdpa(KernelProfile.RFC).ngroups());
        assertEquals(3, new Mlx5Vdpa(KernelProfile.V6_7).ngroups());
        assertEquals(2, new Mlx5Vdpa(KernelProfile.V6_7).nas());
        // ngroups is 3 even when the desc-group op is disabled.
        assertEquals(3, new Mlx5Vdpa(KernelProfile.V6_7, new Mlx5Vdpa.Caps(false, true)).ngroups());
    }

    @Test
    @DisplayName("DESC_ASID is offered only with desc_group_mkey_supported (v6.7)")
    void descAsidNeedsTheCapability() {
        open(KernelProfile.V6_7);
        fd.getBackendFeatures();
        assertTrue(VhostBackendFeature.DESC_ASID.in(fd.value()));
        open(KernelProfile.V6_7, new Mlx5Vdpa.Caps(false, true));
        fd.getBackendFeatures();
        assertFalse(VhostBackendFeature.DESC_ASID.in(fd.value()));
        assertEquals(-Errno.EOPNOTSUPP, fd.setBackendFeatures(VhostBackendFeature.maskOf(
                VhostBackendFeature.IOTLB_ASID, VhostBackendFeature.DESC_ASID)));
    }

    @Test
    @DisplayName("C-6: .resume from 6.8 and only with freeze_to_rdy_supported")
    void resumeNeedsHardware() {
        open(KernelProfile.V6_7);
        fd.getBackendFeatures();
        assertFalse(VhostBackendFeature.RESUME.in(fd.value()));
        open(KernelProfile.NEWEST);
        fd.getBackendFeatures();
        assertTrue(VhostBackendFeature.RESUME.in(fd.value()));
        open(KernelProfile.NEWEST, new Mlx5Vdpa.Caps(true, false));
        fd.getBackendFeatures();
        assertFalse(VhostBackendFeature.RESUME.in(fd.value()));
        fd.setStatus(0xf);
        assertEquals(-Errno.EOPNOTSUPP, fd.resume());
    }
}
